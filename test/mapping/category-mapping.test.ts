/**
 * Category export and import with a mapping: a per-language JSONata expression changes the name that
 * reaches the other system, a rule keeps one category back with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryExportType } from '../../src/profiles/types/plenty_category_export/index.js';
import { categoryImportType } from '../../src/profiles/types/plenty_category_import/index.js';
import { engine } from '../support/db.js';
import { categoryWorld, storeMapping, type CategoryWorld } from '../profiles/category-support.js';

describe(`category export mapping on ${engine}`, () => {
  let w: CategoryWorld;
  let kept: number;
  let exported: number;
  beforeAll(async () => {
    w = await categoryWorld(categoryExportType, {});
    [exported, kept] = w.magento.store.categories.childrenOf(2).slice(0, 2).map((c) => c.id) as [number, number];
    const config = {
      storeMapping, rootMapping: [{ magentoRootId: 2 }],
      mapping: {
        fields: [{ target: 'name', language: 'en', expression: '$uppercase(attributes.name) & " (" & $string(id) & ")"' }],
        rules: [{ if: { source: 'id', equals: kept }, then: [{ skip: 'Seasonal: kept out of PlentyONE.' }] }],
      },
    };
    await w.db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), w.profileId]);
  }, 60_000);
  afterAll(() => w?.close());

  it('writes the mapped English name and skips the kept-back category', async () => {
    const result = await w.run({ mode: 'ids', ids: [String(exported), String(kept)] });
    expect(result).toMatchObject({ created: 1, skipped: 1, failed: 0 });
    const link = await w.links.get('category', String(exported));
    const category = w.plenty.stores.categories.get(Number(link!.plentyId))!;
    const magento = w.magento.store.categories.get(exported)!;
    const detail = (lang: string) => category.details.find((d) => d.plentyId === 1000 && d.lang === lang)!;
    expect(detail('en').name).toBe(`${w.magento.store.categories.nameIn(magento, 'default').toUpperCase()} (${exported})`);
    expect(detail('de').name).toBe(w.magento.store.categories.nameIn(magento, 'de'));
    expect(await w.links.get('category', String(kept))).toBeUndefined();
  }, 60_000);
});

describe(`category import mapping on ${engine}`, () => {
  let w: CategoryWorld;
  let root: number;
  let imported: number;
  let kept: number;
  beforeAll(async () => {
    w = await categoryWorld(categoryImportType, {}, { plentyCatalog: true });
    root = (await w.magento.store.categories.create({ name: 'PlentyONE catalogue', parentId: 1 })).id;
    [imported, kept] = w.plenty.stores.categories.childrenOf(null).slice(0, 2).map((c) => c.id) as [number, number];
    const config = {
      storeMapping, rootMapping: [{ magentoRootId: root }],
      mapping: {
        fields: [{ target: 'name', language: 'de', expression: '"DE " & detail.name' }],
        rules: [{ if: { source: 'id', in: [kept] }, then: [{ skip: 'Internal category: not shown in the shop.' }] }],
      },
    };
    await w.db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), w.profileId]);
  }, 60_000);
  afterAll(() => w?.close());

  it('writes the mapped German name to the German store view and skips the kept-back category', async () => {
    const result = await w.run({ mode: 'ids', ids: [String(imported), String(kept)] });
    expect(result).toMatchObject({ created: 1, skipped: 1, failed: 0 });
    const plenty = w.plenty.stores.categories.get(imported)!;
    const name = (lang: string) => plenty.details.find((d) => d.plentyId === 1000 && d.lang === lang)!.name;
    const [created, ...others] = w.magento.store.categories.childrenOf(root);
    expect(others).toEqual([]);
    expect(w.magento.store.categories.nameIn(created!, 'de')).toBe(`DE ${name('de')}`);
    expect(w.magento.store.categories.nameIn(created!, 'default')).toBe(name('en'));
  }, 60_000);
});
