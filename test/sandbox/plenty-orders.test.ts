import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { PlentySandboxClient } from '../../src/sandbox/plenty/client.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';

const catalog = createCatalog({ seed: 3, variations: 500 });
const sandbox = createPlentySandbox({ catalog });
let server: ServedApp;
let api: PlentySandboxClient;

beforeAll(async () => {
  server = await serve(sandbox.app);
  api = new PlentySandboxClient(server.url);
  await api.login();
});
afterAll(async () => {
  await server.close();
});

function orderBody(extra: Record<string, unknown> = {}) {
  return {
    typeId: 1,
    plentyId: sandbox.plentyId,
    referrerId: 1,
    orderItems: [
      { typeId: 1, itemVariationId: 1005, quantity: 2, orderItemName: 'Test', countryVatId: 1, vatField: 0, amounts: [{ currency: 'EUR', priceOriginalGross: 19.99 }] },
      { typeId: 6, quantity: 1, orderItemName: 'Shipping', amounts: [{ currency: 'EUR', priceOriginalGross: 4.9 }] },
    ],
    ...extra,
  };
}

describe('PlentyONE sandbox contacts', () => {
  it('finds a generated customer by contactEmail and a created contact by externalId', async () => {
    const customer = catalog.customer(3);
    const byEmail = await api.get(`/rest/accounts/contacts?contactEmail=${encodeURIComponent(customer.email)}`);
    expect(byEmail.body.totalsCount).toBe(1);
    expect(byEmail.body.entries[0]).toMatchObject({ email: customer.email, firstName: customer.firstname });
    const created = await api.post('/rest/accounts/contacts', { typeId: 1, referrerId: 1, firstName: 'Ext', lastName: 'Ernal', externalId: 'mage-77', email: 'ext@example.org' });
    expect(created.status).toBe(200);
    const byExt = await api.get('/rest/accounts/contacts?externalId=mage-77');
    expect(byExt.body.entries.map((c: any) => c.id)).toEqual([created.body.id]);
    expect((await api.get('/rest/accounts/contacts?contactEmail=nobody%40example.org')).body.totalsCount).toBe(0);
    const address = await api.post(`/rest/accounts/contacts/${created.body.id}/addresses`, { name2: 'Ext', name3: 'Ernal', address1: 'Weg', address2: '1', postalCode: '10115', town: 'Berlin', countryId: 1, options: [{ typeId: 5, value: 'ext@example.org' }] });
    expect(address.body).toMatchObject({ contactId: created.body.id, town: 'Berlin' });
    const addresses = await api.get(`/rest/accounts/contacts/${created.body.id}/addresses`);
    expect(addresses.body.map((a: any) => a.id)).toEqual([address.body.id]);
  });
});

