/**
 * The Magento client's REST helpers for catalog, stock, customers and stores against the Magento
 * sandbox over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCriteria, type SourceItemInput } from '../../src/connectors/magento/index.js';
import { startMagentoHarness, type MagentoHarness } from './magento-support.js';

let m: MagentoHarness;
beforeAll(async () => {
  m = await startMagentoHarness({ variations: 120, orders: 10 });
});
afterAll(async () => {
  await m?.close();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('products', () => {
  it('gets by SKU, per store view, and scans the catalog page by page', async () => {
    const client = m.client();
    const first = [...m.sandbox.store.products.iterate()][0]!;
    const product = await client.products.get(first.sku);
    expect(product).toMatchObject({ sku: first.sku, id: first.id, type_id: first.typeId });
    const de = await m.client({ storeCode: 'de' }).products.get(first.sku);
    expect(de.sku).toBe(first.sku);

    const total = m.sandbox.store.products.count;
    await m.resetRequests();
    const all = await collect(client.products.scan(searchCriteria().sortBy('entity_id'), { pageSize: 50 }));
    expect(all.length).toBe(total);
    expect(new Set(all.map((p) => p.sku)).size).toBe(total);
    expect((await m.requests())['GET /rest/V1/products']).toBe(Math.ceil(total / 50));
    expect((await m.requests())['GET /rest/:storeCode/V1/products/:sku']).toBeUndefined();
  });

  it('saves (upsert) and updates a product in global scope', async () => {
    const client = m.client();
    const saved = await client.products.save({
      sku: 'PLENTY-NEW-1',
      name: 'New from PlentyONE',
      attribute_set_id: 4,
      price: 12.5,
      status: 1,
      visibility: 4,
      type_id: 'simple',
      weight: 0.3,
    });
    expect(saved).toMatchObject({ sku: 'PLENTY-NEW-1', name: 'New from PlentyONE', price: 12.5 });
    const again = await client.products.save({ sku: 'PLENTY-NEW-1', name: 'New from PlentyONE', price: 12.5 });
    expect(again.id).toBe(saved.id);
    const updated = await client.products.update('PLENTY-NEW-1', { price: 14 });
    expect(updated.price).toBe(14);
    expect((await m.requests())['POST /rest/:storeCode/V1/products']).toBeGreaterThanOrEqual(2);
  });
});

describe('MSI source items', () => {
  it('saves quantities in batches (each answered []) and reads them back', async () => {
    const client = m.client();
    const sources = await client.sources.list();
    expect(sources.length).toBeGreaterThan(0);
    const source = sources[0]!.source_code;
    const skus = [...m.sandbox.store.products.iterate()].filter((p) => p.typeId === 'simple').slice(0, 45).map((p) => p.sku);
    const items: SourceItemInput[] = skus.map((sku, i) => ({ sku, source_code: source, quantity: 100 + i, status: 1 }));
    await m.resetRequests();
    expect(await client.sourceItems.save(items, { batchSize: 20 })).toBe(3);
    expect((await m.requests())['POST /rest/:storeCode/V1/inventory/source-items']).toBe(3);

    const found = await client.sourceItems.search(
      searchCriteria().where('sku', skus.slice(0, 3), 'in').where('source_code', source).pageSize(50),
    );
    expect(found.items.map((i) => [i.sku, i.quantity]).sort()).toEqual(skus.slice(0, 3).map((sku, i) => [sku, 100 + i]).sort());
  });

  it('retries a batch through a 500, since saving the same quantities twice is harmless', async () => {
    const client = m.client();
    const source = (await client.sources.list())[0]!.source_code;
    const sku = [...m.sandbox.store.products.iterate()].find((p) => p.typeId === 'simple')!.sku;
    await m.fault({ method: 'POST', path: '/rest/all/V1/inventory/source-items', kind: 'error', status: 500, times: 1 });
    await m.resetRequests();
    expect(await client.sourceItems.save([{ sku, source_code: source, quantity: 7, status: 1 }])).toBe(1);
    expect((await m.requests())['POST /rest/:storeCode/V1/inventory/source-items']).toBe(2);
    await m.clearFaults();
    expect(m.sandbox.store.inventory.itemsOf(sku).find((i) => i.sourceCode === source)?.quantity).toBe(7);
  });
});

describe('customers', () => {
  it('creates, finds and updates a customer', async () => {
    const client = m.client();
    const created = await client.customers.create({ email: 'plenty.contact@example.org', firstname: 'Ada', lastname: 'Lovelace', website_id: 1 });
    expect(created).toMatchObject({ email: 'plenty.contact@example.org', firstname: 'Ada' });
    const found = await client.customers.search(searchCriteria().where('email', 'plenty.contact@example.org'));
    expect(found.items.map((c) => c.id)).toEqual([created.id]);
    const updated = await client.customers.update(created.id, { email: created.email, firstname: 'Ada', lastname: 'King' });
    expect(updated.lastname).toBe('King');
  });
});

describe('categories and stores', () => {
  it('reads the tree and the list, creates and renames a category', async () => {
    const client = m.client();
    const tree = await client.categories.tree();
    expect(tree.children_data.length).toBeGreaterThan(0);
    const parent = tree.children_data[0]!;
    const created = await client.categories.create({ parent_id: parent.id, name: 'From PlentyONE', is_active: true });
    expect(created).toMatchObject({ parent_id: parent.id, name: 'From PlentyONE' });
    const renamed = await client.categories.update(created.id, { name: 'Von PlentyONE' }, { store: 'de' });
    expect(renamed.id).toBe(created.id);
    const list = await client.categories.list(searchCriteria().where('entity_id', created.id));
    expect(list.items.map((c) => c.id)).toEqual([created.id]);
  });

  it('lists store views and websites', async () => {
    const client = m.client();
    const views = await client.storeViews();
    expect(views.map((v) => v.code)).toEqual(expect.arrayContaining(['admin', 'default', 'de']));
    const websites = await client.websites();
    expect(websites.some((w) => w.code === 'base')).toBe(true);
  });
});
