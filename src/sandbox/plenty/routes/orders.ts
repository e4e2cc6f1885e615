/**
 * Orders: legacy `GET /rest/orders` (filters incl. `externalOrderId`), `/rest/orders/search`
 * (`field=operator:value`, e.g. `orderProperty_7=eq:X`), create with validation, get/update by id,
 * statuses (decimal ids), referrers (bare array) and shipping packages.
 */
import type { ChangeSink } from '../changes.js';
import { inRange, parseTimestamp } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import { pageOf, pageRequest } from '../paging.js';
import { ORDER_REFERRERS, ORDER_STATUSES } from '../reference-data.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { ContactStore } from '../stores/contacts.js';
import type { ItemStore } from '../stores/items.js';
import type { NewOrder, OrderRecord, OrderStore } from '../stores/orders.js';
import { searchCandidates, searchFilter } from './order-search.js';

/** Order property type 7: the external order id. */
const EXTERNAL_ORDER_ID = 7;

export interface OrderDeps {
  orders: OrderStore;
  items: ItemStore;
  contacts: ContactStore;
  plentyIds: number[];
  changed: ChangeSink;
}

export function renderOrder(o: OrderRecord, d: OrderDeps, withs: Set<string>, addOrderItems = true): Record<string, unknown> {
  const { createdAtMs: _c, updatedAtMs: _u, packages: _p, documents, orderItems, ...rest } = o;
  const out: Record<string, unknown> = { ...rest };
  if (addOrderItems) {
    out.orderItems = orderItems.map((it) => {
      const row: Record<string, unknown> = { ...it };
      if (withs.has('orderItems.variation')) {
        const v = d.items.variation(it.itemVariationId);
        row.variation = v ? { id: v.id, itemId: v.itemId, number: v.number, isMain: v.isMain, isActive: v.isActive } : null;
      }
      return row;
    });
  }
  if (withs.has('addresses')) out.addresses = o.addressRelations.map((r) => d.contacts.address(r.addressId)).filter((a) => a !== undefined);
  if (withs.has('relations')) out.relations = o.relations;
  if (withs.has('documents')) out.documents = documents ?? [];
  return out;
}

function validateOrder(body: Record<string, unknown>, d: OrderDeps, partial: boolean): Validator {
  const val = new Validator();
  if (!partial) {
    if (val.required('typeId', body.typeId)) val.integer('typeId', body.typeId);
    if (val.required('plentyId', body.plentyId) && val.integer('plentyId', body.plentyId)) val.exists('plentyId', d.plentyIds.includes(Number(body.plentyId)));
  }
  if (body.statusId !== undefined && val.numeric('statusId', body.statusId)) val.exists('statusId', ORDER_STATUSES.some((s) => s.statusId === Number(body.statusId)));
  if (body.referrerId !== undefined && val.numeric('referrerId', body.referrerId)) val.exists('referrerId', ORDER_REFERRERS.some((r) => r.id === Number(body.referrerId)));
  const items = Array.isArray(body.orderItems) ? (body.orderItems as Array<Record<string, unknown>>) : [];
  items.forEach((it, i) => {
    const f = (k: string) => `orderItems.${i}.${k}`;
    if (val.required(f('typeId'), it.typeId)) val.integer(f('typeId'), it.typeId);
    if (val.required(f('quantity'), it.quantity)) val.numeric(f('quantity'), it.quantity);
    // Variation items (1) and bundle/component items must name an existing variation.
    if ([1, 2, 3].includes(Number(it.typeId)) && val.required(f('itemVariationId'), it.itemVariationId) && val.integer(f('itemVariationId'), it.itemVariationId)) {
      val.exists(f('itemVariationId'), d.items.variation(Number(it.itemVariationId)) !== undefined);
    }
    (Array.isArray(it.amounts) ? (it.amounts as Array<Record<string, unknown>>) : []).forEach((a, k) => {
      val.required(`${f('amounts')}.${k}.currency`, a.currency);
      val.numeric(`${f('amounts')}.${k}.priceOriginalGross`, a.priceOriginalGross);
    });
  });
  (Array.isArray(body.addressRelations) ? (body.addressRelations as Array<Record<string, unknown>>) : []).forEach((a, i) => {
    val.required(`addressRelations.${i}.typeId`, a.typeId);
    if (val.required(`addressRelations.${i}.addressId`, a.addressId)) val.exists(`addressRelations.${i}.addressId`, d.contacts.address(Number(a.addressId)) !== undefined);
  });
  (Array.isArray(body.relations) ? (body.relations as Array<Record<string, unknown>>) : []).forEach((r, i) => {
    if (r.referenceType === 'contact' && val.required(`relations.${i}.referenceId`, r.referenceId)) val.exists(`relations.${i}.referenceId`, d.contacts.get(Number(r.referenceId)) !== undefined);
  });
  (Array.isArray(body.properties) ? (body.properties as Array<Record<string, unknown>>) : []).forEach((p, i) => {
    if (val.required(`properties.${i}.typeId`, p.typeId)) val.integer(`properties.${i}.typeId`, p.typeId);
    val.required(`properties.${i}.value`, p.value);
  });
  return val;
}

