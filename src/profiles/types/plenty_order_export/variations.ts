import type { EntityLink } from '../../links.js';
import { plentyOf, type Ctx } from './clients.js';

/** Link-table entity type of PlentyONE variations, keyed by the Magento SKU (written by the item sync). */
export const VARIATION_LINK = 'variation';

/**
 * PlentyONE variation ids of SKUs: from the link table, else by `numberExact` (the variation number is
 * the SKU). SKUs PlentyONE does not know are missing from the answer. `linked`: the SKUs' links when
 * the caller read them already (with other links, by one statement).
 */
export async function variationIdsOf(ctx: Ctx, skus: string[], linked?: Map<string, EntityLink>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const links = linked ?? await ctx.links.getMany(VARIATION_LINK, skus);
  for (const [sku, link] of links) {
    const id = Number(link.plentyId);
    if (Number.isInteger(id) && id > 0) ids.set(sku, id);
  }
  const missing = skus.filter((sku) => !ids.has(sku));
  if (missing.length) {
    const plenty = await plentyOf(ctx);
    for (const [sku, variation] of await plenty.variationsByNumber(missing, ctx.signal)) {
      if (variation) ids.set(sku, variation.id);
    }
  }
  return ids;
}
