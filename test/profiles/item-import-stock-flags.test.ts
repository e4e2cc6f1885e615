/**
 * Item import settings that shape the Magento product beyond texts and prices, against both
 * sandboxes: `stockItem.manageStock` sets "Manage Stock" (never the quantity, the stock import's
 * job) and `attributeSetByItemType` chooses the attribute set from the PlentyONE item type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

const settings = { ...itemImportConfig, images: { enabled: false }, stockItem: { manageStock: false }, attributeSetByItemType: { set: 9 } };

describe(`item import stock flags and attribute sets on ${engine}`, () => {
  let w: ItemImportWorld;
  let simple: Item;
  let typed: Item;
  let configurable: Item;
  const skuOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k).sku;
  const product = (sku: string) => w.magento.store.products.getBySku(sku)!;

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 40, config: settings });
    const items = [...w.catalog.items()];
    [simple, typed] = items.filter((i) => i.type === 'simple') as [Item, Item];
    configurable = items.find((i) => i.type === 'configurable')!;
    const { items: store } = w.plenty.stores;
    const it = store.copyItem(store.item(typed.itemId)!);
    it.itemType = 'set';
    store.saveItem(it);
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(() => w?.close());

  it('stockItem.manageStock false: every product manages no stock, of its own setting', () => {
    for (const sku of [skuOf(simple), `item-${configurable.itemId}`, skuOf(configurable, 1)]) {
      expect(w.magento.store.inventory.manageStockOf(sku)).toEqual({ useConfig: false, manage: false });
    }
  });

  it('attributeSetByItemType: an item of a mapped type gets its set, the others attributeSetId', () => {
    expect(product(skuOf(typed)).attributeSetId).toBe(9);
    expect(product(skuOf(simple)).attributeSetId).toBe(4);
    expect(product(`item-${configurable.itemId}`).attributeSetId).toBe(4);
  });

  it('a second run writes nothing; manageStock "config" hands the flag back to Magento\'s configuration and leaves the quantity', async () => {
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});

    const sku = skuOf(simple);
    await w.magento.store.inventory.save([{ sku, sourceCode: 'default', quantity: 7, status: 1 }]);
    await w.setConfig({ ...settings, stockItem: { manageStock: 'config' } });
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    expect(w.magento.store.inventory.manageStockOf(sku)).toEqual({ useConfig: true, manage: true });
    expect(w.magento.store.inventory.salableQty(sku)).toBe(7);
  }, 120_000);
});
