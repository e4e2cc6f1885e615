/**
 * Item import prices beyond the regular and special price, against both sandboxes: PlentyONE sales
 * prices from a minimum quantity and for a customer class become Magento tier and customer group
 * prices; a sales price per website becomes that website's price (catalog price scope "Website"),
 * read back in a store view of the website. A second run writes nothing; a changed website price is
 * one base-price write; a Magento with the global price scope stops the run before the global price
 * is overwritten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import type { VariationState } from '../../src/sandbox/plenty/stores/catalog-records.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

/** Sales prices the PlentyONE sandbox knows: 3 from quantity 10, 4 a customer class's, 5 a second shop's. */
const TIER = 3;
const TRADE = 4;
const SWISS = 5;

const settings = {
  ...itemImportConfig,
  websiteIds: [1, 2],
  prices: {
    ...itemImportConfig.prices,
    tiers: [{ salesPriceId: TIER }, { salesPriceId: TRADE, customerGroupId: 2, qty: 1 }],
    websites: [{ websiteId: 2, salesPriceId: SWISS }],
  },
  images: { enabled: false },
};

describe(`item import prices on ${engine}`, () => {
  let w: ItemImportWorld;
  let simple: Item;
  let plain: Item;
  let configurable: Item;
  const product = (sku: string) => w.magento.store.products.getBySku(sku)!;
  const variationOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k);
  const state = (item: Item, k = 0) => w.plenty.stores.items.copyVariation(w.plenty.stores.items.variation(variationOf(item, k).variationId)!);
  const setPrices = (v: VariationState, prices: Record<number, number | undefined>) => {
    const now = w.plenty.stores.items.now();
    for (const [id, price] of Object.entries(prices)) {
      v.prices = v.prices.filter((p) => p.salesPriceId !== Number(id));
      if (price !== undefined) v.prices.push({ salesPriceId: Number(id), price, createdAtMs: now, updatedAtMs: now });
    }
    w.plenty.stores.items.saveRelated(v);
  };
  /** The product as Magento's REST API answers it in a store view. */
  const answered = async (sku: string, store: string) =>
    (await fetch(`${w.magentoUrl}/rest/${store}/V1/products/${encodeURIComponent(sku)}`, { headers: { authorization: 'Bearer sandbox' } })).json() as Promise<{ price: number; tier_prices: { customer_group_id: number; qty: number; value: number }[] }>;

  beforeAll(async () => {
    w = await itemImportWorld({
      variations: 40,
      config: settings,
      // A second website with a store view of its own, and prices kept per website.
      magentoFeed: (feed) => ({ ...feed, storeViews: [...feed.storeViews, { code: 'ch', name: 'Schweiz', language: 'de', locale: 'de_CH', websiteId: 2 }] }),
    });
    w.magento.store.config.priceScope = 'website';
    const items = [...w.catalog.items()];
    const simples = items.filter((i) => i.type === 'simple');
    simple = simples[0]!;
    plain = simples[1]!;
    configurable = items.find((i) => i.type === 'configurable')!;
    setPrices(state(simple), { [TIER]: 8.5, [TRADE]: 9.25, [SWISS]: 13.9 });
    setPrices(state(configurable, 1), { [TIER]: 4.5 });
  }, 180_000);
  afterAll(() => w?.close());

  it('tier prices (quantity from the sales price), customer group prices and website prices reach Magento', async () => {
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    const v = variationOf(simple);
    const p = product(v.sku);
    expect(p.price).toBe(v.price);
    expect(p.tierPrices).toEqual([
      { customerGroupId: 32000, qty: 10, value: 8.5, websiteId: 0 },
      { customerGroupId: 2, qty: 1, value: 9.25, websiteId: 0 },
    ]);
    // The Swiss store view reads its website's price; the main website keeps the regular one.
    expect((await answered(v.sku, 'ch')).price).toBe(13.9);
    expect((await answered(v.sku, 'default')).price).toBe(v.price);
    expect((await answered(v.sku, 'default')).tier_prices).toHaveLength(2);

    // Without those sales prices: no tier prices, and the regular price in the second website too.
    const other = variationOf(plain);
    expect(product(other.sku).tierPrices).toEqual([]);
    expect(product(other.sku).websitePrices).toEqual({ 2: other.price });

    // Children of a configurable get their own variation's tiers; the configurable none.
    expect(product(variationOf(configurable, 1).sku).tierPrices).toEqual([{ customerGroupId: 32000, qty: 10, value: 4.5, websiteId: 0 }]);
    expect(product(`item-${configurable.itemId}`).tierPrices ?? []).toEqual([]);
  }, 120_000);

  it('a second full run writes nothing', async () => {
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});
  }, 120_000);

  it('a changed website price is one base-price write; a removed tier price leaves Magento', async () => {
    const v = state(simple);
    setPrices(v, { [SWISS]: 14.5 });
    await w.resetRequests();
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    // Besides the price, each run that writes website prices checks the price scope once (a write of
    // the regular price to the website and a read).
    expect(await w.magentoWrites()).toEqual({ 'POST /rest/:storeCode/V1/products/base-prices': 2, 'POST /rest/:storeCode/V1/products/base-prices-information': 1 });
    expect((await answered(v.number, 'ch')).price).toBe(14.5);

    setPrices(state(simple), { [TIER]: undefined });
    await w.resetRequests();
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await w.magentoWrites()).toEqual({ 'POST /rest/:storeCode/V1/products': 1 });
    expect(product(v.number).tierPrices).toEqual([{ customerGroupId: 2, qty: 1, value: 9.25, websiteId: 0 }]);
  }, 120_000);

  it('under the global price scope the run stops before a website price replaces the price of every website', async () => {
    w.magento.store.config.priceScope = 'global';
    const v = state(simple);
    setPrices(v, { [SWISS]: 99 });
    await expect(w.run({ mode: 'delta' })).rejects.toThrow(/catalog price scope "Global"/);
    expect(product(v.number).price).toBe(variationOf(simple).price);
    expect(product(v.number).websitePrices).toEqual({ 2: 14.5 });
    w.magento.store.config.priceScope = 'website';
  }, 120_000);
});
