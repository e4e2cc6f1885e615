/**
 * `POST /V1/products/base-prices` and `/base-prices-information` (Magento's BasePriceStorage): prices
 * by SKU and store id, many products a call. As Magento does it: a row with an unknown SKU (or a
 * product type without a price of its own, such as a configurable), a negative price or an unknown
 * store fails alone and is answered in the list of failed rows (empty: all saved). Under the global
 * price scope (`catalog/price/scope` 0, Magento's default) every row is saved as the global price,
 * whatever its store id; under "Website" a store id's price becomes its website's price, store id 0
 * the global (default) one.
 */
import { Hono } from 'hono';
import type { MagentoStore } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { readJson, type RestEnv } from './http.js';

type Json = Record<string, unknown>;

const INVALID = 'Invalid attribute %fieldName = %fieldValue.';

export function basePriceRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const priced = (sku: unknown) => {
    const product = typeof sku === 'string' ? store.products.getBySku(sku) : undefined;
    return product && product.typeId !== 'configurable' ? product : undefined;
  };

  app.post('/products/base-prices', async (c) => {
    const body = await readJson(c);
    if (!Array.isArray(body.prices)) throw new MagentoStoreError('Invalid input data format. Expected an array of prices.');
    const failed: { message: string; parameters: string[] }[] = [];
    const valid: { sku: string; price: number; storeId: number }[] = [];
    for (const row of body.prices as Json[]) {
      const sku = String(row.sku ?? '');
      const price = row.price === null || row.price === undefined ? undefined : Number(row.price);
      const storeId = Number(row.store_id ?? 0);
      let ok = true;
      if (!priced(row.sku)) { failed.push({ message: INVALID, parameters: ['SKU', sku] }); ok = false; }
      if (price === undefined || !Number.isFinite(price) || price < 0) { failed.push({ message: INVALID, parameters: ['Price', String(row.price ?? '')] }); ok = false; }
      if (!store.layout.views.some((v) => v.id === storeId)) {
        failed.push({ message: 'Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.', parameters: [sku, String(storeId)] });
        ok = false;
      }
      if (ok) valid.push({ sku, price: price!, storeId });
    }
    for (const row of valid) {
      const websiteId = store.layout.views.find((v) => v.id === row.storeId)!.websiteId;
      if (store.config.priceScope === 'global' || websiteId === 0) {
        await store.products.save({ sku: row.sku, price: row.price }, 'all');
      } else {
        const current = store.products.getBySku(row.sku)!;
        await store.products.save({ sku: row.sku, websitePrices: { ...current.websitePrices, [websiteId]: row.price } }, 'all');
      }
    }
    return c.json(failed);
  });

  app.post('/products/base-prices-information', async (c) => {
    const body = await readJson(c);
    const skus = Array.isArray(body.skus) ? body.skus.map(String) : [];
    const missing = skus.filter((sku) => !priced(sku));
    if (missing.length > 0) throw new MagentoStoreError('Requested products don\'t exist: %sku', { sku: missing.join(', ') }, 404);
    return c.json(skus.flatMap((sku) => {
      const product = priced(sku)!;
      const rows = [{ price: product.price, store_id: 0, sku }];
      // Magento keeps a website's price on each of its store views.
      for (const [websiteId, price] of Object.entries(product.websitePrices ?? {})) {
        for (const view of store.layout.views) if (view.websiteId === Number(websiteId)) rows.push({ price, store_id: view.id, sku });
      }
      return rows;
    }));
  });

  return app;
}
