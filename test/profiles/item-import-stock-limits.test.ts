/**
 * `stockItem.stockLimitation` and `stockItem.orderQuantities` against both sandboxes, as a merchant
 * checks them in a product's Advanced Inventory: each product's "Manage Stock" and "Backorders" follow
 * its variation's stock limitation, its cart quantity limits and increments its order quantities; a
 * second run writes nothing, a changed limit is one save; the setting cannot be combined with manageStock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { itemImportConfigSchema } from '../../src/profiles/types/plenty_item_import/config.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

const settings = { ...itemImportConfig, images: { enabled: false }, stockItem: { stockLimitation: true, orderQuantities: true } };

type StockItem = Record<string, unknown>;

describe(`item import stock limitation and order quantities on ${engine}`, () => {
  let w: ItemImportWorld;
  let items: [Item, Item, Item];
  const skuOf = (item: Item) => w.catalog.variation(item.firstVariationIndex).sku;
  const stockItemOf = async (item: Item): Promise<StockItem> => {
    const res = await fetch(`${w.magentoUrl}/rest/all/V1/products/${encodeURIComponent(skuOf(item))}`, { headers: { authorization: 'Bearer sandbox' } });
    return ((await res.json()) as { extension_attributes: { stock_item: StockItem } }).extension_attributes.stock_item;
  };
  const setVariation = (item: Item, change: { stockLimitation?: 0 | 1 | 2; orderQuantities?: { minimum: number; maximum: number; interval: number } }) => {
    const { items: store } = w.plenty.stores;
    const v = store.copyVariation(store.variation(w.catalog.variation(item.firstVariationIndex).variationId)!);
    Object.assign(v, change);
    store.saveVariation(v);
  };

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 30, config: settings });
    items = [...w.catalog.items()].filter((i) => i.type === 'simple').slice(0, 3) as [Item, Item, Item];
    setVariation(items[0], { stockLimitation: 2, orderQuantities: { minimum: 2, maximum: 10, interval: 2 } });
    setVariation(items[1], { stockLimitation: 0 });
    setVariation(items[2], { stockLimitation: 1 });
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(() => w?.close());

  it('stock limitation 2 manages no stock; 0 manages it and allows backorders; 1 manages it without backorders', async () => {
    expect(await stockItemOf(items[0])).toMatchObject({ use_config_manage_stock: false, manage_stock: false });
    expect(await stockItemOf(items[1])).toMatchObject({ use_config_manage_stock: false, manage_stock: true, use_config_backorders: false, backorders: 1 });
    expect(await stockItemOf(items[2])).toMatchObject({ use_config_manage_stock: false, manage_stock: true, use_config_backorders: false, backorders: 0 });
  });

  it('order quantities become the cart limits and increments; a variation without them keeps Magento\'s configuration', async () => {
    expect(await stockItemOf(items[0])).toMatchObject({
      use_config_min_sale_qty: 0, min_sale_qty: 2, use_config_max_sale_qty: false, max_sale_qty: 10,
      use_config_enable_qty_inc: false, enable_qty_increments: true, use_config_qty_increments: false, qty_increments: 2,
    });
    expect(await stockItemOf(items[1])).toMatchObject({ use_config_min_sale_qty: 1, use_config_max_sale_qty: true, use_config_enable_qty_inc: true, use_config_qty_increments: true });
  });

  it('a second run writes nothing; a changed limit is one save of that product', async () => {
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});
    setVariation(items[1], { orderQuantities: { minimum: 5, maximum: 0, interval: 0 } });
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(Object.values(await w.magentoWrites()).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await stockItemOf(items[1])).toMatchObject({ use_config_min_sale_qty: 0, min_sale_qty: 5, use_config_max_sale_qty: true });
  }, 120_000);

  it('stockLimitation and manageStock together are refused with what to do', () => {
    const parsed = itemImportConfigSchema.safeParse({ ...settings, stockItem: { stockLimitation: true, manageStock: false } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['stockItem.manageStock: stockLimitation sets "Manage Stock" from each variation: remove manageStock, or turn stockLimitation off']);
  });
});