function toNewOrder(body: Record<string, unknown>): NewOrder {
  const arr = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : []);
  return {
    typeId: Number(body.typeId),
    plentyId: Number(body.plentyId),
    statusId: body.statusId === undefined ? undefined : Number(body.statusId),
    ownerId: body.ownerId === undefined ? undefined : Number(body.ownerId),
    referrerId: body.referrerId === undefined ? undefined : Number(body.referrerId),
    lockStatus: body.lockStatus as string | undefined,
    orderItems: arr(body.orderItems),
    properties: arr<{ typeId: unknown; value: unknown }>(body.properties).map((p) => ({ typeId: Number(p.typeId), value: String(p.value) })),
    addressRelations: arr<{ typeId: unknown; addressId: unknown }>(body.addressRelations).map((a) => ({ typeId: Number(a.typeId), addressId: Number(a.addressId) })),
    relations: arr<{ referenceType: unknown; referenceId: unknown; relation: unknown }>(body.relations).map((r) => ({ referenceType: String(r.referenceType), referenceId: Number(r.referenceId), relation: String(r.relation ?? 'receiver') })),
    dates: arr<{ typeId: unknown; date: unknown }>(body.dates).map((x) => ({ typeId: Number(x.typeId), date: String(x.date) })),
  };
}

const CANCELED = 8;

const dateOf = (typeId: number) => (o: OrderRecord) => {
  const date = o.dates.find((x) => x.typeId === typeId)?.date;
  return date === undefined ? 0 : Date.parse(date);
};

/** `sortBy` of `/rest/orders/search`, as the OpenAPI lists them (default orderId). */
const SEARCH_SORTS: Record<string, (o: OrderRecord) => number> = {
  orderId: (o) => o.id,
  statusId: (o) => o.statusId,
  orderDeliveryAddressPostCode: (o) => o.id, // (postcodes are not kept apart per order here: id order)
  invoiceNumber: (o) => o.id,
  orderDate_2: dateOf(2),
  orderDate_3: dateOf(3),
  orderDate_5: dateOf(5),
  orderDate_8: dateOf(8),
  orderProperty_33: (o) => Number(o.properties.find((p) => p.typeId === 33)?.value ?? 0) || 0,
};

/** `sortBy` of the legacy `GET /rest/orders` (default id). */
const LEGACY_SORTS: Record<string, (o: OrderRecord) => number> = {
  id: (o) => o.id,
  statusId: (o) => o.statusId,
  createdAt: (o) => o.createdAtMs,
  orderDocument: (o) => o.id,
};

/**
 * PlentyONE refuses a `sortBy` or `sortOrder` its documentation does not list instead of ignoring it
 * (answered 422 with the validation envelope); the first listed value is the default.
 */
function sorting(ctx: RestCtx, sorts: Record<string, (o: OrderRecord) => number>): { key: (o: OrderRecord) => number; desc: boolean } {
  const val = new Validator();
  const sortBy = ctx.query('sortBy') ?? Object.keys(sorts)[0]!;
  const sortOrder = ctx.query('sortOrder') ?? 'asc';
  const key = sorts[sortBy];
  if (!key) val.add('sortBy', `The selected sort by is invalid. Possible values: ${Object.keys(sorts).join(', ')}.`);
  if (sortOrder !== 'asc' && sortOrder !== 'desc') val.add('sortOrder', 'The selected sort order is invalid. Possible values: asc, desc.');
  val.throwIfAny();
  return { key: key!, desc: sortOrder === 'desc' };
}

