/** Typed calls, paging and error classification against the PlentyONE sandbox over HTTP. */
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PermanentApiError, TransientApiError } from '../../src/connectors/errors.js';
import { createMemoryTokenStore, type PlentyClient, type VariationBundle } from '../../src/connectors/plenty/index.js';
import type { Variation } from '../../src/sandbox/generator/types.js';
import { PAGES_ASKED_AHEAD } from '../../src/connectors/plenty/paging.js';
import { waitFor } from '../queue/helpers.js';
import { serve } from '../../src/sandbox/common/index.js';
import { createCatalog, variationSku } from '../../src/sandbox/generator/index.js';
import { sandboxClient, startPlentySandbox, type ServedSandbox } from './plenty-support.js';

const VARIATIONS = 3_000;
const catalog = createCatalog({ seed: 11, variations: VARIATIONS });
let sb: ServedSandbox;
let client: PlentyClient;
// One session for every client of this file, as one deployment would have.
const tokenStore = createMemoryTokenStore();

beforeAll(async () => {
  sb = await startPlentySandbox({ catalog });
  client = sandboxClient(sb, { tokenStore });
  await client.me();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  sb.sandbox.log.reset();
  await sb.clearFaults();
});

async function newOrderFor(externalOrderId: string) {
  const contact = await client.contacts.create({ typeId: 1, referrerId: 1, firstName: 'Ada', lastName: 'Lovelace', email: `${externalOrderId}@example.test`, externalId: `m-${externalOrderId}` });
  const address = await client.contacts.createAddress(contact.id, { name2: 'Ada', name3: 'Lovelace', address1: 'Main St', address2: '1', postalCode: '10115', town: 'Berlin', countryId: 1 }, 1);
  return client.orders.create({
    typeId: 1,
    plentyId: sb.sandbox.plentyId,
    referrerId: 1,
    statusId: 3,
    orderItems: [{ typeId: 1, itemVariationId: 1000, quantity: 2, orderItemName: 'Thing', amounts: [{ currency: 'EUR', priceOriginalGross: 9.99 }] }],
    addressRelations: [{ typeId: 1, addressId: address.id }, { typeId: 2, addressId: address.id }],
    relations: [{ referenceType: 'contact', referenceId: contact.id, relation: 'receiver' }],
    properties: [{ typeId: 7, value: externalOrderId }, { typeId: 3, value: '0' }],
  });
}

