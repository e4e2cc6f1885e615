/**
 * Prices besides the regular and special price:
 * - `prices.tiers`: PlentyONE sales prices → Magento `tier_prices` (customer group and minimum
 *   quantity; a customer group price is a tier from quantity 1, as Magento 2 keeps it). Sent with the
 *   global save, so Magento replaces the product's tier prices with exactly these (a variation
 *   without the sales price has no such tier); with no rows configured the product's tier prices are
 *   left as Magento has them.
 * - `prices.websites`: a sales price per Magento website, written through
 *   `POST /V1/products/base-prices` with a store id of that website (many products' prices a call in
 *   Magento; one product's here, when its website prices changed). Magento keeps a price per website
 *   only under the "Website" catalog price scope; under the global scope it would save the row as the
 *   price of every website, so the first write of a run checks the scope with the product's own
 *   regular price (harmless either way) and stops the run if it is global.
 */
import { NonRetryableError } from '../../../queue/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { PimVariation } from '../../../connectors/plenty/schemas/pim.js';
import { PermanentApiError } from '../../../connectors/errors.js';
import { plentyOf, type Ctx } from './clients.js';
import type { ProductDraft } from './record.js';

/** Magento's customer group id of "ALL GROUPS". */
export const ALL_GROUPS = 32000;

export interface TierPriceInput { customer_group_id: number; qty: number; value: number }

const quantities = new WeakMap<object, Promise<Map<number, number>>>();

/** Sales price id → its minimum order quantity in PlentyONE (one call per run, only with tiers). */
function minimumQuantities(ctx: Ctx): Promise<Map<number, number>> {
  let answer = quantities.get(ctx);
  if (!answer) {
    answer = (async () => {
      const list = await (await plentyOf(ctx)).items.salesPrices(ctx.signal);
      return new Map(list.map((p) => [p.id, Number(p.minimumOrderQuantity ?? 1) || 1]));
    })();
    quantities.set(ctx, answer);
    answer.catch(() => quantities.delete(ctx));
  }
  return answer;
}

function priceOf(v: PimVariation, salesPriceId: number | undefined): number | undefined {
  return salesPriceId === undefined ? undefined : v.salesPrices?.find((p) => p.salesPriceId === salesPriceId)?.price;
}

/** The tier prices of a variation, by `prices.tiers` (undefined: none configured, Magento's are kept). */
export async function tierPricesOf(ctx: Ctx, v: PimVariation): Promise<TierPriceInput[] | undefined> {
  const rows = ctx.config.prices.tiers;
  if (rows.length === 0) return undefined;
  const minimum = await minimumQuantities(ctx);
  const out: TierPriceInput[] = [];
  for (const row of rows) {
    const value = priceOf(v, row.salesPriceId);
    if (value === undefined) continue;
    out.push({ customer_group_id: row.customerGroupId, qty: row.qty ?? minimum.get(row.salesPriceId) ?? 1, value });
  }
  return out;
}

/**
 * Website id → price of a variation, by `prices.websites`; a website whose sales price the variation
 * lacks gets the regular price (so a removed website price falls back to it).
 */
export function websitePricesOf(ctx: Ctx, v: PimVariation): Record<number, number> | undefined {
  const rows = ctx.config.prices.websites;
  if (rows.length === 0) return undefined;
  const regular = priceOf(v, ctx.config.prices.regular);
  const out: Record<number, number> = {};
  for (const row of rows) {
    const value = priceOf(v, row.salesPriceId) ?? regular;
    if (value !== undefined) out[row.websiteId] = value;
  }
  return out;
}

const storeOfWebsite = new WeakMap<object, Promise<Map<number, number>>>();
const scopeChecked = new WeakMap<object, Promise<void>>();

/** Website id → the id of a store view of it (Magento applies the price to all its views). */
function websiteStores(ctx: Ctx, magento: MagentoClient): Promise<Map<number, number>> {
  let answer = storeOfWebsite.get(ctx);
  if (!answer) {
    answer = magento.storeViews({ signal: ctx.signal }).then((views) => {
      const map = new Map<number, number>();
      for (const view of [...views].sort((a, b) => a.id - b.id)) if (view.id !== 0 && !map.has(view.website_id)) map.set(view.website_id, view.id);
      return map;
    });
    storeOfWebsite.set(ctx, answer);
    answer.catch(() => storeOfWebsite.delete(ctx));
  }
  return answer;
}

/** Once per run: does Magento keep a price per website? (A global price scope would overwrite the price of all.) */
function checkPriceScope(ctx: Ctx, magento: MagentoClient, draft: ProductDraft, storeId: number): Promise<void> {
  let check = scopeChecked.get(ctx);
  if (!check) {
    check = (async () => {
      const regular = draft.global.price;
      if (regular === undefined) return;
      await magento.prices.saveBase([{ sku: draft.sku, price: regular, store_id: storeId }], { signal: ctx.signal });
      const rows = await magento.prices.base([draft.sku], { signal: ctx.signal });
      // Under the global scope the row went to store 0; a row of the store with this price is the website's.
      if (!rows.some((r) => r.store_id === storeId && r.price === regular)) {
        throw new NonRetryableError('Magento keeps one price for all websites (catalog price scope "Global"), so the website prices of prices.websites would replace the price of every website; nothing was written for them. Set Stores › Configuration › Catalog › Catalog › Price › Catalog Price Scope to "Website", or remove prices.websites.');
      }
    })();
    scopeChecked.set(ctx, check);
  }
  return check;
}

/** Writes a product's website prices (after its global save). Refused rows fail the item with Magento's reason. */
export async function saveWebsitePrices(ctx: Ctx, magento: MagentoClient, draft: ProductDraft, prices: Record<number, number>): Promise<void> {
  const stores = await websiteStores(ctx, magento);
  const rows = Object.entries(prices).map(([websiteId, price]) => {
    const storeId = stores.get(Number(websiteId));
    if (storeId === undefined) throw new PermanentApiError(`Magento has no store view in website ${websiteId} (prices.websites): create one or fix the setting.`, { system: 'magento', route: 'GET /V1/store/storeViews' });
    return { sku: draft.sku, price, store_id: storeId };
  });
  if (rows.length === 0) return;
  await checkPriceScope(ctx, magento, draft, rows[0]!.store_id);
  const failed = await magento.prices.saveBase(rows, { signal: ctx.signal });
  if (failed.length > 0) {
    const reasons = failed.map((f) => {
      const values = Array.isArray(f.parameters) ? f.parameters.map(String) : Object.values(f.parameters ?? {}).map(String);
      let i = 0;
      return f.message.replace(/%\w+/g, (m) => values[i++] ?? m);
    });
    throw new PermanentApiError(`website prices: ${reasons.join(' ')}`, { system: 'magento', route: 'POST /V1/products/base-prices', status: 400 });
  }
}
