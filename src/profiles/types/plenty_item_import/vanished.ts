/**
 * Ids a run was named (a PlentyONE item or variation delete callback, `profile:run --ids`) that
 * PlentyONE has neither as a variation nor as an item any more: the Magento products linked to them.
 * - a variation id PlentyONE no longer has: the product of its variation link; its item, when that is
 *   still there, is read again so its configurable drops the child;
 * - an item id PlentyONE no longer has: its configurable (item link) and the products of its
 *   variations (variation links naming the item; links written before plentygate kept the item id
 *   on them are not found this way).
 * Each becomes one record for removals.ts; an id that was never linked is not a record at all.
 * A full run with `deletions.fullRunScan` ends by checking every variation and item link against
 * PlentyONE (500 ids a call) the same way.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { PIM_IDS_LIMIT } from '../../../connectors/plenty/resources/pim.js';
import { entityLinks } from '../../../db/schema/index.js';
import { linkPages } from '../../link-pages.js';
import type { Collected } from '../../profile-type.js';
import { plentyOf, type Ctx } from './clients.js';
import { ASPECT, ITEM_LINK, VARIATION_LINK, type RawItem, type VanishedProduct } from './record.js';
import { DISABLED } from './removals.js';

/** What PlentyONE answered for the named ids. */
export interface NamedIds {
  /** The named ids (positive integers). */
  ids: number[];
  /** Named ids PlentyONE has as variation ids, and as item ids. */
  variations: Set<number>;
  items: Set<number>;
  /** Items to read: those of the named ids PlentyONE has. */
  itemIds: number[];
}

export async function vanishedOf(ctx: Ctx, named: NamedIds): Promise<{ records: Collected<RawItem>[]; itemIds: number[] }> {
  const records: Collected<RawItem>[] = [];
  const reread = new Set(named.itemIds);
  const goneVariations = named.ids.filter((id) => !named.variations.has(id)).map(String);
  const goneItems = named.ids.filter((id) => !named.items.has(id)).map(String);
  if (goneVariations.length + goneItems.length === 0) return { records, itemIds: named.itemIds };

  const product = (l: { entityType: string; magentoKey: string; plentyId: string }): VanishedProduct =>
    ({ sku: l.magentoKey, entityType: l.entityType === ITEM_LINK ? ITEM_LINK : VARIATION_LINK, plentyId: l.plentyId });
  const columns = { entityType: entityLinks.entityType, magentoKey: entityLinks.magentoKey, plentyId: entityLinks.plentyId, meta: entityLinks.meta };

  if (goneVariations.length > 0) {
    const rows = await ctx.db.select(columns).from(entityLinks)
      .where(and(eq(entityLinks.entityType, VARIATION_LINK), inArray(entityLinks.plentyId, goneVariations)));
    for (const row of rows) {
      const itemId = Number(row.meta?.itemId);
      if (Number.isInteger(itemId) && itemId > 0 && !goneItems.includes(String(itemId))) reread.add(itemId);
      records.push({ key: `variation ${row.plentyId}`, raw: { itemId: Number.isInteger(itemId) ? itemId : 0, variations: [], vanished: [product(row)] }, retryId: row.plentyId });
    }
  }
  if (goneItems.length > 0) {
    const rows = await ctx.db.select(columns).from(entityLinks).where(sql`
      (${entityLinks.entityType} = ${ITEM_LINK} and ${entityLinks.plentyId} in ${goneItems})
      or (${entityLinks.entityType} = ${VARIATION_LINK} and ${entityLinks.meta}->>'itemId' in ${goneItems})`);
    const byItem = new Map<string, VanishedProduct[]>();
    const known = new Set(records.map((r) => r.raw.vanished![0]!.sku));
    for (const row of rows) {
      // A simple product the item export made has an item and a variation link under one SKU.
      if (known.has(row.magentoKey)) continue;
      known.add(row.magentoKey);
      const itemId = row.entityType === ITEM_LINK ? row.plentyId : String(row.meta?.itemId);
      byItem.set(itemId, [...(byItem.get(itemId) ?? []), product(row)]);
    }
    for (const [itemId, products] of byItem) {
      // The configurable first, its children after it.
      products.sort((a, b) => Number(b.entityType === ITEM_LINK) - Number(a.entityType === ITEM_LINK));
      records.push({ key: `item ${itemId}`, raw: { itemId: Number(itemId), variations: [], vanished: products }, retryId: itemId });
    }
  }
  return { records, itemIds: [...reread].sort((a, b) => a - b) };
}

/**
 * The end of a full run (`deletions.fullRunScan`): every variation link and configurable (item link)
 * not disabled for this reason before, checked against PlentyONE a page of ids at a time; those it no
 * longer has become records like a delete callback's.
 */
export async function* vanishedByScan(ctx: Ctx): AsyncGenerator<Collected<RawItem>> {
  const plenty = await plentyOf(ctx);
  const notDisabled = sql`coalesce(${entityLinks.aspectHashes}->>${ASPECT.product}, '') <> ${DISABLED}`;
  for (const entityType of [VARIATION_LINK, ITEM_LINK] as const) {
    for await (const page of linkPages(ctx.db, entityType, PIM_IDS_LIMIT, notDisabled)) {
      const ids = page.map((r) => Number(r.plentyId)).filter((n) => Number.isInteger(n) && n > 0);
      const found = new Set<number>();
      const query = entityType === VARIATION_LINK ? { ids } : { itemIds: ids };
      for await (const v of plenty.pim.variations({ ...query, with: ['base'], signal: ctx.signal })) found.add(entityType === VARIATION_LINK ? v.id : v.base.itemId);
      for (const row of page) {
        if (found.has(Number(row.plentyId))) continue;
        const itemId = entityType === ITEM_LINK ? Number(row.plentyId) : Number(row.meta?.itemId) || 0;
        yield {
          key: `${entityType === ITEM_LINK ? 'item' : 'variation'} ${row.plentyId}`,
          raw: { itemId, variations: [], vanished: [{ sku: row.magentoKey, entityType, plentyId: row.plentyId }] },
          retryId: row.plentyId,
        };
      }
    }
  }
}