describe('PlentyONE client: paging', () => {
  it('scans every variation at the maximum page size with exactly the minimum number of calls', async () => {
    let n = 0;
    const seen = new Set<number>();
    for await (const v of client.variations()) {
      n += 1;
      seen.add(v.id);
    }
    expect(n).toBe(VARIATIONS);
    expect(seen.size).toBe(VARIATIONS);
    expect(sb.calls('GET', '/rest/items/variations')).toBe(Math.ceil(VARIATIONS / 250));
  });

  it('offers pages with numeric page numbers (the API answers them as strings) and totals', async () => {
    const pages = [];
    for await (const p of client.stock().pages()) pages.push({ page: p.page, size: p.entries.length, total: p.totalsCount, last: p.isLastPage });
    const rows = VARIATIONS * catalog.warehouses.length;
    expect(pages).toHaveLength(Math.ceil(rows / 250));
    expect(pages[0]).toEqual({ page: 1, size: 250, total: rows, last: false });
    expect(pages.at(-1)?.last).toBe(true);
    expect(sb.calls('GET', '/rest/stockmanagement/stock')).toBe(pages.length);
  });

  it('asks for the next pages of a stock scan while one is read, never past the last page, and settles them when the caller stops', async () => {
    const route = '/rest/stockmanagement/warehouses/:warehouseId/stock';
    const pages = client.stock({ warehouseId: 1 }).pages();
    const first = await pages.next();
    expect(first.value).toMatchObject({ page: 1, isLastPage: false });
    // While page 1 is read, the next PAGES_ASKED_AHEAD pages are already asked for.
    await waitFor(() => sb.calls('GET', route) === 1 + PAGES_ASKED_AHEAD || undefined, 'the pages asked ahead', 5_000);
    // The caller stops: the pages asked for are answered before the scan closes, and nothing more is asked.
    await pages.return(undefined);
    expect(sb.calls('GET', route)).toBe(1 + PAGES_ASKED_AHEAD);

    // A whole scan still costs exactly one call per page: the last page named is never passed.
    sb.sandbox.log.reset();
    let rows = 0;
    for await (const p of client.stock({ warehouseId: 1 }).pages()) rows += p.entries.length;
    expect(rows).toBe(VARIATIONS);
    expect(sb.calls('GET', route)).toBe(Math.ceil(VARIATIONS / 250));
  });

  it('filters stock by warehouse and variation, and resumes at a page', async () => {
    const one = [];
    for await (const row of client.stock({ variationId: 1005 })) one.push(row);
    expect(one.map((r) => r.warehouseId).sort()).toEqual(catalog.warehouses.map((w) => w.warehouseId).sort());
    let count = 0;
    for await (const row of client.stock({ warehouseId: 1, startPage: 12 })) {
      expect(row.warehouseId).toBe(1);
      count += 1;
    }
    expect(count).toBe(VARIATIONS - 11 * 250);
  });

  it('reads bare-array routes as one list', async () => {
    const warehouses = await client.warehouses();
    expect(warehouses.map((w) => w.typeId)).toContain(0);
    expect((await client.referrers()).some((r) => r.id === 1)).toBe(true);
    expect((await client.payments.methods()).some((m) => m.paymentKey === 'PAYPAL')).toBe(true);
    expect((await client.webstores())[0]?.storeIdentifier).toBe(sb.sandbox.plentyId);
  });

  it('finds variations by number, one call each, unknown numbers as undefined', async () => {
    const skus = [variationSku(0), variationSku(42), 'NOT-A-SKU'];
    const found = await client.variationsByNumber(skus);
    expect(found.get(variationSku(42))?.id).toBe(1042);
    expect(found.get('NOT-A-SKU')).toBeUndefined();
    expect(sb.calls('GET', '/rest/items/variations')).toBe(3);
    expect((await client.variationByNumber(variationSku(0)))?.id).toBe(1000);
  });

  it('lists order statuses with decimal ids', async () => {
    const statuses = await client.orders.statuses();
    expect(statuses.map((s) => s.statusId)).toContain(5.1);
  });
});

