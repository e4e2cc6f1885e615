/**
 * The Magento sandbox's prices as Magento answers them: tier prices in product saves (a list replaces
 * them, a repeated group and quantity is refused, none sent keeps them), the catalog price scope
 * (global: every price is the global one; website: a store view's save and a base-price row keep a
 * price for the view's website) and the base-price routes' refused rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
let simple: string;
let configurable: string;
beforeAll(async () => {
  m = await startMagento();
  const all = [...m.sandbox.store.products.iterate()];
  simple = all.find((p) => p.typeId === 'simple')!.sku;
  configurable = all.find((p) => p.typeId === 'configurable')!.sku;
});
afterAll(async () => {
  await m?.close();
});

const price = async (store: string, sku: string) => (await m.call(`/rest/${store}/V1/products/${sku}`)).body.price as number;

describe('tier prices', () => {
  it('a product save replaces them, answers them with their website and keeps them when it sends none', async () => {
    const tiers = [{ customer_group_id: 32000, qty: 10, value: 8 }, { customer_group_id: 2, qty: 1, value: 9 }];
    expect((await m.call('/rest/all/V1/products', { body: { product: { sku: simple, tier_prices: tiers } } })).status).toBe(200);
    const answered = (await m.call(`/rest/V1/products/${simple}`)).body.tier_prices;
    expect(answered).toEqual(tiers.map((t) => ({ ...t, extension_attributes: { website_id: 0 } })));
    await m.call('/rest/all/V1/products', { body: { product: { sku: simple, name: 'Renamed' } } });
    expect((await m.call(`/rest/V1/products/${simple}`)).body.tier_prices).toHaveLength(2);
    await m.call('/rest/all/V1/products', { body: { product: { sku: simple, tier_prices: [] } } });
    expect((await m.call(`/rest/V1/products/${simple}`)).body.tier_prices).toEqual([]);
  });

  it('refuses a repeated customer group and quantity', async () => {
    const answer = await m.call('/rest/all/V1/products', { body: { product: { sku: simple, tier_prices: [{ customer_group_id: 1, qty: 5, value: 3 }, { customer_group_id: 1, qty: 5, value: 2 }] } } });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('We found a duplicate website, tier price, customer group and quantity.');
  });
});

describe('base prices and the catalog price scope', () => {
  it('answers the refused rows and saves the others', async () => {
    const answer = await m.call('/rest/all/V1/products/base-prices', { body: { prices: [
      { sku: 'NOPE-1', price: 5, store_id: 0 },
      { sku: simple, price: -1, store_id: 0 },
      { sku: simple, price: 5, store_id: 99 },
      { sku: configurable, price: 5, store_id: 0 },
      { sku: simple, price: 21.5, store_id: 0 },
    ] } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { message: 'Invalid attribute %fieldName = %fieldValue.', parameters: ['SKU', 'NOPE-1'] },
      { message: 'Invalid attribute %fieldName = %fieldValue.', parameters: ['Price', '-1'] },
      { message: 'Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.', parameters: [simple, '99'] },
      { message: 'Invalid attribute %fieldName = %fieldValue.', parameters: ['SKU', configurable] },
    ]);
    expect(await price('all', simple)).toBe(21.5);
  });

  it('under the global scope a store view\'s price is the global price', async () => {
    await m.call('/rest/all/V1/products/base-prices', { body: { prices: [{ sku: simple, price: 30, store_id: 1 }] } });
    expect(await price('all', simple)).toBe(30);
    expect(await price('default', simple)).toBe(30);
  });

  it('under the website scope a store view\'s price is its website\'s, read in that website\'s views', async () => {
    m.sandbox.store.config.priceScope = 'website';
    await m.call('/rest/all/V1/products/base-prices', { body: { prices: [{ sku: simple, price: 25, store_id: 1 }] } });
    expect(await price('all', simple)).toBe(30);
    expect(await price('default', simple)).toBe(25);
    const rows = (await m.call('/rest/all/V1/products/base-prices-information', { body: { skus: [simple] } })).body as { store_id: number; price: number }[];
    expect(rows).toContainEqual({ sku: simple, price: 30, store_id: 0 });
    expect(rows).toContainEqual({ sku: simple, price: 25, store_id: 1 });
    // A store view's product save writes the website's price too, not the global one.
    await m.call(`/rest/default/V1/products/${simple}`, { method: 'PUT', body: { product: { sku: simple, price: 27 } } });
    expect(await price('default', simple)).toBe(27);
    expect(await price('all', simple)).toBe(30);
    m.sandbox.store.config.priceScope = 'global';
  });
});
