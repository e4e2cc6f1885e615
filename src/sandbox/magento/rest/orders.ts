import { Hono } from 'hono';
import type { Creditmemo, MagentoStore, Order, Shipment } from '../store/index.js';
import { noSuchEntity } from '../store/errors.js';
import { bool, intParam, num, readJson, readOptionalJson, requireObject, str, type RestEnv } from './http.js';
import { magentoTime } from './format.js';
import { orderField, renderOrder } from './render-order.js';
import { searchEntities } from './entity-search.js';
import { echoCriteria, parseSearchCriteria, searchRecords, type FieldValue } from './search-criteria.js';

type Json = Record<string, unknown>;

/** Orders, comments, cancel/hold, invoices and shipments with tracks. */
export function orderRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const { orders } = store;

  app.get('/orders', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const source = {
      count: orders.count,
      maxId: orders.maxId,
      isContiguous: orders.isContiguous,
      generatedUntilMs: orders.generatedUntilMs,
      get: (id: number) => orders.get(id),
      iterate: () => orders.iterate(),
      written: () => orders.written(),
      lookup: (field: string, values: string[]) => {
        if (field === 'entity_id') return values.flatMap((v) => orders.get(Number(v)) ?? []);
        if (field === 'increment_id') return values.flatMap((v) => orders.getByIncrementId(v) ?? []);
        return undefined;
      },
    };
    const { items, total } = searchEntities(source, criteria, orderField, (o) => o.entityId, true);
    return c.json({ items: items.map((o) => renderOrder(store, o)), search_criteria: echoCriteria(criteria), total_count: total });
  });

  app.get('/orders/:id', (c) => c.json(renderOrder(store, orders.require(intParam(c.req.param('id'))))));

  // The order repository's save (`salesOrderRepositoryV1SavePost`): with an existing `entity_id` it
  // writes the fields given. Integrations change a status this way where a comment no longer can (2.4.7+).
  app.post('/orders', async (c) => {
    const entity = requireObject(await readJson(c), 'entity');
    const id = num(entity.entity_id);
    // Without an entity id the repository writes a new order as given (repository-order.ts).
    if (id === undefined) return c.json(renderOrder(store, await store.saveNewOrder(entity)));
    const saved = await orders.save(id, { status: str(entity.status), state: str(entity.state) });
    return c.json(renderOrder(store, saved));
  });

  app.post('/orders/:id/comments', async (c) => {
    const history = requireObject(await readJson(c), 'statusHistory');
    const comment = str(history.comment) ?? '';
    return c.json(
      await orders.addComment(intParam(c.req.param('id')), {
        comment,
        status: str(history.status),
        isCustomerNotified: bool(history.is_customer_notified),
        isVisibleOnFront: bool(history.is_visible_on_front),
      }),
    );
  });

  app.post('/orders/:id/cancel', async (c) => c.json(await orders.cancel(intParam(c.req.param('id')))));
  app.post('/orders/:id/hold', async (c) => c.json(await orders.hold(intParam(c.req.param('id')))));
  app.post('/orders/:id/unhold', async (c) => c.json(await orders.unhold(intParam(c.req.param('id')))));

  app.post('/order/:id/invoice', async (c) => {
    const body = await readOptionalJson(c);
    return c.json(await orders.invoice(intParam(c.req.param('id')), bool(body.capture) ?? false));
  });

  // Offline refund (`salesRefundOrderV1ExecutePost`): answers the credit memo id.
  app.post('/order/:id/refund', async (c) => {
    const body = await readOptionalJson(c);
    const items = Array.isArray(body.items) ? (body.items as Json[]) : [];
    const args = body.arguments && typeof body.arguments === 'object' ? (body.arguments as Json) : {};
    const comment = body.comment && typeof body.comment === 'object' ? str((body.comment as Json).comment) : undefined;
    return c.json(await store.refund(intParam(c.req.param('id')), {
      items: items.map((i) => ({ orderItemId: Number(i.order_item_id), qty: num(i.qty) ?? 0 })),
      shippingAmount: num(args.shipping_amount),
      adjustmentPositive: num(args.adjustment_positive),
      adjustmentNegative: num(args.adjustment_negative),
      comment,
    }));
  });

  app.get('/creditmemos', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const all = function* () {
      for (const order of orders.written()) for (const memo of order.creditmemos ?? []) yield { order, memo };
    };
    const read = ({ order, memo }: { order: Order; memo: Creditmemo }, field: string): FieldValue => {
      if (field === 'order_id') return order.entityId;
      if (field === 'entity_id') return memo.entityId;
      if (field === 'increment_id') return memo.incrementId;
      if (field === 'created_at' || field === 'updated_at') return magentoTime(memo.createdAt);
      return null;
    };
    const { items, total } = searchRecords(all(), criteria, read, true);
    return c.json({ items: items.map(({ order, memo }) => renderCreditmemo(order, memo)), search_criteria: echoCriteria(criteria), total_count: total });
  });

  // `salesOrderManagementV1NotifyPost`: sends the order confirmation e-mail.
  app.post('/orders/:id/emails', async (c) => {
    const order = orders.require(intParam(c.req.param('id')));
    await orders.commit({ ...order, emailSent: true });
    return c.json(true);
  });

  app.post('/order/:id/ship', async (c) => {
    const body = await readOptionalJson(c);
    const items = Array.isArray(body.items) ? (body.items as Json[]) : [];
    const tracks = Array.isArray(body.tracks) ? (body.tracks as Json[]) : [];
    const comment = body.comment && typeof body.comment === 'object' ? str((body.comment as Json).comment) : undefined;
    const extension = ((body.arguments as Json | undefined)?.extension_attributes ?? {}) as Json;
    const sourceCode = str(extension.source_code);
    const id = await orders.ship(intParam(c.req.param('id')), {
      ...(sourceCode ? { sourceCode } : {}),
      items: items.map((i) => ({ orderItemId: Number(i.order_item_id), qty: num(i.qty) ?? 0 })),
      tracks: tracks.map((t) => ({ trackNumber: str(t.track_number) ?? '', title: str(t.title) ?? '', carrierCode: str(t.carrier_code) ?? 'custom' })),
      comment,
    });
    return c.json(id);
  });

  app.get('/shipment/:id', (c) => {
    const found = orders.findShipment(intParam(c.req.param('id')));
    if (found) return c.json(renderShipment(found.order, found.shipment));
    throw noSuchEntity("The entity that was requested doesn't exist. Verify the entity and try again.");
  });

  app.get('/shipments', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const all = function* () {
      for (const order of orders.iterate()) for (const shipment of order.shipments) yield { order, shipment };
    };
    const read = ({ order, shipment }: { order: Order; shipment: Shipment }, field: string): FieldValue => {
      if (field === 'order_id') return order.entityId;
      if (field === 'entity_id') return shipment.entityId;
      if (field === 'increment_id') return shipment.incrementId;
      if (field === 'created_at' || field === 'updated_at') return magentoTime(shipment.createdAt);
      return null;
    };
    const { items, total } = searchRecords(all(), criteria, read, true);
    return c.json({ items: items.map((s) => renderShipment(s.order, s.shipment)), search_criteria: echoCriteria(criteria), total_count: total });
  });

  return app;
}

