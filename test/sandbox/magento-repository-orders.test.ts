/**
 * The Magento sandbox's order repository create (`POST /V1/orders` without an entity id) and offline
 * credit memos, with the refusals Magento answers: an incomplete address, invoicing a canceled order,
 * refunding before an invoice, more than invoiced or more than paid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
beforeAll(async () => {
  m = await startMagento();
}, 120_000);
afterAll(async () => {
  await m?.close();
});

const address = { firstname: 'Mara', lastname: 'Buyer', street: ['Hauptstraße 1'], city: 'Berlin', postcode: '10115', country_id: 'DE', telephone: '030' };
const entity = (extra: Record<string, unknown> = {}) => ({
  store_id: 1, customer_email: 'mara@example.com', order_currency_code: 'GBP', ext_order_id: `plenty:${Math.random()}`,
  grand_total: 25, subtotal: 16.81, shipping_amount: 4.2, shipping_incl_tax: 5, tax_amount: 3.99,
  items: [{ sku: 'PG-0000001', name: 'Item', qty_ordered: 2, price: 8.4, price_incl_tax: 10, discount_amount: 0 }],
  billing_address: address, payment: { method: 'checkmo' },
  extension_attributes: { shipping_assignments: [{ shipping: { address, method: 'flatrate_flatrate' } }] },
  ...extra,
});
const post = (path: string, body?: unknown) => m.call(path, { method: 'POST', body: body ?? {} });

describe('orders written through the order repository', () => {
  it('keeps the amounts given and assigns the next increment id; an address without a town is refused', async () => {
    const created = await post('/rest/V1/orders', { entity: entity() });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ grand_total: 25, order_currency_code: 'GBP', shipping_incl_tax: 5, email_sent: 0, state: 'new' });
    expect(created.body.increment_id).toMatch(/^\d{9}$/);
    const refused = await post('/rest/V1/orders', { entity: entity({ billing_address: { ...address, city: '' } }) });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('"City" is required. Enter and try again.');
  });

  it('refuses to invoice a canceled order and to refund before an invoice, more than invoiced or more than paid', async () => {
    const canceled = (await post('/rest/V1/orders', { entity: entity() })).body;
    await post(`/rest/V1/orders/${canceled.entity_id}/cancel`);
    const invoice = await post(`/rest/V1/order/${canceled.entity_id}/invoice`, { capture: true });
    expect(invoice.status).toBe(400);
    expect(invoice.body.message).toBe('The order does not allow an invoice to be created.');

    const order = (await post('/rest/V1/orders', { entity: entity() })).body;
    const itemId = order.items[0].item_id;
    const early = await post(`/rest/V1/order/${order.entity_id}/refund`, { items: [{ order_item_id: itemId, qty: 1 }] });
    expect(early.body.message).toContain('The order does not allow a creditmemo to be created.');
    expect((await post(`/rest/V1/order/${order.entity_id}/invoice`, { capture: true })).status).toBe(200);
    const tooMany = await post(`/rest/V1/order/${order.entity_id}/refund`, { items: [{ order_item_id: itemId, qty: 3 }] });
    expect(tooMany.body.message).toContain('must not be greater than the unrefunded quantity for PG-0000001');
    const tooMuch = await post(`/rest/V1/order/${order.entity_id}/refund`, { items: [{ order_item_id: itemId, qty: 2 }], arguments: { shipping_amount: 5, adjustment_positive: 1 } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.message).toBe('The most money available to refund is 25.00.');
    const memo = await post(`/rest/V1/order/${order.entity_id}/refund`, { items: [{ order_item_id: itemId, qty: 1 }], comment: { comment: 'credit note 7' } });
    expect(memo.status).toBe(200);
    const memos = await m.call(`/rest/V1/creditmemos?searchCriteria[filter_groups][0][filters][0][field]=order_id&searchCriteria[filter_groups][0][filters][0][value]=${order.entity_id}`);
    expect(memos.body.items).toEqual([expect.objectContaining({ entity_id: memo.body, grand_total: 10, comments: [expect.objectContaining({ comment: 'credit note 7' })] })]);
    expect((await m.call(`/rest/V1/orders/${order.entity_id}`)).body.total_refunded).toBe(10);
  });
});
