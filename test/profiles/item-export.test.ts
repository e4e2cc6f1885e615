import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors, type Connectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { profiles } from '../../src/db/schema/index.js';
import { createLinkStore } from '../../src/profiles/links.js';
import type { RunInput } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { itemExportType } from '../../src/profiles/types/plenty_item_export/index.js';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import type { Catalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile, silentLog } from './support/memory-type.js';
import { itemExportConfig, linkReferences } from './support/item-export-setup.js';

const VARIATIONS = 16;

const config = { ...itemExportConfig, collection: { mode: 'full' } };

interface RequestLog { byRoute: Record<string, number> }

describe(`item export (Magento → PlentyONE) on ${engine}`, () => {
  let db: TestDatabase;
  let plenty: ServedApp;
  let magento: ServedApp;
  let connectors: Connectors;
  let catalog: Catalog;
  let profileId: number;
  const registry = new ProfileRegistry([itemExportType]);

  beforeAll(async () => {
    db = await createTestDatabase();
    catalog = createCatalog({ seed: 42, variations: VARIATIONS });
    // PlentyONE starts empty: everything in it comes from the export.
    plenty = await serve(createPlentySandbox({ plan: 'plus' }).app);
    magento = await serve(createMagentoSandbox({ catalog }).app);
    const box = new SecretBox(randomBytes(32));
    const credentials = createCredentialStore(db.db, box);
    await credentials.set('plenty', { kind: 'plenty', baseUrl: plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `item-export-${randomBytes(4).toString('hex')}:` });
    await linkReferences(createLinkStore(db.db), catalog, plenty.url);
    profileId = (await insertProfile(db.db, 'plenty_item_export', config)).id;
  });

  afterAll(async () => {
    await connectors?.close();
    await plenty?.close();
    await magento?.close();
    await db?.destroy();
  });

  const run = (input: RunInput) => executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId, trigger: 'manual', input });
  const requests = async (): Promise<RequestLog> => (await fetch(`${plenty.url}/_sandbox/requests`)).json() as Promise<RequestLog>;
  const resetRequests = () => fetch(`${plenty.url}/_sandbox/requests`, { method: 'DELETE' });
  const writes = async () => Object.fromEntries(Object.entries((await requests()).byRoute).filter(([route]) => !route.startsWith('GET ') && !route.includes('/login')));
  const client = () => connectors.plenty('plenty');
  const variationOf = async (sku: string) => {
    const c = await client();
    const page = await c.request('GET', '/rest/items/variations', { query: { numberExact: sku, with: 'variationSalesPrices,variationBarcodes,variationAttributeValues,variationCategories' } }) as { entries: Record<string, unknown>[] };
    return page.entries[0];
  };
  const items = () => {
    const byItem = new Map<number, string[]>();
    for (let i = 0; i < VARIATIONS; i++) {
      const v = catalog.variation(i);
      byItem.set(v.itemIndex, [...(byItem.get(v.itemIndex) ?? []), v.sku]);
    }
    return byItem;
  };

  it('a full export creates each item and variation once, with texts, prices and barcodes', async () => {
    await resetRequests();
    const result = await run({ mode: 'full' });
    const expectedItems = items().size;
    expect(result).toMatchObject({ status: 'completed', created: expectedItems, failed: 0 });
    const w = await writes();
    expect(w['POST /rest/items']).toBe(expectedItems);
    expect(w['POST /rest/items/:itemId/variations'] ?? 0).toBe(VARIATIONS - expectedItems);

    const v = catalog.variation(0);
    const written = await variationOf(v.sku);
    expect(written).toMatchObject({ number: v.sku, isActive: v.active, weightG: v.weightGrams });
    const prices = (written!.variationSalesPrices as { salesPriceId: number; price: number }[]).map((p) => [p.salesPriceId, p.price]);
    expect(prices).toContainEqual([1, v.price]);
    if (v.specialPrice !== null) expect(prices).toContainEqual([2, v.specialPrice]);
    if (v.ean) expect(written!.variationBarcodes).toMatchObject([{ barcodeId: 1, code: v.ean }]);
    const c = await client();
    const texts = await c.request('GET', '/rest/items/{id}/variations/{variationId}/descriptions', { path: { id: Number(written!.itemId), variationId: Number(written!.id) } }) as { lang: string; name: string }[];
    const item = catalog.item(v.itemIndex);
    expect(texts.map((t) => t.lang).sort()).toEqual(['de', 'en']);
    expect(texts.find((t) => t.lang === 'de')?.name).toBe(item.type === 'simple' ? v.names.de : item.texts.de.name);
    const images = await c.request('GET', '/rest/items/{id}/images', { path: { id: Number(written!.itemId) } }) as { url: string }[];
    expect(images).toHaveLength(1);
    // Only linked categories are assigned, as their PlentyONE counterparts.
    const owner = catalog.item(v.itemIndex);
    const linked = await createLinkStore(db.db).getMany('category', (owner.type === 'simple' ? v.categoryIndexes : owner.categoryIndexes).map((i) => String(3 + i)));
    const categoryIds = (written!.variationCategories as { categoryId: number }[]).map((x) => x.categoryId);
    expect(categoryIds.sort()).toEqual([...linked.values()].map((l) => Number(l.plentyId)).sort());
  });

  it('a configurable becomes one item with one variation per child, carrying its attribute values', async () => {
    const configurable = [...items().values()].find((skus) => skus.length > 1);
    expect(configurable).toBeDefined();
    const variations = await Promise.all(configurable!.map(variationOf));
    expect(new Set(variations.map((v) => v!.itemId)).size).toBe(1);
    for (const [k, sku] of configurable!.entries()) {
      const expected = catalog.variation(catalog.variationIndexBySku(sku)!).attributes.map((a) => ({ attributeId: a.attributeId, valueId: a.valueId }));
      expect(variations[k]!.variationAttributeValues).toEqual(expected.map((e) => expect.objectContaining(e)));
    }
  });

  it('a second run writes nothing', async () => {
    await resetRequests();
    const result = await run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await writes()).toEqual({});
  });

  it('a price changed in Magento is written alone by an ids run', async () => {
    const v = catalog.variation(0);
    const answer = await fetch(`${magento.url}/rest/all/V1/products/${encodeURIComponent(v.sku)}`, {
      method: 'PUT', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ product: { sku: v.sku, price: 123.45 } }),
    });
    expect(answer.status).toBe(200);
    await resetRequests();
    const result = await run({ mode: 'ids', ids: [v.sku] });
    expect(result).toMatchObject({ status: 'completed', updated: 1 });
    expect(await writes()).toEqual({ 'PUT /rest/items/variations/variation_sales_prices': 1 });
    const prices = (await variationOf(v.sku))!.variationSalesPrices as { salesPriceId: number; price: number }[];
    expect(prices.find((p) => p.salesPriceId === 1)?.price).toBe(123.45);
  });

  it('ten ids runs for the same SKU (a burst of saves) create it once and then write nothing', async () => {
    const sku = 'PG-NEW-0001';
    const created = await fetch(`${magento.url}/rest/all/V1/products`, {
      method: 'POST', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ product: { sku, name: 'Burst', price: 10, status: 1, visibility: 4, type_id: 'simple', attribute_set_id: 4, weight: 0.5, custom_attributes: [{ attribute_code: 'ean', value: '4006381333931' }] } }),
    });
    expect(created.status).toBe(200);
    await resetRequests();
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await run({ mode: 'ids', ids: [sku] }));
    expect(results.map((r) => r.created + r.updated)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const w = await writes();
    expect(w['POST /rest/items']).toBe(1);
    expect(w['PUT /rest/items/:itemId/variations/:variationId'] ?? 0).toBe(0);
    expect((await variationOf(sku))).toMatchObject({ number: sku, weightG: 500 });
  });

  it('a child and its configurable named in one run are written once, as one item', async () => {
    const childSku = [...items().values()].find((skus) => skus.length > 1)![0]!;
    const parent = catalog.item(catalog.variation(catalog.variationIndexBySku(childSku)!).itemIndex);
    const answer = await fetch(`${magento.url}/rest/all/V1/products/${encodeURIComponent(childSku)}`, {
      method: 'PUT', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ product: { sku: childSku, price: 77.5 } }),
    });
    expect(answer.status).toBe(200);
    await resetRequests();
    const result = await run({ mode: 'ids', ids: [childSku, parent.sku] });
    expect(result).toMatchObject({ status: 'completed', processed: 2, updated: 1, skipped: 1, failed: 0 });
    expect(await writes()).toEqual({ 'PUT /rest/items/variations/variation_sales_prices': 1 });
  });

  const newProduct = async (sku: string) => {
    const res = await fetch(`${magento.url}/rest/all/V1/products`, {
      method: 'POST', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ product: { sku, name: sku, price: 10, status: 1, visibility: 4, type_id: 'simple', attribute_set_id: 4, weight: 0.5, custom_attributes: [{ attribute_code: 'ean', value: '4006381333931' }], media_gallery_entries: [{ file: `/c/u/${sku}.jpg`, media_type: 'image', position: 1 }] } }),
    });
    expect(res.status).toBe(200);
  };
  const variationsNumbered = async (sku: string) => {
    const page = await (await client()).request('GET', '/rest/items/variations', { query: { numberExact: sku } }) as { entries: { itemId: number }[] };
    return page.entries;
  };

  it('a batch cut short after its writes is finished by the next run without writing anything twice', async () => {
    const sku = 'PG-CUT-0001';
    await newProduct(sku);
    // The batch's last call fails: item, barcode, texts and image are in PlentyONE, its links are not saved.
    const fault = await fetch(`${plenty.url}/_sandbox/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'error', status: 503, method: 'POST', path: '/rest/items/variations/variation_sales_prices', times: 1 }),
    });
    expect(fault.status).toBeLessThan(300);
    await expect(run({ mode: 'ids', ids: [sku] })).rejects.toThrow(/503/);
    await resetRequests();
    const result = await run({ mode: 'ids', ids: [sku] });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 1, failed: 0 });
    // Read back from PlentyONE; only the prices were still missing.
    expect(await writes()).toEqual({ 'POST /rest/items/variations/variation_sales_prices': 1 });
    const [variation] = await variationsNumbered(sku);
    expect(await variationsNumbered(sku)).toHaveLength(1);
    const images = await (await client()).request('GET', '/rest/items/{id}/images', { path: { id: variation!.itemId } }) as unknown[];
    expect(images).toHaveLength(1);
    await resetRequests();
    expect(await run({ mode: 'ids', ids: [sku] })).toMatchObject({ status: 'completed', updated: 0, skipped: 1 });
    expect(await writes()).toEqual({});
  });

  it('a SKU PlentyONE has already is adopted, not created again', async () => {
    const sku = 'PG-THERE-0001';
    await (await client()).items.create({ variations: [{ number: sku, isActive: true, variationClients: [{ plentyId: 1000 }] }] });
    await newProduct(sku);
    await resetRequests();
    const result = await run({ mode: 'ids', ids: [sku] });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 1, failed: 0 });
    expect(await variationsNumbered(sku)).toHaveLength(1);
    expect(await variationOf(sku)).toMatchObject({ number: sku, weightG: 500 });
  });

  it('a mapping to something that does not exist is a config validation error, not a crash', async () => {
    const bad = async (patch: Record<string, unknown>) => {
      await db.db.update(profiles).set({ config: { ...config, ...patch } }).where(eq(profiles.id, profileId));
      await resetRequests();
      const error = await run({ mode: 'full' }).then(() => undefined, (e: Error) => e);
      expect(error?.name).toBe('NonRetryableError');
      expect(await writes()).toEqual({});
      return error!.message;
    };
    try {
      expect(await bad({ fields: [{ attribute: 'weight', field: 'weightKg' }] })).toMatch(/config is invalid[\s\S]*fields\.0\.field/);
      expect(await bad({ texts: [{ attribute: 'name', field: 'name', language: 'fr' }] })).toMatch(/no store view is mapped to language "fr"/);
      expect(await bad({ prices: { regular: 7 } })).toMatch(/prices\.regular: PlentyONE has no sales price 7/);
    } finally {
      await db.db.update(profiles).set({ config }).where(eq(profiles.id, profileId));
    }
  });
});
