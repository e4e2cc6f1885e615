/**
 * PlentyONE item cross-selling → Magento product links of the item's product (`crossSells`: which
 * relationship becomes which link type). Read per item (`GET /rest/items/{id}/item_cross_selling`, one
 * call each: PIM's `with=base.crossSelling` is named in PlentyONE's OpenAPI without its shape). A cross
 * item is the product that stands for it in Magento: its configurable (item link), else the product of
 * its variation link with the lowest variation id (the variation links say which item a product is of,
 * whether this import or the item export wrote them). A cross item Magento has no product of yet is left
 * out; it is linked when the item is read again after it was imported.
 *
 * Magento's link routes change one type at a time: `POST /V1/products/{sku}/links` replaces that type's
 * links (so a managed type's links are PlentyONE's; other types stay as the merchant set them), and an
 * empty list removes nothing, so a type PlentyONE has no links of any more is cleared link by link.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { ProductLinkType } from '../../../connectors/magento/rest/products.js';
import { entityLinks } from '../../../db/schema/index.js';
import { plentyOf, type Ctx } from './clients.js';
import { ITEM_LINK, VARIATION_LINK, type ItemRecord } from './record.js';

/** Link type → the linked products' SKUs in PlentyONE's order. */
export type ProductLinks = Partial<Record<ProductLinkType, string[]>>;

/** Cross-selling lists read at once. */
const READS_IN_FLIGHT = 4;

/** The link types `crossSells` manages (those some relationship is mapped to). */
export const managedTypes = (ctx: Ctx): ProductLinkType[] => [...new Set(Object.values(ctx.config.crossSells))];

/** The product links each item's product should have, by item id; empty when `crossSells` maps nothing. */
export async function wantedProductLinks(ctx: Ctx, records: readonly ItemRecord[]): Promise<Map<number, ProductLinks>> {
  const out = new Map<number, ProductLinks>();
  if (managedTypes(ctx).length === 0 || records.length === 0) return out;
  const plenty = await plentyOf(ctx);
  const lists = new Map<number, { crossItemId: number; relationship?: string | null }[]>();
  let next = 0;
  const reader = async () => {
    while (next < records.length) {
      const { itemId } = records[next++]!;
      lists.set(itemId, await plenty.items.crossSelling.list(itemId, ctx.signal));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, records.length) }, reader));
  const skus = await productSkusOfItems(ctx, [...new Set([...lists.values()].flat().map((l) => l.crossItemId))]);
  for (const { itemId } of records) {
    const links: ProductLinks = {};
    for (const l of lists.get(itemId) ?? []) {
      const type = l.relationship ? ctx.config.crossSells[l.relationship as keyof typeof ctx.config.crossSells] : undefined;
      const sku = skus.get(l.crossItemId);
      if (!type || !sku || l.crossItemId === itemId) continue;
      const list = (links[type] ??= []);
      if (!list.includes(sku)) list.push(sku);
    }
    out.set(itemId, links);
  }
  return out;
}

/** The Magento SKU of the product standing for each of these PlentyONE items (see the module comment). */
async function productSkusOfItems(ctx: Ctx, itemIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (itemIds.length === 0) return out;
  const ids = itemIds.map(String);
  const configurables = await ctx.db.select({ plentyId: entityLinks.plentyId, sku: entityLinks.magentoKey }).from(entityLinks)
    .where(and(eq(entityLinks.entityType, ITEM_LINK), inArray(entityLinks.plentyId, ids)));
  for (const row of configurables) out.set(Number(row.plentyId), row.sku);
  const rest = ids.filter((id) => !out.has(Number(id)));
  if (rest.length === 0) return out;
  const itemIdOf = sql<string>`${entityLinks.meta}->>'itemId'`;
  const products = await ctx.db.select({ itemId: itemIdOf, variationId: entityLinks.plentyId, sku: sql<string>`${entityLinks.meta}->>'itemSku'` }).from(entityLinks)
    .where(and(eq(entityLinks.entityType, VARIATION_LINK), inArray(itemIdOf, rest)));
  const lowest = new Map<number, number>();
  for (const row of products) {
    const itemId = Number(row.itemId);
    const variationId = Number(row.variationId);
    if (!row.sku || (lowest.has(itemId) && lowest.get(itemId)! < variationId)) continue;
    lowest.set(itemId, variationId);
    out.set(itemId, row.sku);
  }
  return out;
}

/** Brings the product's links of each managed type to the wanted ones; answers whether it wrote any. */
export async function writeProductLinks(ctx: Ctx, magento: MagentoClient, sku: string, wanted: ProductLinks): Promise<boolean> {
  let wrote = false;
  for (const type of managedTypes(ctx)) {
    const skus = wanted[type] ?? [];
    if (skus.length > 0) {
      await magento.products.setLinks(sku, type, skus.map((linked, position) => ({ sku: linked, position })), { signal: ctx.signal });
      wrote = true;
      continue;
    }
    for (const link of await magento.products.links(sku, type, { signal: ctx.signal })) {
      await magento.products.unlink(sku, type, link.linked_product_sku, { signal: ctx.signal });
      wrote = true;
    }
  }
  return wrote;
}
