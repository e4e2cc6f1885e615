import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { createCatalog, variationSku } from '../../src/sandbox/generator/index.js';
import type { Variation } from '../../src/sandbox/generator/types.js';
import { PlentySandboxClient } from '../../src/sandbox/plenty/client.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';

const VARIATIONS = 100_000;
const catalog = createCatalog({ seed: 7, variations: VARIATIONS });
const received: any[] = [];
let hook: Server;
let server: ServedApp;
let api: PlentySandboxClient;
let sandbox: ReturnType<typeof createPlentySandbox>;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/plenty`;
  sandbox = createPlentySandbox({ catalog, webhook: { url: hookUrl, signKey: 'sign-123' } });
  server = await serve(sandbox.app);
  api = new PlentySandboxClient(server.url);
  await api.login();
});
afterAll(async () => {
  await server.close();
  await new Promise((r) => hook.close(r));
});

describe('PlentyONE sandbox catalog routes', () => {
  it('pages variations with the real envelope: page as a string, last page, clamped page size', async () => {
    const first = await api.get('/rest/items/variations?itemsPerPage=250');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: '1', totalsCount: VARIATIONS, isLastPage: false, lastPageNumber: VARIATIONS / 250, firstOnPage: 1, lastOnPage: 250, itemsPerPage: 250 });
    const clamped = await api.get('/rest/items/variations?itemsPerPage=1000');
    expect(clamped.body.itemsPerPage).toBe(250);
    expect(clamped.body.entries).toHaveLength(250);
    const dflt = await api.get('/rest/items/variations');
    expect(dflt.body.itemsPerPage).toBe(50);
    const last = await api.get(`/rest/items/variations?itemsPerPage=250&page=${VARIATIONS / 250}`);
    expect(last.body).toMatchObject({ page: String(VARIATIONS / 250), isLastPage: true, firstOnPage: VARIATIONS - 249, lastOnPage: VARIATIONS });
    expect(last.body.entries.at(-1).number).toBe(variationSku(VARIATIONS - 1));
    const beyond = await api.get(`/rest/items/variations?itemsPerPage=250&page=${VARIATIONS / 250 + 1}`);
    expect(beyond.body).toMatchObject({ isLastPage: true, entries: [], firstOnPage: 0 });
  });

  it('pages 100,000 variations and their stock without writing or materialising records', async () => {
    const deep = await api.get('/rest/stockmanagement/stock?itemsPerPage=250&page=1000');
    expect(deep.body.totalsCount).toBe(VARIATIONS * catalog.warehouses.length);
    expect(deep.body.entries).toHaveLength(250);
    const state = (await (await fetch(`${server.url}/_sandbox/state`)).json()) as any;
    expect(state.records.writtenVariations).toBe(0);
    expect(state.records.stockRowsWritten).toBe(0);
  });

  it('finds a variation by number (numberExact) with its prices and barcodes', async () => {
    const sku = variationSku(4242);
    const res = await api.get(`/rest/items/variations?numberExact=${sku}&with=variationSalesPrices,variationBarcodes`);
    expect(res.body.totalsCount).toBe(1);
    const v = res.body.entries[0];
    expect(v).toMatchObject({ id: 1000 + 4242, number: sku });
    expect(v.variationSalesPrices[0]).toMatchObject({ variationId: v.id, salesPriceId: 1, price: catalog.variation(4242).price });
    const none = await api.get('/rest/items/variations?numberExact=NOPE-1');
    expect(none.body).toMatchObject({ totalsCount: 0, entries: [] });
  });

  it('answers bare arrays where the real API does', async () => {
    for (const path of ['/rest/stockmanagement/warehouses', '/rest/orders/referrers', '/rest/payments/methods', '/rest/webstores']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(200);
      expect(Array.isArray(res.body), path).toBe(true);
    }
  });

  it('filters stock by variation, warehouse and update time; corrections and control changes show up', async () => {
    const vid = 1000 + 77;
    const byVariation = await api.get(`/rest/stockmanagement/stock?variationId=${vid}`);
    expect(byVariation.body.totalsCount).toBe(catalog.warehouses.length);
    const perWarehouse = await api.get(`/rest/stockmanagement/warehouses/1/stock?variationId=${vid}`);
    expect(perWarehouse.body.entries.map((e: any) => e.warehouseId)).toEqual([1]);
    const since = new Date(Date.now() - 1000).toISOString();
    const before = await api.get(`/rest/stockmanagement/stock?updatedAtFrom=${encodeURIComponent(since)}`);
    expect(before.body.totalsCount).toBe(0);
    const corr = await api.put('/rest/stockmanagement/warehouses/1/stock/correction', { corrections: [{ variationId: vid, quantity: 17, storageLocationId: 0, reasonId: 301 }] });
    expect(corr.status).toBe(200);
    const ctl = await fetch(`${server.url}/_sandbox/stock`, { method: 'POST', body: JSON.stringify({ variationId: vid + 1, warehouseId: 2, delta: 5 }) });
    expect(ctl.status).toBe(200);
    const after = await api.get(`/rest/stockmanagement/stock?updatedAtFrom=${encodeURIComponent(since)}`);
    expect(after.body.totalsCount).toBe(2);
    expect(after.body.entries[0]).toMatchObject({ variationId: vid, warehouseId: 1, stockPhysical: 17 });
    const unix = await api.get(`/rest/stockmanagement/stock?updatedAtFrom=${Math.floor(Date.parse(since) / 1000)}&warehouseId=2`);
    expect(unix.body.entries.map((e: any) => e.variationId)).toEqual([vid + 1]);
    const bad = await api.put('/rest/stockmanagement/warehouses/1/stock/correction', { variationId: 999_999_999, quantity: 1, reasonId: 301 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.validation_errors).toHaveProperty('variationId');
  });

  it('sends a webhook carrying the sign key and entity ids when stock changes', async () => {
    const deliveries = (await (await fetch(`${server.url}/_sandbox/webhooks`)).json()) as any;
    expect(deliveries.deliveries.length).toBeGreaterThanOrEqual(2);
    const stockHook = received.find((b) => b.event === 'stock.updated' && b.variationIds.includes(1078));
    expect(stockHook).toMatchObject({ signKey: 'sign-123', entity: 'stock', warehouseIds: [2] });
  });

  it('writes prices in bulk (max 50 per call) and by variation; relatedUpdatedAt moves', async () => {
    const rows = [1000, 1001, 1002].map((variationId) => ({ variationId, salesPriceId: 1, price: 12.34 }));
    const ok = await api.put('/rest/items/variations/variation_sales_prices', rows);
    expect(ok.status).toBe(200);
    // PlentyONE answers bulk writes as {success, failed}, keyed by the row's position in the call.
    expect(Object.keys(ok.body.success)).toEqual(['0', '1', '2']);
    expect(ok.body.failed).toEqual([]);
    const tooMany = await api.post('/rest/items/variations/variation_sales_prices', Array.from({ length: 51 }, () => rows[0]));
    expect(tooMany.status).toBe(422);
    const v = (await api.get('/rest/items/variations?id=1001&with=variationSalesPrices')).body.entries[0];
    expect(v.variationSalesPrices.find((p: any) => p.salesPriceId === 1).price).toBe(12.34);
    const item = v.itemId;
    const single = await api.put(`/rest/items/${item}/variations/1001/variation_sales_prices/1`, { price: 9.99 });
    expect(single.body).toMatchObject({ variationId: 1001, salesPriceId: 1, price: 9.99 });
    const related = await api.get(`/rest/items/variations?relatedUpdatedBetween=${Math.floor(Date.now() / 1000) - 60}`);
    expect(related.body.entries.map((e: any) => e.id)).toEqual([1000, 1001, 1002]);
  });

  it('creates an item with a variation, texts and a barcode, found again by number', async () => {
    const created = await api.post('/rest/items', { variations: [{ number: 'M2P-NEW-1', variationCategories: [{ categoryId: 10 }], unit: { unitId: 1, content: 1 } }] });
    expect(created.status).toBe(200);
    const itemId = created.body.id;
    const v = (await api.get('/rest/items/variations?numberExact=M2P-NEW-1')).body.entries[0];
    expect(v).toMatchObject({ itemId, isMain: true });
    const text = await api.post(`/rest/items/${itemId}/variations/${v.id}/descriptions`, { lang: 'de', name: 'Neu', description: '<p>x</p>', urlPath: 'neu' });
    expect(text.body).toMatchObject({ itemId, lang: 'de', name: 'Neu' });
    const barcode = await api.post(`/rest/items/${itemId}/variations/${v.id}/variation_barcodes`, { barcodeId: 1, code: '4006381333931' });
    expect(barcode.body).toMatchObject({ variationId: v.id, code: '4006381333931' });
    const dup = await api.post('/rest/items', { variations: [{ number: 'M2P-NEW-1' }] });
    expect(dup.status).toBe(422);
    const missing = await api.post('/rest/items', {});
    expect(missing.body.error.validation_errors).toHaveProperty('variations');
  });

  it('lists categories with details and creates them from an array', async () => {
    const list = await api.get('/rest/categories?type=item&with=details&lang=de&itemsPerPage=5');
    expect(list.body.entries[0].details.every((d: any) => d.lang === 'de')).toBe(true);
    const created = await api.post('/rest/categories', [{ parentCategoryId: 10, type: 'item', right: 'all', details: [{ plentyId: 1000, lang: 'de', name: 'Neue Kategorie' }], clients: [{ plentyId: 1000 }] }]);
    expect(created.status).toBe(200);
    expect(created.body[0]).toMatchObject({ parentCategoryId: 10, level: 2 });
    const put = await api.put('/rest/categories', [{ id: created.body[0].id, details: [{ lang: 'en', name: 'New category', plentyId: 1000 }] }]);
    expect(put.body[0].details.map((d: any) => d.lang).sort()).toEqual(['de', 'en']);
  });

  describe('bundle components (variation_bundles)', () => {
    const [bundle, first, second] = [500, 600, 700].map((i) => catalog.variation(i)) as [Variation, Variation, Variation];
    const route = (v: Variation = bundle) => `/rest/items/${v.itemId}/variations/${v.variationId}/variation_bundles`;
    const variation = async (v: Variation) => (await api.get(`/rest/items/variations?id=${v.variationId}`)).body.entries[0];
    const components = async () => (await api.get(route())).body.map((c: any) => [c.componentVariationId, c.componentQuantity]);

    it('adds two components, lists them, removes one; bundleType follows, updatedAt and relatedUpdatedAt stay', async () => {
      const before = await variation(bundle);
      expect(before.bundleType).toBeNull();
      expect((await api.get(route())).body).toEqual([]);
      const a = await api.post(route(), { componentVariationId: first.variationId, componentQuantity: 2 });
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ variationId: bundle.variationId, componentVariationId: first.variationId, componentQuantity: 2, createdAt: expect.any(String), lastUpdatedTimestamp: expect.any(String) });
      // The quantity defaults to 1; a repeated variationId in the body is the route's.
      const b = await api.post(route(), { variationId: bundle.variationId, componentVariationId: second.variationId });
      expect(b.body).toMatchObject({ componentVariationId: second.variationId, componentQuantity: 1 });
      expect(b.body.id).not.toBe(a.body.id);
      expect(await components()).toEqual([[first.variationId, 2], [second.variationId, 1]]);
      expect(await variation(bundle)).toMatchObject({ bundleType: 'bundle', updatedAt: before.updatedAt, relatedUpdatedAt: before.relatedUpdatedAt });
      expect((await variation(first)).bundleType).toBe('bundle_item');
      // A component's own list is empty: it bundles nothing.
      expect((await api.get(route(first))).body).toEqual([]);

      expect((await api.delete(`${route()}/${a.body.id}`)).status).toBe(200);
      expect(await components()).toEqual([[second.variationId, 1]]);
      expect((await variation(first)).bundleType).toBeNull();
      expect((await variation(bundle)).bundleType).toBe('bundle');
      expect((await api.delete(`${route()}/${a.body.id}`)).status).toBe(404);
      expect((await api.delete(`${route()}/${b.body.id}`)).status).toBe(200);
      expect([(await variation(bundle)).bundleType, (await variation(second)).bundleType]).toEqual([null, null]);
    });

    it('refuses an unknown item or variation (404), and an unknown, repeated or unfit component (422)', async () => {
      // An unknown item, another item's variation, an unknown variation.
      const paths = [9_999_999, first.itemId].map((itemId) => `/rest/items/${itemId}/variations/${bundle.variationId}/variation_bundles`);
      for (const path of [...paths, `/rest/items/${bundle.itemId}/variations/999999999/variation_bundles`]) {
        expect((await api.get(path)).status).toBe(404);
        expect((await api.post(path, { componentVariationId: first.variationId })).body).toEqual({ error: { code: 404, message: 'Variation not found.' } });
      }
      const refused = async (body: Record<string, unknown>, v: Variation = bundle) => {
        const res = await api.post(route(v), body);
        expect(res.status).toBe(422);
        return res.body.error.validation_errors;
      };
      expect(await refused({ componentVariationId: 999_999_999 })).toEqual({ componentVariationId: ['The selected component variation id is invalid.'] });
      expect(await refused({})).toHaveProperty('componentVariationId');
      expect(await refused({ componentVariationId: bundle.variationId })).toHaveProperty('componentVariationId');
      expect(await refused({ componentVariationId: first.variationId, componentQuantity: 0 })).toHaveProperty('componentQuantity');
      expect(await refused({ componentVariationId: first.variationId, componentQuantity: 1.5 })).toHaveProperty('componentQuantity');

      const link = (await api.post(route(), { componentVariationId: first.variationId, componentQuantity: 1 })).body;
      expect(await refused({ componentVariationId: first.variationId })).toEqual({ componentVariationId: ['The component variation id has already been taken.'] });
      // bundleType holds one value: a bundle is no component, a component no bundle.
      expect(await refused({ componentVariationId: bundle.variationId }, second)).toHaveProperty('componentVariationId');
      expect(await refused({ componentVariationId: second.variationId }, first)).toHaveProperty('variationId');
      expect((await api.delete(`${route()}/999999`)).status).toBe(404);
      expect((await api.delete(`${route(first)}/${link.id}`)).status).toBe(404);
      expect(await components()).toEqual([[first.variationId, 1]]);
      expect((await api.delete(`${route()}/${link.id}`)).status).toBe(200);
    });
  });

  describe('renaming attribute value, property and selection names', () => {
    /** The 422 envelope's field errors, after checking its status. */
    const refused = async (res: Promise<{ status: number; body: any }>) => {
      const answer = await res;
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({ code: 422, message: 'The given data was invalid.' });
      return answer.body.error.validation_errors;
    };
    const notFound = async (res: Promise<{ status: number; body: any }>, message: string) => {
      const answer = await res;
      expect([answer.status, answer.body]).toEqual([404, { error: { code: 404, message } }]);
    };
    const pairs = (names: { lang: string; name: string }[]) => names.map((n) => [n.lang, n.name]).sort();

    it('renames an attribute value in one language: lists and the names route show it, the other language and the id stay', async () => {
      const value = (await api.post('/rest/items/attributes/1/values', { backendName: 'Rename linen' })).body;
      await api.post(`/rest/items/attribute_values/${value.id}/names`, { lang: 'de', name: 'Leinen' });
      await api.post(`/rest/items/attribute_values/${value.id}/names`, { lang: 'en', name: 'Linen' });
      const put = await api.put(`/rest/items/attribute_values/${value.id}/names/en`, { valueId: value.id, lang: 'en', name: 'Flax' });
      expect([put.status, put.body]).toEqual([200, { valueId: value.id, lang: 'en', name: 'Flax' }]);
      expect(pairs((await api.get(`/rest/items/attribute_values/${value.id}/names`)).body)).toEqual([['de', 'Leinen'], ['en', 'Flax']]);
      const listed = (await api.get('/rest/items/attributes/1/values?with=names&itemsPerPage=250')).body.entries.find((v: any) => v.id === value.id);
      expect(pairs(listed.valueNames)).toEqual([['de', 'Leinen'], ['en', 'Flax']]);
      expect(listed.backendName).toBe('Rename linen');
    });

    it('renames a generated value in this sandbox only', async () => {
      const put = await api.put('/rest/items/attribute_values/101/names/en', { name: 'Jet black' });
      expect(put.body).toEqual({ valueId: 101, lang: 'en', name: 'Jet black' });
      const listed = (await api.get('/rest/items/attributes/1/values?with=names')).body.entries.find((v: any) => v.id === 101);
      expect(pairs(listed.valueNames)).toEqual([['de', 'Schwarz'], ['en', 'Jet black'], ['fr', 'Noir']]);
      expect(listed.updatedAt).not.toBe('2020-01-01T00:00:00+00:00');
      const other = createPlentySandbox({ catalog: createCatalog({ seed: 1, variations: 10 }) });
      expect(pairs(other.stores.attributes.valueNames(101)!)).toEqual([['de', 'Schwarz'], ['en', 'Black'], ['fr', 'Noir']]);
    });

    it('refuses an attribute value rename of an unknown value or language (404) and an empty name (422)', async () => {
      const value = (await api.post('/rest/items/attributes/1/values', { backendName: 'Rename wool' })).body;
      await api.post(`/rest/items/attribute_values/${value.id}/names`, { lang: 'de', name: 'Wolle' });
      await notFound(api.put(`/rest/items/attribute_values/${value.id}/names/en`, { name: 'Wool' }), 'Attribute value name not found.');
      await notFound(api.put('/rest/items/attribute_values/999999/names/de', { name: 'x' }), 'Attribute value not found.');
      await notFound(api.get('/rest/items/attribute_values/999999/names'), 'Attribute value not found.');
      expect(await refused(api.put(`/rest/items/attribute_values/${value.id}/names/de`, { name: '' }))).toEqual({ name: ['The name field is required.'] });
      expect(await refused(api.put(`/rest/items/attribute_values/${value.id}/names/de`, { name: '   ' }))).toHaveProperty('name');
      expect(await refused(api.put(`/rest/items/attribute_values/${value.id}/names/de`, {}))).toHaveProperty('name');
      expect((await api.get(`/rest/items/attribute_values/${value.id}/names`)).body).toEqual([{ valueId: value.id, lang: 'de', name: 'Wolle' }]);
    });

    it('renames a property in one language by the name id: the list with names, the names routes show it, ids stay', async () => {
      const property = (await api.post('/rest/v2/properties', { cast: 'selection', type: 'item', names: [{ lang: 'de', name: 'Stoff' }, { lang: 'en', name: 'Fabric' }] })).body;
      const names = (await api.get(`/rest/v2/properties/${property.id}/names`)).body;
      expect(names).toEqual(property.names);
      const en = names.find((n: any) => n.lang === 'en');
      const put = await api.put(`/rest/v2/properties/names/${en.id}`, { propertyId: property.id, lang: 'en', name: 'Textile' });
      expect(put.body).toEqual({ ...en, name: 'Textile' });
      const listed = (await api.get('/rest/v2/properties?with=names&itemsPerPage=250')).body.entries.find((p: any) => p.id === property.id);
      expect(listed.names).toEqual(names.map((n: any) => (n.id === en.id ? { ...n, name: 'Textile' } : n)));
      expect((await api.get(`/rest/v2/properties/names/${en.id}`)).body).toEqual({ ...en, name: 'Textile' });
      // `name` may be left out (the OpenAPI calls it optional): the description changes, the name stays.
      expect((await api.put(`/rest/v2/properties/names/${en.id}`, { description: 'What it is made of' })).body).toMatchObject({ name: 'Textile', description: 'What it is made of' });
    });

    it('renames a selection in one language by the name id: the selection lists and names routes show it, ids stay', async () => {
      const selection = (await api.post('/rest/v2/properties/selections', { propertyId: 2, names: [{ lang: 'de', name: 'Bügeln' }, { lang: 'en', name: 'Iron' }] })).body;
      const names = (await api.get(`/rest/v2/properties/selections/${selection.id}/names`)).body;
      expect(names).toEqual(selection.names);
      expect(names.map((n: any) => [n.selectionId, n.lang, typeof n.id])).toEqual([[selection.id, 'de', 'number'], [selection.id, 'en', 'number']]);
      const de = names.find((n: any) => n.lang === 'de');
      const put = await api.put(`/rest/v2/properties/selections/names/${de.id}`, { selectionId: selection.id, lang: 'de', name: 'Bügeln erlaubt' });
      expect(put.body).toEqual({ ...de, name: 'Bügeln erlaubt' });
      const listed = (await api.get('/rest/v2/properties/2/selections?with=names')).body.entries.find((x: any) => x.id === selection.id);
      expect(listed.names).toEqual(names.map((n: any) => (n.id === de.id ? { ...n, name: 'Bügeln erlaubt' } : n)));
      expect((await api.get(`/rest/v2/properties/selections/names/${de.id}`)).body.name).toBe('Bügeln erlaubt');
    });

    it('refuses renames of unknown property and selection names (404), empty names and moves (422)', async () => {
      const [care] = (await api.get('/rest/v2/properties/2/names')).body;
      const [wash] = (await api.get('/rest/v2/properties/selections/1/names')).body;
      await notFound(api.put('/rest/v2/properties/names/999999', { name: 'x' }), 'Property name not found.');
      await notFound(api.get('/rest/v2/properties/names/999999'), 'Property name not found.');
      await notFound(api.get('/rest/v2/properties/999999/names'), 'Property not found.');
      await notFound(api.put('/rest/v2/properties/selections/names/999999', { name: 'x' }), 'Property selection name not found.');
      await notFound(api.get('/rest/v2/properties/selections/999999/names'), 'Property selection not found.');
      expect(await refused(api.put(`/rest/v2/properties/names/${care.id}`, { name: '' }))).toEqual({ name: ['The name field is required.'] });
      expect(await refused(api.put(`/rest/v2/properties/selections/names/${wash.id}`, { name: ' ' }))).toEqual({ name: ['The name field is required.'] });
      expect(await refused(api.put(`/rest/v2/properties/names/${care.id}`, { propertyId: 1, lang: care.lang, name: 'x' }))).toHaveProperty('propertyId');
      expect(await refused(api.put(`/rest/v2/properties/selections/names/${wash.id}`, { selectionId: 2, name: 'x' }))).toHaveProperty('selectionId');
      expect(await refused(api.put(`/rest/v2/properties/selections/names/${wash.id}`, { lang: 'fr', name: 'x' }))).toHaveProperty('lang');
      expect((await api.get(`/rest/v2/properties/names/${care.id}`)).body).toEqual(care);
      expect((await api.get(`/rest/v2/properties/selections/names/${wash.id}`)).body).toEqual(wash);
    });
  });
});