function renderCreditmemo(order: Order, memo: Creditmemo): Json {
  return {
    adjustment_negative: memo.adjustmentNegative,
    adjustment_positive: memo.adjustmentPositive,
    created_at: magentoTime(memo.createdAt),
    entity_id: memo.entityId,
    grand_total: memo.grandTotal,
    increment_id: memo.incrementId,
    order_currency_code: order.currency,
    order_id: order.entityId,
    shipping_amount: memo.shippingAmount,
    state: 2,
    store_id: order.storeId,
    items: memo.items.map((i, n) => ({ entity_id: memo.entityId * 1000 + n + 1, order_item_id: i.orderItemId, sku: i.sku, qty: i.qty, row_total_incl_tax: i.rowTotal, parent_id: memo.entityId })),
    comments: memo.comments.map((comment, n) => ({ comment, entity_id: memo.entityId * 100 + n, parent_id: memo.entityId, is_customer_notified: 0, is_visible_on_front: 0 })),
  };
}

function renderShipment(order: Order, shipment: Shipment): Json {
  return {
    billing_address_id: order.billingAddress.entityId,
    created_at: magentoTime(shipment.createdAt),
    customer_id: order.customerId,
    email_sent: null,
    entity_id: shipment.entityId,
    increment_id: shipment.incrementId,
    order_id: order.entityId,
    packages: [],
    shipping_address_id: order.shippingAddress.entityId,
    store_id: order.storeId,
    total_qty: shipment.items.reduce((s, i) => s + i.qty, 0),
    updated_at: magentoTime(shipment.createdAt),
    items: shipment.items.map((i, n) => {
      const item = order.items.find((o) => o.itemId === i.orderItemId);
      return {
        entity_id: shipment.entityId * 1000 + n + 1,
        name: item?.name,
        parent_id: shipment.entityId,
        price: item?.price,
        product_id: item?.productId,
        sku: i.sku,
        weight: item?.weight,
        order_item_id: i.orderItemId,
        qty: i.qty,
      };
    }),
    tracks: shipment.tracks.map((t) => ({
      order_id: order.entityId,
      created_at: magentoTime(shipment.createdAt),
      entity_id: t.entityId,
      parent_id: shipment.entityId,
      updated_at: magentoTime(shipment.createdAt),
      weight: null,
      qty: null,
      description: null,
      track_number: t.trackNumber,
      title: t.title,
      carrier_code: t.carrierCode,
    })),
    comments: [],
    ...(shipment.sourceCode ? { extension_attributes: { source_code: shipment.sourceCode } } : {}),
  };
}
