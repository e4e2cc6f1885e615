/**
 * Each item import setting changes what Magento gets: websites, attribute set, child visibility, the
 * configurable's SKU, weight unit, default tax class, images off, active variations only, the default
 * category, removing category differences and keeping deleted images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

const settings = {
  ...itemImportConfig,
  websiteIds: [1, 2],
  attributeSetId: 9,
  defaultUnits: { weight: 'g' },
  vat: { taxClassMap: {}, defaultTaxClassId: 7 },
  images: { enabled: false },
  search: { activeOnly: true },
  categories: { defaultCategoryId: 3 },
  configurables: { ...itemImportConfig.configurables, childVisibility: 3, parentSku: 'P{itemId}' },
};

describe(`item import settings on ${engine}`, () => {
  let w: ItemImportWorld;
  let items: Item[];
  const product = (sku: string) => w.magento.store.products.getBySku(sku);
  const variationOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k);

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 80, config: settings });
    items = [...w.catalog.items()];
    // One item whose categories are not linked to Magento: it goes to the default category.
    const unlinked = items.find((i) => i.type === 'simple' && variationOf(i).active)!;
    for (const k of variationOf(unlinked).categoryIndexes) await w.db.query("delete from entity_links where entity_type = 'category' and magento_key = $1", [String(3 + k)]);
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
  }, 240_000);
  afterAll(() => w?.close());

  const activeSimple = () => items.find((i) => i.type === 'simple' && variationOf(i).active)!;

  it('websiteIds, attributeSetId, defaultUnits and vat.defaultTaxClassId shape every product', () => {
    const v = variationOf(activeSimple());
    expect(product(v.sku)).toMatchObject({ websiteIds: [1, 2], attributeSetId: 9, taxClassId: 7, weight: v.weightGrams });
  });

  it('configurables.childVisibility and configurables.parentSku shape configurables', () => {
    const item = items.find((i) => i.type === 'configurable' && variationOf(i).active)!;
    const parent = product(`P${item.itemId}`)!;
    expect(parent.typeId).toBe('configurable');
    expect(product(parent.configurable!.childSkus[0]!)!.visibility).toBe(3);
  });

  it('images.enabled off: no image is downloaded or uploaded', () => {
    expect(product(variationOf(activeSimple()).sku)!.media).toEqual([]);
  });

  it('search.activeOnly: inactive variations are not imported', () => {
    const inactive = [...w.catalog.variations()].filter((v) => !v.active && v.itemType === 'simple');
    expect(inactive.length).toBeGreaterThan(0);
    for (const v of inactive) expect(product(v.sku)).toBeUndefined();
  });

  it('categories.defaultCategoryId: a product none of whose categories is linked goes to the default category', () => {
    expect(product(variationOf(activeSimple()).sku)!.categoryIds).toEqual([3]);
  });

  it('categories.removeDifferences: off keeps categories given in Magento, on leaves only PlentyONE\'s', async () => {
    const item = items.filter((i) => i.type === 'simple' && variationOf(i).active)[1]!;
    const v = variationOf(item);
    const mapped = v.categoryIndexes.map((k) => 3 + k);
    await w.magento.store.products.save({ sku: v.sku, categoryIds: [...mapped, 4] });
    const bump = (price: number) => {
      const s = w.plenty.stores.items;
      const pv = s.copyVariation(s.variation(v.variationId)!);
      pv.prices.find((p) => p.salesPriceId === 1)!.price = price;
      s.saveRelated(pv);
    };
    bump(50);
    expect(await w.run({ mode: 'ids', ids: [String(v.variationId)] })).toMatchObject({ updated: 1 });
    expect(product(v.sku)!.categoryIds.sort()).toEqual([...mapped, 4].sort());
    await w.setConfig({ ...settings, categories: { defaultCategoryId: 3, removeDifferences: true } });
    bump(51);
    expect(await w.run({ mode: 'ids', ids: [String(v.variationId)] })).toMatchObject({ updated: 1 });
    expect(product(v.sku)!.categoryIds).toEqual(mapped);
  }, 60_000);

  it('images.removeDeleted off: a gallery image whose PlentyONE image was deleted stays', async () => {
    await w.setConfig({ ...settings, images: { enabled: true, removeDeleted: false } });
    const item = activeSimple();
    const sku = variationOf(item).sku;
    expect(await w.run({ mode: 'ids', ids: [String(item.itemId)] })).toMatchObject({ updated: 1 });
    expect(product(sku)!.media).toHaveLength(1);
    const s = w.plenty.stores.items;
    const it1 = s.copyItem(s.item(item.itemId)!);
    it1.images = [];
    s.saveItem(it1);
    expect(await w.run({ mode: 'ids', ids: [String(item.itemId)] })).toMatchObject({ failed: 0 });
    expect(product(sku)!.media).toHaveLength(1);
  }, 60_000);
});
