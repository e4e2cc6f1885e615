/**
 * The category export against both sandboxes: the seeded Magento tree (four levels, over 400
 * categories, English and German store views) becomes the same tree in PlentyONE once; a second run
 * writes nothing; a category whose parent failed says so and follows its parent once that is fixed;
 * deletions follow `options.deletions`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryExportType } from '../../src/profiles/types/plenty_category_export/index.js';
import { engine } from '../support/db.js';
import { categoryWorld, magentoPaths, plentyPaths, storeMapping, type CategoryWorld } from './category-support.js';

const config = { storeMapping, rootMapping: [{ magentoRootId: 2 }], options: { deletions: 'delete' } };

describe(`category export (Magento → PlentyONE) on ${engine}`, () => {
  let w: CategoryWorld;

  beforeAll(async () => {
    w = await categoryWorld(categoryExportType, config);
  }, 60_000);
  afterAll(() => w?.close());

  it('a full export creates the seeded Magento tree in PlentyONE, with names in both languages', async () => {
    const expected = magentoPaths(w.magento, 2);
    expect(expected.length).toBeGreaterThanOrEqual(300);
    expect(Math.max(...expected.map((p) => p.split('/').length - 1))).toBeGreaterThanOrEqual(4);
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', created: expected.length, failed: 0 });
    expect(plentyPaths(w.plenty, null)).toEqual(expected);
    // Every Magento category is linked to its PlentyONE category (what the item export reads).
    const links = await w.links.list('category');
    expect(links).toHaveLength(expected.length);
    const sample = w.magento.store.categories.childrenOf(2)[0]!;
    const link = links.find((l) => l.magentoKey === String(sample.id))!;
    const plentyCategory = w.plenty.stores.categories.get(Number(link.plentyId))!;
    expect(plentyCategory.details.find((d) => d.lang === 'en')).toMatchObject({ name: sample.name, nameUrl: w.magento.store.categories.textsIn(sample, 'default').urlKey });
    expect(plentyCategory.clients).toEqual([1000]);
  }, 60_000);

  it('a second run writes nothing', async () => {
    await w.resetRequests();
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await w.writes()).toEqual({});
  }, 60_000);

  it('a renamed category is written by a delta run (only that one)', async () => {
    const target = w.magento.store.categories.childrenOf(w.magento.store.categories.childrenOf(2)[1]!.id)[0]!;
    await w.magento.store.categories.update(target.id, { name: 'Regenjacken' }, 'de');
    await w.resetRequests();
    const result = await w.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 1, failed: 0 });
    expect(await w.writes()).toEqual({ 'PUT /rest/categories': 1 });
    const link = (await w.links.get('category', String(target.id)))!;
    expect(w.plenty.stores.categories.get(Number(link.plentyId))!.details.find((d) => d.lang === 'de')!.name).toBe('Regenjacken');
  }, 60_000);

  it('a category whose parent failed reports that, and is exported after its parent is fixed', async () => {
    const { categories } = w.magento.store;
    const [first, second] = categories.childrenOf(2);
    // Two new top-level categories with the same English name: PlentyONE refuses the second (names are
    // unique per level and language), and the second's subcategory cannot go without it.
    const a = await categories.create({ name: 'Gifts', parentId: 2, texts: { urlKey: 'gifts' } });
    const b = await categories.create({ name: 'Gifts', parentId: 2, texts: { urlKey: 'gifts-2' } });
    const child = await categories.create({ name: 'Vouchers', parentId: b.id });
    expect(first && second).toBeTruthy();
    const result = await w.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'partial', created: 1, failed: 2 });
    const history = await w.db.query<{ record_key: string; message: string }>("select record_key, message from profile_run_messages where run_id = $1 and level = 'error' order by id", [result.runId]);
    const byKey = new Map(history.map((m) => [m.record_key, m.message]));
    expect(byKey.get(String(b.id))).toMatch(/422.*Gifts.*already used/);
    expect(byKey.get(String(child.id))).toContain(`Its parent, Magento category ${b.id}, failed`);
    expect(await w.links.get('category', String(a.id))).toBeDefined();

    await categories.update(b.id, { name: 'Gift cards' }, 'all');
    const again = await w.run({ mode: 'delta' });
    expect(again).toMatchObject({ status: 'completed', created: 2, failed: 0 });
    const parentLink = (await w.links.get('category', String(b.id)))!;
    const childLink = (await w.links.get('category', String(child.id)))!;
    expect(w.plenty.stores.categories.get(Number(childLink.plentyId))!.parentCategoryId).toBe(Number(parentLink.plentyId));
  }, 60_000);

  it('a new category named like an exported sibling is never linked to that sibling\'s PlentyONE category', async () => {
    const gifts = w.magento.store.categories.childrenOf(2).find((c) => c.name === 'Gifts')!;
    const twin = await w.magento.store.categories.create({ name: 'Gifts', parentId: 2, texts: { urlKey: 'gifts-3' } });
    const result = await w.run({ mode: 'ids', ids: [String(twin.id)] });
    expect(result).toMatchObject({ failed: 1, created: 0, updated: 0 });
    expect(await w.links.get('category', String(twin.id))).toBeUndefined();
    expect((await w.links.list('category', { plentyId: (await w.links.get('category', String(gifts.id)))!.plentyId }))).toHaveLength(1);
    await w.magento.store.categories.delete(twin.id);
  }, 60_000);

  it('a category deleted in Magento is deleted in PlentyONE by its webhook run', async () => {
    const leaf = w.magento.store.categories.childrenOf(2).find((c) => c.name === 'Gift cards')!;
    const link = (await w.links.get('category', String(leaf.id)))!;
    await w.magento.store.categories.delete(leaf.id);
    const result = await w.run({ mode: 'ids', ids: [String(leaf.id)] }, 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 1 });
    expect(w.plenty.stores.categories.get(Number(link.plentyId))).toBeUndefined();
    expect(await w.links.get('category', String(leaf.id))).toBeUndefined();
  }, 60_000);
});
