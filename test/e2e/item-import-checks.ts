/**
 * What the item import's end-to-end tests (item-import.test.ts on two workers, item-import-embedded.test.ts
 * on one serve process) set up and check alike: the category links a category sync would have left,
 * Magento's writes, a price changed through PlentyONE's REST API, and every product once.
 */
import { expect } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createLinkStore } from '../../src/profiles/links.js';
import type { Catalog, Variation } from '../../src/sandbox/generator/index.js';
import type { MagentoSandbox } from '../../src/sandbox/magento/index.js';
import { textsIn } from '../../src/sandbox/magento/store/index.js';

/** The category links a category sync would have left (Magento category id = 3 + the catalogue index). */
export async function linkCatalogCategories(db: Database, catalog: Catalog): Promise<void> {
  await createLinkStore(db).upsertMany([...catalog.categories()].map((c) => ({ entityType: 'category', magentoKey: String(3 + c.index), plentyId: String(c.categoryId) })));
}

/** Magento write calls (method and route) since the sandbox's request log was last cleared. */
export async function magentoWrites(magentoUrl: string): Promise<Record<string, number>> {
  const { byRoute } = (await (await fetch(`${magentoUrl}/_sandbox/requests`)).json()) as { byRoute: Record<string, number> };
  return Object.fromEntries(Object.entries(byRoute).filter(([r]) => !r.startsWith('GET ')));
}

export async function clearRequests(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
}

/** Changes a variation's sales price 1 through PlentyONE's REST API, as a merchant's edit would (PlentyONE then calls back). */
export async function changePlentyPrice(plentyUrl: string, v: Variation, price: number): Promise<void> {
  const login = await fetch(`${plentyUrl}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sandbox', password: 'sandbox' }) });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const res = await fetch(`${plentyUrl}/rest/items/${v.itemId}/variations/${v.variationId}/variation_sales_prices/1`, {
    method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ price }),
  });
  expect(res.status).toBe(200);
}

/**
 * Magento holds every variation and configurable of the catalogue exactly once: one image per product
 * of an item, a configurable's children, and (with `details`) each variation's price and the item's
 * name in both store views.
 */
export function expectEveryProductOnce(magento: MagentoSandbox, catalog: Catalog, options: { details: boolean }): void {
  const { products } = magento.store;
  const all = [...catalog.items()];
  expect(products.count).toBe(catalog.variationCount + all.filter((i) => i.type === 'configurable').length);
  for (const item of all) {
    const sku = item.type === 'configurable' ? `item-${item.itemId}` : catalog.variation(item.firstVariationIndex).sku;
    const p = products.getBySku(sku);
    expect(p?.media, sku).toHaveLength(1);
    if (item.type === 'configurable') expect(p!.configurable!.childSkus, sku).toHaveLength(item.variationCount);
    if (!options.details) continue;
    expect(textsIn(p!, 'default').name, sku).toBe(item.texts.en.name);
    expect(textsIn(p!, 'de').name, sku).toBe(item.texts.de.name);
    for (let k = 0; k < item.variationCount; k++) {
      const v = catalog.variation(item.firstVariationIndex + k);
      expect(products.getBySku(v.sku)?.price, v.sku).toBe(v.price);
    }
  }
}