describe('PlentyONE sandbox orders', () => {
  it('validates a new order like the real system (422 with validation_errors)', async () => {
    const missing = await api.post('/rest/orders', { orderItems: [] });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.error.validation_errors).sort()).toEqual(['plentyId', 'typeId']);
    const unknownVariation = await api.post('/rest/orders', orderBody({ orderItems: [{ typeId: 1, itemVariationId: 987654321, quantity: 1 }] }));
    expect(unknownVariation.status).toBe(422);
    expect(unknownVariation.body).toEqual({
      error: { code: 422, message: 'The given data was invalid.', validation_errors: { 'orderItems.0.itemVariationId': ['The selected order items.0.item variation id is invalid.'] } },
    });
    const unknownAddress = await api.post('/rest/orders', orderBody({ addressRelations: [{ typeId: 1, addressId: 123456789 }] }));
    expect(unknownAddress.body.error.validation_errors).toHaveProperty(['addressRelations.0.addressId']);
  });

  it('creates an order, finds it by external order id both ways, and links a payment', async () => {
    const contactId = 100 + 5;
    const addressId = contactId * 10;
    const created = await api.post('/rest/orders', orderBody({
      statusId: 5,
      properties: [{ typeId: 7, value: '000000123' }, { typeId: 3, value: '6001' }],
      addressRelations: [{ typeId: 1, addressId }, { typeId: 2, addressId }],
      relations: [{ referenceType: 'contact', referenceId: contactId, relation: 'receiver' }],
    }));
    expect(created.status).toBe(200);
    const order = created.body;
    expect(order).toMatchObject({ typeId: 1, statusId: 5, statusName: '[5] Cleared for shipping', plentyId: sandbox.plentyId, contactReceiverId: contactId });
    expect(order.orderItems).toHaveLength(2);

    const search = await api.get('/rest/orders/search?orderProperty_7=eq:000000123');
    expect(search.body.entries.map((o: any) => o.id)).toEqual([order.id]);
    const legacy = await api.get('/rest/orders?externalOrderId=000000123&with[]=addresses&with[]=orderItems.variation');
    expect(legacy.body.entries.map((o: any) => o.id)).toEqual([order.id]);
    expect(legacy.body.entries[0].addresses[0].id).toBe(addressId);
    expect(legacy.body.entries[0].orderItems[0].variation.number).toBe(catalog.variation(5).sku);
    expect((await api.get('/rest/orders/search?orderProperty_7=eq:nope')).body.totalsCount).toBe(0);

    const payment = await api.post('/rest/payments', { amount: 44.88, mopId: 6001, currency: 'EUR', status: 2, transactionType: 2 });
    expect(payment.status).toBe(200);
    const link = await api.post(`/rest/payment/${payment.body.id}/order/${order.id}`);
    expect(link.body).toMatchObject({ paymentId: payment.body.id, orderId: order.id });
    expect((await api.get(`/rest/payments/orders/${order.id}`)).body.map((p: any) => p.id)).toEqual([payment.body.id]);
  });

  it('searches with operators, updates status by PUT and control helper, and lists shipping packages', async () => {
    const a = (await api.post('/rest/orders', orderBody({ statusId: 3 }))).body;
    const b = (await api.post('/rest/orders', orderBody({ statusId: 5.1 }))).body;
    const between = await api.get('/rest/orders/search?statusId=between:5,5.9');
    expect(between.body.entries.map((o: any) => o.id)).toContain(b.id);
    expect(between.body.entries.map((o: any) => o.id)).not.toContain(a.id);
    const legacy = await api.get('/rest/orders?statusFrom=5.1&statusTo=5.1');
    expect(legacy.body.entries.map((o: any) => o.id)).toEqual([b.id]);

    const put = await api.put(`/rest/orders/${a.id}`, { statusId: 7 });
    expect(put.body).toMatchObject({ id: a.id, statusId: 7 });
    await fetch(`${server.url}/_sandbox/orders/${b.id}/status`, { method: 'POST', body: JSON.stringify({ statusId: 7.1 }) });
    await fetch(`${server.url}/_sandbox/orders/${b.id}/packages`, { method: 'POST', body: JSON.stringify({ packageNumber: '00340434161094042557' }) });
    const got = await api.get(`/rest/orders/${b.id}`);
    expect(got.body.statusId).toBe(7.1);
    const packages = await api.get(`/rest/orders/${b.id}/shipping/packages`);
    expect(packages.body.map((p: any) => p.packageNumber)).toEqual(['00340434161094042557']);
    const since = Math.floor(Date.now() / 1000) - 60;
    const updated = await api.get(`/rest/orders?updatedAtFrom=${new Date(since * 1000).toISOString()}&itemsPerPage=1`);
    expect(updated.body).toMatchObject({ page: '1', itemsPerPage: 1, isLastPage: false });
  });

  it('sorts searches only by the documented values and refuses an open between: like the real API (422 envelope)', async () => {
    const a = (await api.post('/rest/orders', orderBody({ statusId: 5 }))).body;
    const b = (await api.post('/rest/orders', orderBody({ statusId: 3 }))).body;
    const byStatus = await api.get('/rest/orders/search?sortBy=statusId&sortOrder=asc&itemsPerPage=250');
    const ids = byStatus.body.entries.map((o: any) => o.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const byId = await api.get('/rest/orders/search?sortBy=orderId&sortOrder=desc&itemsPerPage=1');
    expect(byId.body.entries[0].id).toBeGreaterThanOrEqual(b.id);

    for (const [query, field] of [['sortBy=updatedAt', 'sortBy'], ['sortBy=id', 'sortBy'], ['sortOrder=up', 'sortOrder']] as const) {
      const refused = await api.get(`/rest/orders/search?${query}`);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 422, message: 'The given data was invalid.' });
      expect(refused.body.error.validation_errors[field][0]).toMatch(/invalid/);
    }
    // The legacy list has its own documented values (id, statusId, createdAt, orderDocument).
    expect((await api.get('/rest/orders?sortBy=id')).status).toBe(200);
    expect((await api.get('/rest/orders?sortBy=orderId')).status).toBe(422);

    const from = new Date(Date.now() - 60_000).toISOString();
    const open = await api.get(`/rest/orders/search?updatedAt=between:${from},`);
    expect(open.status).toBe(422);
    expect(open.body.error.validation_errors.updatedAt[0]).toMatch(/two values/);
    const since = await api.get(`/rest/orders/search?updatedAt=gte:${from}&itemsPerPage=250`);
    expect(since.body.entries.map((o: any) => o.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('cancels an order with a status of the 8 group', async () => {
    const o = (await api.post('/rest/orders', orderBody({ statusId: 5 }))).body;
    expect((await api.put(`/rest/orders/${o.id}/cancel`, {})).status).toBe(200);
    expect((await api.get(`/rest/orders/${o.id}`)).body.statusId).toBe(8);
    expect((await api.put(`/rest/orders/${o.id}/cancel`, { statusId: 5 })).status).toBe(422);
    await api.put(`/rest/orders/${o.id}/cancel`, { statusId: 8.1 });
    expect((await api.get(`/rest/orders/${o.id}`)).body.statusId).toBe(8.1);
  });

  it('lists statuses with decimal string ids and referrers as a bare array', async () => {
    const statuses = await api.get('/rest/orders/statuses?itemsPerPage=250');
    const ids = statuses.body.entries.map((s: any) => s.statusId);
    expect(ids).toContain('5.1');
    expect(ids.every((id: unknown) => typeof id === 'string' && /^\d+(\.\d+)?$/.test(id as string))).toBe(true);
    const referrers = await api.get('/rest/orders/referrers');
    expect(Array.isArray(referrers.body)).toBe(true);
  });
});

describe('PlentyONE sandbox with the common machinery', () => {
  it('counts calls per route pattern and lets a half-failed order POST leave the order behind', async () => {
    const faulty = createPlentySandbox({ catalog, faultRules: ['POST /rest/orders:fail-after-write'] });
    const s = await serve(faulty.app);
    try {
      const c = new PlentySandboxClient(s.url);
      await c.login();
      const res = await c.post('/rest/orders', orderBody({ properties: [{ typeId: 7, value: 'half-1' }] }));
      expect(res.status).toBe(500);
      const found = await c.get('/rest/orders/search?orderProperty_7=eq:half-1');
      expect(found.body.totalsCount).toBe(1);
      await c.get(`/rest/items/${catalog.variation(0).itemId}`);
      await c.get('/rest/items/variations?itemsPerPage=1');
      const log = (await (await fetch(`${s.url}/_sandbox/requests`)).json()) as any;
      expect(log.byRoute).toMatchObject({
        'POST /rest/orders': 1,
        'GET /rest/orders/search': 1,
        'GET /rest/items/:itemId{[0-9]+}': 1,
        'GET /rest/items/variations': 1,
      });
    } finally {
      await s.close();
    }
  });
});
