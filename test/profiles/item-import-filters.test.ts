/**
 * The item import's search criteria against both sandboxes: clients (plentyIds), referrers, item
 * type, manufacturers and item flags become the PIM search's filters, and only the items they match
 * reach Magento — in full runs, delta runs and runs for named ids alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import type { ItemState, VariationState } from '../../src/sandbox/plenty/stores/catalog-records.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

const base = { ...itemImportConfig, images: { enabled: false } };

describe(`item import search criteria on ${engine}`, () => {
  let w: ItemImportWorld;
  let simples: Item[];
  let configurable: Item;
  const skuOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k).sku;
  const has = (item: Item) => w.magento.store.products.getBySku(skuOf(item)) !== undefined;
  const variations = (item: Item, change: (v: VariationState) => void) => {
    const { items } = w.plenty.stores;
    for (const id of items.item(item.itemId)!.variationIds) {
      const v = items.copyVariation(items.variation(id)!);
      change(v);
      items.saveVariation(v);
    }
  };
  const itemOf = (item: Item, change: (it: ItemState) => void) => {
    const { items } = w.plenty.stores;
    const it = items.copyItem(items.item(item.itemId)!);
    change(it);
    items.saveItem(it);
  };
  const fullRunWith = async (search: Record<string, unknown>) => {
    await w.setConfig({ ...base, search });
    return w.run({ mode: 'full' });
  };

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 60, config: base });
    const items = [...w.catalog.items()];
    simples = items.filter((i) => i.type === 'simple' && w.catalog.variation(i.firstVariationIndex).active);
    configurable = items.find((i) => i.type === 'configurable')!;
    expect(simples.length).toBeGreaterThanOrEqual(6);
  }, 180_000);
  afterAll(() => w?.close());

  it('search.clientIds: only variations visible in one of the clients', async () => {
    const [a] = simples;
    variations(a!, (v) => { v.clients = [1000, 2000]; });
    expect(await fullRunWith({ clientIds: [2000] })).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    expect(has(a!)).toBe(true);
    expect(w.magento.store.products.count).toBe(1);
  }, 120_000);

  it('search.referrerIds: only variations available for one of the referrers (decimal referrer ids)', async () => {
    variations(configurable, (v) => { v.markets = [4.01]; });
    expect(await fullRunWith({ referrerIds: [4.01] })).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    expect(w.magento.store.products.getBySku(`item-${configurable.itemId}`)?.configurable?.childSkus).toHaveLength(configurable.variationCount);
    expect(w.magento.store.products.count).toBe(1 + 1 + configurable.variationCount);
  }, 120_000);

  it('search.itemType and search.manufacturerIds: only items of that type or of those manufacturers', async () => {
    const [, c, d] = simples;
    itemOf(c!, (it) => { it.itemType = 'set'; });
    expect(await fullRunWith({ itemType: 'set' })).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    expect(has(c!)).toBe(true);
    itemOf(d!, (it) => { it.manufacturerId = 777; });
    expect(await fullRunWith({ manufacturerIds: [777, 778] })).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    expect(has(d!)).toBe(true);
  }, 120_000);

  it('search.flag1 and search.flag2: only items with both flags', async () => {
    const [, , , e, f] = simples;
    itemOf(e!, (it) => { it.flagOne = 3; it.flagTwo = 1; });
    itemOf(f!, (it) => { it.flagOne = 3; });
    expect(await fullRunWith({ flag1: 3, flag2: 1 })).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    expect(has(e!)).toBe(true);
    expect(has(f!)).toBe(false);
  }, 120_000);

  it('delta runs and runs for named ids read only items the criteria match', async () => {
    const [, , , e, f, g] = simples;
    await w.setConfig({ ...base, search: { flag1: 3, flag2: 1 } });
    // Changed since the last run: e (matches), f and g (do not).
    for (const item of [e!, f!, g!]) variations(item, (v) => { v.prices[0]!.price += 1; });
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', updated: 1, created: 0, failed: 0 });
    expect(has(f!)).toBe(false);
    expect(has(g!)).toBe(false);
    // A callback naming an item outside the criteria imports nothing.
    expect(await w.run({ mode: 'ids', ids: [String(f!.itemId), String(w.catalog.variation(g!.firstVariationIndex).variationId)] }, 'event'))
      .toMatchObject({ status: 'completed', created: 0, failed: 0 });
    expect(has(f!)).toBe(false);
    expect(has(g!)).toBe(false);
  }, 120_000);
});
