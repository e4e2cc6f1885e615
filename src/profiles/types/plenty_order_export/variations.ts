import { LRUCache } from 'lru-cache';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { EntityLink } from '../../links.js';
import { plentyOf, type Ctx } from './clients.js';
import type { OrderDraft } from './record.js';

/** Link-table entity type of PlentyONE variations, keyed by the Magento SKU (written by the item sync). */
export const VARIATION_LINK = 'variation';

/**
 * Variation ids found by `numberExact`, per PlentyONE client (one per connection, kept for the life of
 * the process), for VARIATION_CACHE_TTL_MS: without an item sync that links the SKUs, every order of a
 * best seller asked PlentyONE for the same variation again. Only found ones are kept (an unknown SKU is
 * asked again by the next order, so a product exported meanwhile is found at once); beyond
 * VARIATION_CACHE_MAX the least recently used go first. A variation renumbered or deleted in PlentyONE is
 * seen at the latest a minute later; the item sync's links are read first and never cached here.
 */
const found = new WeakMap<PlentyClient, LRUCache<string, number>>();
export const VARIATION_CACHE_TTL_MS = 60_000;
const VARIATION_CACHE_MAX = 10_000;

function cacheOf(plenty: PlentyClient): LRUCache<string, number> {
  let cache = found.get(plenty);
  if (!cache) found.set(plenty, (cache = new LRUCache({ max: VARIATION_CACHE_MAX, ttl: VARIATION_CACHE_TTL_MS })));
  return cache;
}

/**
 * PlentyONE variation ids of SKUs: from the link table, else by `numberExact` (the variation number is
 * the SKU; answers kept for a minute, above). SKUs PlentyONE does not know are missing from the answer.
 * `linked`: the SKUs' links when the caller read them already (with other links, by one statement).
 */
export async function variationIdsOf(ctx: Ctx, skus: string[], linked?: Map<string, Pick<EntityLink, 'plentyId'>>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const links = linked ?? await ctx.links.getMany(VARIATION_LINK, skus);
  for (const [sku, link] of links) {
    const id = Number(link.plentyId);
    if (Number.isInteger(id) && id > 0) ids.set(sku, id);
  }
  let missing = skus.filter((sku) => !ids.has(sku));
  if (missing.length === 0) return ids;
  const plenty = await plentyOf(ctx);
  const cache = cacheOf(plenty);
  missing = missing.filter((sku) => {
    const kept = cache.get(sku);
    if (kept !== undefined) ids.set(sku, kept);
    return kept === undefined;
  });
  if (missing.length === 0) return ids;
  for (const [sku, variation] of await plenty.variationsByNumber(missing, ctx.signal)) {
    if (!variation) continue;
    ids.set(sku, variation.id);
    cache.set(sku, variation.id);
  }
  return ids;
}

/**
 * Sets the variation id of every line of the draft (`linked`: the SKUs' links, read with the order's
 * claim); answers the sentences for the merchant when PlentyONE knows some SKU by no variation.
 */
export async function withVariationIds(ctx: Ctx, draft: OrderDraft, linked?: Map<string, Pick<EntityLink, 'plentyId'>>): Promise<string | undefined> {
  const ids = await variationIdsOf(ctx, [...new Set(draft.lines.map((l) => l.sku))], linked);
  const unknown: string[] = [];
  for (const line of draft.lines) {
    line.variationId = ids.get(line.sku);
    const sentence = `SKU "${line.sku}" is not a PlentyONE variation number: export the product first or link it.`;
    if (line.variationId === undefined && !unknown.includes(sentence)) unknown.push(sentence);
  }
  return unknown.length ? unknown.join(' ') : undefined;
}
