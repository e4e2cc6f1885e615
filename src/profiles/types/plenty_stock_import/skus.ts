/**
 * Variation id → Magento SKU: the link table first ('variation' links: Magento SKU ↔ PlentyONE
 * variation id, recorded by every sync that matched them), else the variation number from PlentyONE
 * (one call per 250 unlinked variations).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { entityLinks } from '../../../db/schema/index.js';
import type { EntityLink } from '../../links.js';

export const VARIATION_LINK = 'variation';

export interface Resolved {
  sku: string;
  /** The stored link, when there is one (its aspect hashes say what was last written). */
  link: EntityLink | undefined;
}

export async function resolveSkus(
  db: Database,
  variationIds: readonly number[],
  numbers: (ids: number[]) => Promise<Map<number, string>>,
): Promise<Map<number, Resolved>> {
  const out = new Map<number, Resolved>();
  if (variationIds.length === 0) return out;
  const rows = await db.select().from(entityLinks)
    .where(and(eq(entityLinks.entityType, VARIATION_LINK), inArray(entityLinks.plentyId, variationIds.map(String))));
  for (const link of rows) out.set(Number(link.plentyId), { sku: link.magentoKey, link });
  const missing = variationIds.filter((id) => !out.has(id));
  if (missing.length > 0) {
    for (const [id, sku] of await numbers(missing)) out.set(id, { sku, link: undefined });
  }
  return out;
}