describe('PlentyONE client: orders, contacts, payments', () => {
  it('finds an order by its external order id after creating it, and reads it back', async () => {
    expect(await client.orders.findByExternalId('100000777')).toBeUndefined();
    const created = await newOrderFor('100000777');
    const found = await client.orders.findByExternalId('100000777');
    expect(found?.id).toBe(created.id);
    expect(found?.properties?.find((p) => p.typeId === 7)?.value).toBe('100000777');
    const full = await client.orders.get(created.id, ['addresses', 'relations']);
    expect(full.relations?.[0]?.referenceType).toBe('contact');
    const updated = await client.orders.update(created.id, { statusId: 5.1 });
    expect(updated.statusId).toBe(5.1);
    const changed = [];
    for await (const o of client.orders.updatedSince(new Date(Date.now() - 3_600_000))) changed.push(o.id);
    expect(changed).toContain(created.id);
    expect(await client.orders.shippingPackages(created.id)).toEqual([]);
  });

  it('falls back to the legacy externalOrderId filter on a system without /rest/orders/search', async () => {
    const seen: string[] = [];
    const app = new Hono();
    app.post('/rest/login', (c) => c.json({ access_token: 't', token_type: 'Bearer', expires_in: 86400 }));
    app.get('/rest/orders/search', (c) => {
      seen.push('search');
      return c.json({ error: { code: 404, message: 'Route not found.' } }, 404);
    });
    app.get('/rest/orders', (c) => {
      seen.push(`legacy:${c.req.query('externalOrderId')}`);
      const entries = c.req.query('externalOrderId') === '42' ? [{ id: 9, typeId: 1, statusId: '5.1', properties: [{ typeId: '7', value: '42' }] }] : [];
      return c.json({ page: '1', totalsCount: entries.length, isLastPage: true, entries });
    });
    const server = await serve(app);
    try {
      const legacy = sandboxClient({ ...sb, url: server.url }, { tokenStore: createMemoryTokenStore() });
      expect(await legacy.orders.findByExternalId('42')).toMatchObject({ id: 9, statusId: 5.1 });
      expect(await legacy.orders.findByExternalId('43')).toBeUndefined();
      // The missing route is remembered: asked once.
      expect(seen).toEqual(['search', 'legacy:42', 'legacy:43']);
    } finally {
      await server.close();
    }
  });

  it('finds contacts by e-mail and external id, and links a payment to an order', async () => {
    const order = await newOrderFor('100000778');
    const byMail = await client.contacts.findByEmail('100000778@example.test');
    expect(byMail).toHaveLength(1);
    expect((await client.contacts.findByExternalId('m-100000778'))?.id).toBe(byMail[0]?.id);
    expect(await client.contacts.findByExternalId('nobody')).toBeUndefined();
    const payment = await client.payments.create({ amount: 19.98, mopId: 6001, currency: 'EUR', status: 2, transactionType: 2 });
    const link = await client.payments.linkToOrder(payment.id, order.id);
    expect(link).toMatchObject({ paymentId: payment.id, orderId: order.id });
  });
});