export function orderRoutes(r: RestRouter, d: OrderDeps): void {
  const { orders } = d;
  const orderOr404 = (ctx: RestCtx) => {
    const o = orders.get(ctx.id('orderId'));
    if (!o) throw notFound('Order');
    return o;
  };
  const listAnswer = (ctx: RestCtx, list: OrderRecord[], sorts: Record<string, (o: OrderRecord) => number>) => {
    const withs = new Set(ctx.list('with'));
    const addItems = ctx.query('addOrderItems') !== 'false';
    const { key, desc } = sorting(ctx, sorts);
    list.sort((a, b) => (key(a) - key(b) || a.id - b.id) * (desc ? -1 : 1));
    return pageOf(pageRequest(ctx.query), list.map((o) => renderOrder(o, d, withs, addItems)));
  };

  r.get('/rest/orders', (ctx) => {
    const q = ctx.query;
    const num = (k: string) => (q(k) === undefined ? undefined : Number(q(k)));
    const ids = ctx.list('orderIds').map(Number);
    const ext = q('externalOrderId');
    const updated = { from: parseTimestamp(q('updatedAtFrom')), to: parseTimestamp(q('updatedAtTo')) };
    const created = { from: parseTimestamp(q('createdAtFrom')), to: parseTimestamp(q('createdAtTo')) };
    const types = ctx.list('orderType').map(Number);
    // An external order id names few orders: only those are filtered (an index, not a scan of every order).
    const list = (ext === undefined ? orders.all() : orders.withProperty(EXTERNAL_ORDER_ID, ext)).filter((o) => {
      if (ids.length && !ids.includes(o.id)) return false;
      if (ext !== undefined && orders.externalOrderId(o) !== ext) return false;
      if (num('referrerId') !== undefined && o.referrerId !== num('referrerId')) return false;
      if (num('contactId') !== undefined && o.contactReceiverId !== num('contactId')) return false;
      if (num('clientId') !== undefined && o.plentyId !== num('clientId')) return false;
      if (num('statusFrom') !== undefined && o.statusId < num('statusFrom')!) return false;
      if (num('statusTo') !== undefined && o.statusId > num('statusTo')!) return false;
      if (types.length && !types.includes(o.typeId)) return false;
      if (num('includedVariation') !== undefined && !o.orderItems.some((i) => i.itemVariationId === num('includedVariation'))) return false;
      return inRange(o.updatedAtMs, updated) && inRange(o.createdAtMs, created);
    });
    return listAnswer(ctx, list, LEGACY_SORTS);
  });

  r.get('/rest/orders/search', (ctx) => {
    const params = new URLSearchParams(ctx.c.req.url.split('?')[1] ?? '');
    const filter = searchFilter(params, orders);
    return listAnswer(ctx, searchCandidates(params, orders).filter(filter), SEARCH_SORTS);
  });

  r.post('/rest/orders', async (ctx) => {
    const body = await ctx.body();
    validateOrder(body, d, false).throwIfAny();
    const o = orders.create(toNewOrder(body));
    d.changed({ entity: 'order', action: 'created', ids: [o.id] });
    return renderOrder(o, d, new Set());
  });

  r.get('/rest/orders/statuses', (ctx) =>
    // Status ids are decimals; the list answers them as decimal strings ("5.1") as the system does.
    pageOf(
      pageRequest(ctx.query),
      ORDER_STATUSES.map((s) => ({ statusId: String(s.statusId), names: { de: s.de, en: s.en }, isErasable: false, color: s.color, isFrontendVisible: true, isReorderVisible: false, isRedistributionVisible: false, createdAt: '2020-01-01T00:00:00+00:00', updatedAt: '2020-01-01T00:00:00+00:00' })),
    ),
  );
  r.get('/rest/orders/referrers', () =>
    ORDER_REFERRERS.map((x) => ({ id: x.id, isEditable: x.origin === 'plugin', backendName: x.backendName, name: x.name, orderOwnerId: null, isFilterable: true, origin: x.origin, showInLeads: false })),
  );

  r.get('/rest/orders/{orderId}', (ctx) => renderOrder(orderOr404(ctx), d, new Set(ctx.list('with')), ctx.query('addOrderItems') !== 'false'));
  r.put('/rest/orders/{orderId}', async (ctx) => {
    const o = orderOr404(ctx);
    const body = await ctx.body();
    validateOrder(body, d, true).throwIfAny();
    const n = toNewOrder(body);
    const updated = orders.update(o.id, {
      statusId: n.statusId,
      ownerId: n.ownerId,
      plentyId: body.plentyId === undefined ? undefined : n.plentyId,
      lockStatus: n.lockStatus,
      properties: n.properties,
      addressRelations: n.addressRelations,
    })!;
    d.changed({ entity: 'order', action: 'updated', ids: [o.id] });
    return renderOrder(updated, d, new Set());
  });

  // Cancels with the given status (a status of the 8 group; 8 "Canceled" when none is given).
  r.put('/rest/orders/{orderId}/cancel', async (ctx) => {
    const o = orderOr404(ctx);
    const body = await ctx.body();
    const val = new Validator();
    if (body.statusId !== undefined && val.numeric('statusId', body.statusId)) {
      val.exists('statusId', Math.floor(Number(body.statusId)) === CANCELED && ORDER_STATUSES.some((s) => s.statusId === Number(body.statusId)));
    }
    val.throwIfAny();
    orders.update(o.id, { statusId: body.statusId === undefined ? CANCELED : Number(body.statusId) });
    d.changed({ entity: 'order', action: 'updated', ids: [o.id] });
    return renderOrder(orders.get(o.id)!, d, new Set());
  });

  r.get('/rest/orders/{orderId}/shipping/packages', (ctx) => orderOr404(ctx).packages);
  r.post('/rest/orders/{orderId}/shipping/packages', async (ctx) => {
    const o = orderOr404(ctx);
    const body = await ctx.body<Record<string, unknown>>();
    const val = new Validator();
    val.required('packageId', body.packageId);
    val.throwIfAny();
    const pkg = orders.addPackage(o.id, body)!;
    d.changed({ entity: 'order', action: 'updated', ids: [o.id] });
    return pkg;
  });
}

