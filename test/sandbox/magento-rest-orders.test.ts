import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria, example, startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
beforeAll(async () => {
  m = await startMagento();
});
afterAll(async () => {
  await m?.close();
});

/** Places an order through the `/_sandbox/orders` helper. */
async function placeOrder(body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${m.url}/_sandbox/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A simple SKU and a configurable child SKU with stock. */
function skus(): { simple: string; child: string; parent: string } {
  const store = m.sandbox.store;
  let simple = '';
  let child = '';
  let parent = '';
  for (const p of store.products.iterate()) {
    if (p.status !== 1 || store.inventory.salableQty(p.sku) < 5) continue;
    const parentSku = store.products.parentSkuOf(p.sku);
    if (!simple && !parentSku) simple = p.sku;
    if (!child && parentSku) {
      child = p.sku;
      parent = parentSku;
    }
    if (simple && child) break;
  }
  return { simple, child, parent };
}

describe('orders', () => {
  it('places an order, finds it by updated_at and renders it like order-get.json', async () => {
    const { simple, child, parent } = skus();
    const since = new Date(m.sandbox.store.orders.generatedUntilMs + 1000).toISOString().slice(0, 19).replace('T', ' ');
    const placed = await placeOrder({ items: [{ sku: simple, qty: 2 }, { sku: child, qty: 1 }], email: 'guest@example.org' });
    expect(placed.status).toBe(201);
    expect(placed.body.increment_id).toMatch(/^\d{9}$/);

    const search = await m.call(`/rest/V1/orders${criteria([[['updated_at', since, 'gt']]])}`);
    expect(search.body.items.map((o: { increment_id: string }) => o.increment_id)).toEqual([placed.body.increment_id]);
    const byIncrementId = await m.call(`/rest/V1/orders${criteria([[['increment_id', `${placed.body.increment_id},000000001`, 'in']]])}`);
    expect(byIncrementId.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([1, placed.body.entity_id]);

    const order = (await m.call(`/rest/V1/orders/${placed.body.entity_id}`)).body;
    const shape = example('order-get.json');
    // Every field of the documented answer is there (applied_rule_ids only exists with a cart rule;
    // Magento leaves out null fields, so a guest order has no customer_id).
    const missing = Object.keys(shape).filter((k) => !(k in order) && k !== 'applied_rule_ids' && k !== 'customer_id');
    expect(missing).toEqual([]);
    expect(Object.keys(order.items[0]).sort()).toEqual(expect.arrayContaining(Object.keys(shape.items[0]).filter((k) => k !== 'applied_rule_ids').sort()));
    expect(Object.keys(order.billing_address).sort()).toEqual(Object.keys(shape.billing_address).sort().filter((k) => k in order.billing_address));
    expect(order.extension_attributes.shipping_assignments[0].shipping.address.address_type).toBe('shipping');
    expect(order).toMatchObject({ state: 'new', status: 'pending', customer_is_guest: 1, customer_email: 'guest@example.org' });
    // A configurable line is a parent + child pair, both with the child's SKU.
    const lines = order.items.filter((i: { sku: string }) => i.sku === child);
    expect(lines.map((i: { product_type: string }) => i.product_type)).toEqual(['configurable', 'simple']);
    expect(lines[1].parent_item_id).toBe(lines[0].item_id);
    expect(lines[0].product_id).toBe(m.sandbox.store.products.getBySku(parent)!.id);
  });

  it('refuses unknown SKUs and quantities beyond the salable quantity', async () => {
    const unknown = await placeOrder({ items: [{ sku: 'NOPE', qty: 1 }], email: 'a@example.org' });
    expect(unknown.status).toBe(400);
    const { simple } = skus();
    const tooMany = await placeOrder({ items: [{ sku: simple, qty: 1_000_000 }], email: 'a@example.org' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toBe('The requested qty is not available');
  });

  it('reserves stock on order and deducts source items on shipment (MSI)', async () => {
    const { simple } = skus();
    const store = m.sandbox.store;
    const salable = store.inventory.salableQty(simple);
    const sourceQty = () => store.inventory.itemsOf(simple).reduce((s, i) => s + i.quantity, 0);
    const before = sourceQty();
    const placed = await placeOrder({ items: [{ sku: simple, qty: 1 }], email: 'b@example.org' });
    expect(store.inventory.salableQty(simple)).toBe(salable - 1);
    expect(sourceQty()).toBe(before);
    await m.call(`/rest/V1/order/${placed.body.entity_id}/ship`, { body: { items: [] } });
    expect(sourceQty()).toBe(before - 1);
    expect(store.inventory.salableQty(simple)).toBe(salable - 1);
  });

  it('ships from the MSI source the call names (arguments.extension_attributes.source_code), and refuses one without the SKU', async () => {
    const { simple } = skus();
    const store = m.sandbox.store;
    const at = (source: string) => store.inventory.itemsOf(simple).find((i) => i.sourceCode === source)?.quantity;
    const [berlin, vienna] = [at('berlin'), at('vienna')];
    const placed = await placeOrder({ items: [{ sku: simple, qty: 2 }], email: 'msi@example.org' });
    const id = placed.body.entity_id;

    const refused = await m.call(`/rest/V1/order/${id}/ship`, { body: { items: [], arguments: { extension_attributes: { source_code: 'nowhere' } } } });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual({ message: 'Source item not found by source code: %1 and sku: %2.', parameters: ['nowhere', `["${simple}"]`] });

    const shipped = await m.call(`/rest/V1/order/${id}/ship`, { body: { items: [], arguments: { extension_attributes: { source_code: 'vienna' } } } });
    expect(shipped.status).toBe(200);
    expect([at('berlin'), at('vienna')]).toEqual([berlin, vienna! - 2]);
    const shipment = await m.call(`/rest/V1/shipment/${shipped.body}`);
    expect(shipment.body.extension_attributes).toEqual({ source_code: 'vienna' });
  });

  it('adds comments, invoices and ships partially with tracks', async () => {
    const { simple } = skus();
    const placed = await placeOrder({ items: [{ sku: simple, qty: 3 }], email: 'c@example.org' });
    const id = placed.body.entity_id;

    const comment = await m.call(`/rest/V1/orders/${id}/comments`, {
      body: { statusHistory: { comment: 'Exported to PlentyONE', is_customer_notified: 0, is_visible_on_front: 0, status: 'pending' } },
    });
    expect(comment.body).toBe(true);

    const invoice = await m.call(`/rest/V1/order/${id}/invoice`, { body: example('order-invoice-request.json') });
    expect(invoice.status).toBe(200);
    expect(typeof invoice.body).toBe('number');
    let order = (await m.call(`/rest/V1/orders/${id}`)).body;
    expect(order).toMatchObject({ state: 'processing', status: 'processing', total_due: 0 });
    expect(order.status_histories[0].comment).toBe('Exported to PlentyONE');

    const itemId = order.items[0].item_id;
    const first = await m.call(`/rest/V1/order/${id}/ship`, {
      body: { items: [{ order_item_id: itemId, qty: 1 }], notify: true, tracks: [{ track_number: '1Y-1', title: 'United Parcel Service', carrier_code: 'ups' }] },
    });
    expect(first.status).toBe(200);
    order = (await m.call(`/rest/V1/orders/${id}`)).body;
    expect(order.items[0].qty_shipped).toBe(1);
    expect(order.state).toBe('processing');

    const tooMuch = await m.call(`/rest/V1/order/${id}/ship`, { body: { items: [{ order_item_id: itemId, qty: 3 }] } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.message).toMatch(/^Shipment Document Validation Error\(s\):\n/);

    const rest = await m.call(`/rest/V1/order/${id}/ship`, { body: { items: [{ order_item_id: itemId, qty: 2 }], tracks: [{ track_number: '1Y-2', title: 'UPS', carrier_code: 'ups' }] } });
    expect(rest.status).toBe(200);
    order = (await m.call(`/rest/V1/orders/${id}`)).body;
    expect(order).toMatchObject({ state: 'complete', status: 'complete' });

    const shipment = await m.call(`/rest/V1/shipment/${rest.body}`);
    expect(shipment.body.tracks).toMatchObject([{ track_number: '1Y-2', carrier_code: 'ups', order_id: id }]);
    const shipments = await m.call(`/rest/V1/shipments${criteria([[['order_id', String(id)]]])}`);
    expect(shipments.body.total_count).toBe(2);
  });

  it('ships the documented request shape (configurable named by its child item)', async () => {
    const { simple, child } = skus();
    const placed = await placeOrder({ items: [{ sku: simple, qty: 1 }, { sku: child, qty: 1 }], email: 'd@example.org' });
    const order = placed.body.order;
    const request = example('order-ship-request.json');
    const childLine = order.items.find((i: { parent_item_id?: number }) => i.parent_item_id !== undefined);
    request.items = [{ order_item_id: order.items[0].item_id, qty: 1 }, { order_item_id: childLine.item_id, qty: 1 }];
    const res = await m.call(`/rest/V1/order/${placed.body.entity_id}/ship`, { body: request });
    expect(res.status).toBe(200);
    const after = (await m.call(`/rest/V1/orders/${placed.body.entity_id}`)).body;
    expect(after.items.every((i: { qty_shipped: number; qty_ordered: number }) => i.qty_shipped === i.qty_ordered)).toBe(true);
  });

  it('cancels an open order and refuses to cancel a complete one', async () => {
    const { simple } = skus();
    const salable = m.sandbox.store.inventory.salableQty(simple);
    const placed = await placeOrder({ items: [{ sku: simple, qty: 2 }], email: 'e@example.org' });
    expect(m.sandbox.store.inventory.salableQty(simple)).toBe(salable - 2);
    expect((await m.call(`/rest/V1/orders/${placed.body.entity_id}/cancel`, { body: {} })).body).toBe(true);
    expect(m.sandbox.store.inventory.salableQty(simple)).toBe(salable);
    const order = (await m.call(`/rest/V1/orders/${placed.body.entity_id}`)).body;
    expect(order).toMatchObject({ state: 'canceled', status: 'canceled' });
    expect((await m.call(`/rest/V1/orders/${placed.body.entity_id}/cancel`, { body: {} })).body).toBe(false);
    expect((await m.call('/rest/V1/orders/999999')).status).toBe(404);
  });

  it('reproduces the comment behaviour of the chosen release (magento/magento2#34180, #38723); the repository save sets a status on all', async () => {
    const { simple } = skus();
    const comment = (id: number, statusHistory: Record<string, unknown>) =>
      m.call(`/rest/V1/orders/${id}/comments`, { body: { statusHistory: { is_customer_notified: 0, is_visible_on_front: 0, ...statusHistory } } });
    const order = async (id: number) => (await m.call(`/rest/V1/orders/${id}`)).body;
    const setVersion = async (version: string) => {
      const res = await fetch(`${m.url}/_sandbox/version`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version }) });
      expect(res.status).toBe(200);
    };
    try {
      // 2.4.3: a comment without a status leaves the order without one (absent from the answer).
      await setVersion('2.4.3');
      const old = (await placeOrder({ items: [{ sku: simple, qty: 1 }], email: 'v243@example.org' })).body.entity_id;
      expect((await comment(old, { comment: 'note' })).body).toBe(true);
      const lost = await order(old);
      expect(lost.status).toBeUndefined();
      expect(lost.status_histories[0].status).toBeUndefined();
      // With the status named, it stays.
      const kept = (await placeOrder({ items: [{ sku: simple, qty: 1 }], email: 'v243@example.org' })).body.entity_id;
      await comment(kept, { comment: 'note', status: 'pending' });
      expect((await order(kept)).status).toBe('pending');

      // 2.4.6: a comment's status becomes the order's status.
      await setVersion('2.4.6');
      const mid = (await placeOrder({ items: [{ sku: simple, qty: 1 }], email: 'v246@example.org' })).body.entity_id;
      await comment(mid, { comment: 'on hold for stock', status: 'holded' });
      expect((await order(mid)).status).toBe('holded');
      await comment(mid, { comment: 'note' });
      expect((await order(mid)).status).toBe('holded');

      // 2.4.7: the comment is kept with the current status; the status does not change.
      await setVersion('2.4.7-p1');
      const recent = (await placeOrder({ items: [{ sku: simple, qty: 1 }], email: 'v247@example.org' })).body.entity_id;
      await comment(recent, { comment: 'should be holded', status: 'holded' });
      const unchanged = await order(recent);
      expect(unchanged).toMatchObject({ status: 'pending', status_histories: [expect.objectContaining({ comment: 'should be holded', status: 'pending' })] });

      // POST /V1/orders naming the order sets the status on every release.
      for (const [version, id] of [['2.4.3', old], ['2.4.7', recent]] as const) {
        await setVersion(version);
        const saved = await m.call('/rest/V1/orders', { body: { entity: { entity_id: id, status: 'processing' } } });
        expect(saved.status).toBe(200);
        expect(saved.body).toMatchObject({ entity_id: id, status: 'processing' });
      }
      expect((await m.call('/rest/V1/orders', { body: { entity: { entity_id: recent, state: 'flying' } } })).status).toBe(400);
      expect((await fetch(`${m.url}/_sandbox/version`, { method: 'PUT', body: JSON.stringify({ version: 'latest' }) })).status).toBe(400);
    } finally {
      await setVersion('2.4.8');
    }
  });

  it('places an order in a display currency: amounts in it, base_* amounts in the base currency at its rate', async () => {
    const { simple } = skus();
    const placed = await placeOrder({ items: [{ sku: simple, qty: 2 }], email: 'usd@example.org', currency: { code: 'USD', rate: 2 } });
    expect(placed.status).toBe(201);
    const order = (await m.call(`/rest/V1/orders/${placed.body.entity_id}`)).body;
    const price = m.sandbox.store.products.getBySku(simple)!;
    expect(order).toMatchObject({ order_currency_code: 'USD', base_currency_code: 'EUR', base_to_order_rate: 2 });
    expect(order.base_grand_total).toBeCloseTo(order.grand_total / 2, 2);
    expect(order.items[0].base_price).toBeCloseTo(order.items[0].price / 2, 2);
    expect(order.items[0].base_price).toBeCloseTo(price.specialPrice !== null && price.specialPrice < price.price ? price.specialPrice : price.price, 2);
    expect((await placeOrder({ items: [{ sku: simple, qty: 1 }], email: 'x@example.org', currency: { code: 'USD', rate: 0 } })).status).toBe(400);
  });

  it('serves generated orders with their states', async () => {
    const res = await m.call(`/rest/V1/orders${criteria([[['state', 'complete']]], { pageSize: 5 })}`);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const o of res.body.items) expect(o.items.every((i: { qty_shipped: number; qty_ordered: number }) => i.qty_shipped === i.qty_ordered)).toBe(true);
  });
});

describe('customers', () => {
  it('searches customers like the documented answer', async () => {
    const res = await m.call(`/rest/V1/customers/search${criteria([[['firstname', '%a%', 'like']]], { pageSize: 3 })}`);
    const shape = example('customer-search-response.json');
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(shape).sort());
    const keys = Object.keys(shape.items[0]).filter((k) => k !== 'dob');
    expect(Object.keys(res.body.items[0])).toEqual(expect.arrayContaining(keys));
    expect(res.body.items.every((c: { firstname: string }) => /a/i.test(c.firstname))).toBe(true);
  });

  it('creates and updates customers; duplicate e-mails are refused', async () => {
    const created = await m.call('/rest/V1/customers', {
      body: {
        customer: {
          email: 'new.customer@example.org',
          firstname: 'Nina',
          lastname: 'Neu',
          website_id: 1,
          addresses: [{ firstname: 'Nina', lastname: 'Neu', street: ['Weg 1'], city: 'Köln', postcode: '50667', country_id: 'DE', telephone: '0221', default_billing: true, default_shipping: true }],
        },
        password: 'Secret123!',
      },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ email: 'new.customer@example.org', firstname: 'Nina', default_billing: expect.any(String) });
    const dup = await m.call('/rest/V1/customers', { body: { customer: { email: 'NEW.customer@example.org', firstname: 'X', lastname: 'Y' } } });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toBe('A customer with the same email address already exists in an associated website.');

    const updated = await m.call(`/rest/V1/customers/${created.body.id}`, { method: 'PUT', body: { customer: { id: created.body.id, email: 'new.customer@example.org', firstname: 'Nina', lastname: 'Neumann' } } });
    expect(updated.body.lastname).toBe('Neumann');
    const found = await m.call(`/rest/V1/customers/search${criteria([[['email', 'new.customer@example.org']]])}`);
    expect(found.body.items.map((c: { lastname: string }) => c.lastname)).toEqual(['Neumann']);
  });

  it('places an order for a customer', async () => {
    const { simple } = skus();
    const placed = await placeOrder({ items: [{ sku: simple, qty: 1 }], customerId: 1 });
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({ customer_id: 1, customer_is_guest: 0, customer_email: m.sandbox.store.customers.get(1)!.email });
  });
});