describe('PlentyONE client: bundle components', () => {
  const [bundle, first, second] = [40, 50, 60].map((i) => catalog.variation(i)) as [Variation, Variation, Variation];
  const route = '/rest/items/:id/variations/:variationId/variation_bundles';

  it('adds two components to a bundle variation, lists them, removes one', async () => {
    const bundles = client.items.bundles;
    const a = await bundles.add(bundle.itemId, bundle.variationId, { componentVariationId: first.variationId, componentQuantity: 2 });
    const b = await bundles.add(bundle.itemId, bundle.variationId, { componentVariationId: second.variationId, componentQuantity: 1 });
    expect(a).toMatchObject({ id: expect.any(Number), variationId: bundle.variationId, componentVariationId: first.variationId, componentQuantity: 2 });
    const listed: VariationBundle[] = await bundles.list(bundle.itemId, bundle.variationId);
    expect(listed.map((c) => [c.id, c.componentVariationId, c.componentQuantity])).toEqual([[a.id, first.variationId, 2], [b.id, second.variationId, 1]]);
    await bundles.remove(bundle.itemId, bundle.variationId, a.id!);
    expect((await bundles.list(bundle.itemId, bundle.variationId)).map((c) => c.componentVariationId)).toEqual([second.variationId]);
    expect([sb.calls('POST', route), sb.calls('GET', route), sb.calls('DELETE', `${route}/:bundleId`)]).toEqual([2, 2, 1]);
    // The bundle variation is marked as one in the PIM search (what the item import reads).
    const pim = [];
    for await (const v of client.pim.variations({ ids: [bundle.variationId] })) pim.push(v.base.bundleType);
    expect(pim).toEqual(['bundle']);
    await bundles.remove(bundle.itemId, bundle.variationId, b.id!);
  });

  it('answers an unknown variation with a permanent 404 and an unknown component with a permanent 422, once each', async () => {
    const unknown = await client.items.bundles.list(bundle.itemId, 99_999_999).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(PermanentApiError);
    expect((unknown as PermanentApiError).status).toBe(404);
    const refused = await client.items.bundles.add(bundle.itemId, bundle.variationId, { componentVariationId: 99_999_999, componentQuantity: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentApiError);
    expect((refused as PermanentApiError).status).toBe(422);
    expect((refused as Error).message).toContain('componentVariationId');
    expect(sb.calls('POST', route)).toBe(1);
  });
});

describe('PlentyONE client: renaming names', () => {
  const pairs = (names: { lang?: string | null; name?: string | null }[]) => names.map((n) => [n.lang, n.name]).sort();
  const failure = async (call: Promise<unknown>) => {
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentApiError);
    return err as PermanentApiError;
  };

  it('renames an attribute value in one language; the values list and the names list show it, the other language stays', async () => {
    const attributes = client.items.attributes;
    const value = await attributes.createValue(2, { backendName: 'client-rename-xxl' });
    await attributes.createValueName(value.id, { lang: 'de', name: 'Riesig' });
    await attributes.createValueName(value.id, { lang: 'en', name: 'Huge' });
    expect(await attributes.updateValueName(value.id, 'en', 'Extra large')).toEqual({ valueId: value.id, lang: 'en', name: 'Extra large' });
    expect(pairs(await attributes.valueNames(value.id))).toEqual([['de', 'Riesig'], ['en', 'Extra large']]);
    const listed = (await attributes.values(2)).find((v) => v.id === value.id)!;
    expect(pairs(listed.valueNames!)).toEqual([['de', 'Riesig'], ['en', 'Extra large']]);
    expect(sb.calls('PUT', '/rest/items/attribute_values/:valueId/names/:lang')).toBe(1);
  });

  it('renames a property by the name ids its list answers; the other language and the ids stay', async () => {
    const properties = client.properties;
    const created = await properties.create({ cast: 'selection', names: [{ lang: 'de', name: 'Muster' }, { lang: 'en', name: 'Pattern' }] });
    const listed = (await properties.list()).find((p) => p.id === created.id)!;
    const en = listed.names!.find((n) => n.lang === 'en')!;
    expect(en.id).toEqual(expect.any(Number));
    const renamed = await properties.updateName(en.id!, { propertyId: created.id, lang: 'en', name: 'Print' });
    expect(renamed).toMatchObject({ id: en.id, propertyId: created.id, lang: 'en', name: 'Print' });
    expect(pairs((await properties.list()).find((p) => p.id === created.id)!.names!)).toEqual([['de', 'Muster'], ['en', 'Print']]);
    const names = await properties.propertyNames(created.id);
    expect(names.map((n) => [n.id, n.lang, n.name])).toEqual(listed.names!.map((n) => [n.id, n.lang, n.lang === 'en' ? 'Print' : n.name]));
  });

  it('renames a selection by the name ids its names list (and the selections list) answer', async () => {
    const properties = client.properties;
    const selection = await properties.createSelection(2, [{ lang: 'de', name: 'Trockner' }, { lang: 'en', name: 'Tumble dry' }]);
    const names = await properties.selectionNames(selection.id);
    const fromList = (await properties.selections(2)).find((s) => s.id === selection.id)!.names!;
    expect(fromList.map((n) => n.id)).toEqual(names.map((n) => n.id));
    const en = names.find((n) => n.lang === 'en')!;
    expect(await properties.updateSelectionName(en.id, { selectionId: selection.id, lang: 'en', name: 'Tumble dry, low' })).toMatchObject({ id: en.id, name: 'Tumble dry, low' });
    expect(pairs(await properties.selectionNames(selection.id))).toEqual([['de', 'Trockner'], ['en', 'Tumble dry, low']]);
    expect(pairs((await properties.selections(2)).find((s) => s.id === selection.id)!.names!)).toEqual([['de', 'Trockner'], ['en', 'Tumble dry, low']]);
  });

  it('answers unknown ids with a permanent 404 and an empty name with a permanent 422, each sent once', async () => {
    expect((await failure(client.items.attributes.updateValueName(999_999, 'de', 'x'))).status).toBe(404);
    expect((await failure(client.properties.updateName(999_999, { propertyId: 1, lang: 'de', name: 'x' }))).status).toBe(404);
    expect((await failure(client.properties.updateSelectionName(999_999, { selectionId: 1, lang: 'de', name: 'x' }))).status).toBe(404);
    expect((await failure(client.properties.selectionNames(999_999))).status).toBe(404);
    const [care] = await client.properties.propertyNames(2);
    const empty = await failure(client.properties.updateName(care!.id, { propertyId: 2, lang: care!.lang!, name: '' }));
    expect(empty.status).toBe(422);
    expect(empty.message).toContain('name');
    expect(sb.calls('PUT', '/rest/v2/properties/names/:nameId')).toBe(2);
    expect((await client.properties.propertyNames(2))[0]).toEqual(care);
  });
});

describe('PlentyONE client: errors', () => {
  it('answers a 422 with a permanent error naming the validation failures', async () => {
    const err = await client.orders
      .create({ typeId: 1, plentyId: sb.sandbox.plentyId, orderItems: [{ typeId: 1, itemVariationId: 99_999_999, quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentApiError);
    expect((err as PermanentApiError).status).toBe(422);
    expect((err as Error).message).toContain('orderItems.0.itemVariationId');
    expect(sb.calls('POST', '/rest/orders')).toBe(1);
  });

  it('answers an unknown record with a permanent 404', async () => {
    const err = await client.orders.get(987_654).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentApiError);
    expect((err as PermanentApiError).status).toBe(404);
  });

  it('retries a read after a 500 and succeeds', async () => {
    await sb.fault({ kind: 'error', method: 'GET', path: '/rest/webstores', status: 500, times: 1 });
    const before = client.stats().retries;
    expect(await client.webstores()).toHaveLength(1);
    expect(sb.calls('GET', '/rest/webstores')).toBe(2);
    expect(client.stats().retries).toBe(before + 1);
  });

  it('never retries a write after a 500: transient error, one call', async () => {
    await sb.fault({ kind: 'fail-after-write', method: 'POST', path: '/rest/payments', status: 500 });
    const err = await client.payments.create({ amount: 1, mopId: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientApiError);
    expect((err as TransientApiError).status).toBe(500);
    expect(sb.calls('POST', '/rest/payments')).toBe(1);
  });

  it('turns a read that keeps failing into a transient error after its retries', async () => {
    await sb.fault({ kind: 'error', method: 'GET', path: '/rest/webstores', status: 503 });
    const fast = sandboxClient(sb, { tokenStore, retry: { transient: 2, baseDelayMs: 10 } });
    const err = await fast.webstores().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientApiError);
    expect((err as TransientApiError).status).toBe(503);
    expect(sb.calls('GET', '/rest/webstores')).toBe(3);
  });

  it('times out a call that gets no answer: transient', async () => {
    await sb.fault({ kind: 'timeout', method: 'GET', path: '/rest/orders/referrers', holdMs: 5_000 });
    const impatient = sandboxClient(sb, { tokenStore, timeoutMs: 300, retry: { transient: 0 } });
    const err = await impatient.referrers().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientApiError);
    expect((err as Error).message).toMatch(/no answer within 300 ms/);
    expect(impatient.stats().calls['GET /rest/orders/referrers 0']).toBe(1);
  });

  it('treats a reset connection as transient', async () => {
    await sb.fault({ kind: 'reset', method: 'GET', path: '/rest/payments/methods' });
    const err = await sandboxClient(sb, { tokenStore, retry: { transient: 0 } }).payments.methods().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientApiError);
    expect((err as Error).message).toMatch(/connection failed/);
  });

  it('rejects an answer without the fields plentygate relies on as permanent', async () => {
    const err = await client.request('GET', '/rest/users/me', { schema: z.object({ missing: z.string() }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentApiError);
    expect((err as Error).message).toMatch(/expected shape.*missing/);
  });
});
