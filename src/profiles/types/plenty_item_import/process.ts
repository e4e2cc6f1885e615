/**
 * The process stage: per batch, the products' links (variation links by PlentyONE variation id, the
 * configurable's item link by item id: a product imported or exported before keeps its SKU), the
 * Magento categories of their PlentyONE categories (category links), and the hash of each aspect.
 * Items whose hashes all match what the links say Magento has are skipped without a call; for the
 * rest, one product search by SKU (before any create) tells which products Magento has, and the items
 * are written a few at a time.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { entityLinks } from '../../../db/schema/index.js';
import type { Outcome } from '../../profile-type.js';
import { hashOf } from '../plenty_item_export/hashes.js';
import { resolveSkus } from '../plenty_stock_import/skus.js';
import { magentoOf, type Ctx } from './clients.js';
import { productsBySku } from './magento-products.js';
import { ASPECT, CATEGORY_LINK, ITEM_LINK, type ImportRecord, type ItemRecord, type ProductDraft, type VanishedRecord } from './record.js';
import { formerConfigurables, removeVanished, retireConfigurable } from './removals.js';
import { galleryHash } from './images.js';
import { wantedProductLinks } from './cross-sells.js';
import { writeItem, type Prepared } from './write-item.js';

/** Items written at once (each one's calls are sequential). */
const ITEMS_IN_FLIGHT = 4;
export const UNCHANGED = 'Unchanged since the last import.';

/** A batch sorted before anything is read: outcomes known already, products to remove, items to compare. */
export interface SortedBatch {
  outcomes: Outcome[];
  vanished: { key: string; record: VanishedRecord }[];
  records: ItemRecord[];
  keys: Map<ItemRecord, string>;
}

export function sortBatch(batch: { key: string; record: ImportRecord }[]): SortedBatch {
  const sorted: SortedBatch = { outcomes: [], vanished: [], records: [], keys: new Map() };
  const seen = new Set<number>();
  for (const { key, record } of batch) {
    if (record.kind === 'vanished') {
      sorted.vanished.push({ key, record });
      continue;
    }
    if (seen.has(record.itemId)) {
      sorted.outcomes.push({ key, result: 'skipped', reason: 'Written earlier in this batch.' });
      continue;
    }
    seen.add(record.itemId);
    if (record.kind === 'skip') sorted.outcomes.push({ key, result: 'skipped', reason: record.reason });
    else if (record.problems.length > 0) sorted.outcomes.push({ key, result: 'failed', reason: record.problems.join(' ') });
    else {
      sorted.records.push(record);
      sorted.keys.set(record, key);
    }
  }
  return sorted;
}

/**
 * The items whose hashes differ from what their links say Magento has (linked products renamed to
 * their Magento SKU), each product's hashes and categories, and the items left unchanged.
 */
export async function compareItems(ctx: Ctx, records: ItemRecord[]): Promise<{ changed: ItemRecord[]; unchanged: ItemRecord[]; prepared: Map<string, Prepared> }> {
  const aspects = await adoptLinkedSkus(ctx, records);
  const categories = await magentoCategories(ctx, records.flatMap((r) => [r.main, ...r.children].flatMap((d) => d.plentyCategoryIds)));
  const productLinks = await wantedProductLinks(ctx, records);
  const prepared = new Map<string, Prepared>();
  const changed: ItemRecord[] = [];
  const unchanged: ItemRecord[] = [];
  for (const record of records) {
    let differs = false;
    for (const draft of [record.main, ...record.children]) {
      const cats = draft.plentyCategoryIds.flatMap((id) => categories.get(id) ?? []);
      const hashes: Record<string, string> = {
        [ASPECT.product]: hashOf({ global: draft.global, categories: cats, superValues: draft.superValues, settings: ctx.config.categories }),
        [ASPECT.stores]: hashOf(draft.stores),
        ...(draft.websitePrices ? { [ASPECT.prices]: hashOf(draft.websitePrices) } : {}),
      };
      const gallery = galleryHash(ctx, record, draft);
      if (gallery !== undefined) hashes[ASPECT.images] = gallery;
      const links = draft === record.main ? productLinks.get(record.itemId) : undefined;
      if (draft === record.main) {
        if (record.type === 'configurable') hashes[ASPECT.options] = hashOf({ attributes: record.superAttributes, children: record.children.map((c) => [c.sku, c.superValues]) });
        if (links) hashes[ASPECT.links] = hashOf(links);
      }
      const written = aspects.get(draft.sku);
      if (Object.entries(hashes).some(([k, v]) => written?.[k] !== v)) differs = true;
      prepared.set(draft.sku, { aspects: written ?? {}, hashes, existing: undefined, categories: cats, linked: written !== undefined, ...(links ? { productLinks: links } : {}) });
    }
    (differs ? changed : unchanged).push(record);
  }
  return { changed, unchanged, prepared };
}

export async function processItems(batch: { key: string; record: ImportRecord }[], ctx: Ctx): Promise<Outcome[]> {
  const { outcomes, vanished, records, keys } = sortBatch(batch);
  if (vanished.length > 0) {
    // Before the items of the batch: an item read again after one of its variations was deleted
    // then finds that child disposed of already.
    const magento = await magentoOf(ctx);
    for (const { key, record } of vanished) outcomes.push(await removeVanished(ctx, magento, record, key));
  }
  if (records.length === 0) return outcomes;

  const { changed, unchanged, prepared } = await compareItems(ctx, records);
  for (const record of unchanged) outcomes.push({ key: keys.get(record)!, result: 'skipped', reason: UNCHANGED });
  if (changed.length === 0) return outcomes;

  const magento = await magentoOf(ctx);
  const existing = await productsBySku(ctx, magento, changed.flatMap((r) => [r.main, ...r.children].map((d) => d.sku)));
  for (const [sku, p] of prepared) p.existing = existing.get(sku);
  const former = await formerConfigurables(ctx, changed);
  let next = 0;
  const worker = async () => {
    while (next < changed.length) {
      const record = changed[next++]!;
      const outcome = await writeItem(ctx, magento, record, prepared, keys.get(record)!);
      const configurable = former.get(record.itemId);
      outcomes.push(configurable ? await retireConfigurable(ctx, magento, configurable, outcome) : outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ITEMS_IN_FLIGHT, changed.length) }, worker));
  return outcomes;
}

function rename(draft: ProductDraft, sku: string): void {
  draft.sku = sku;
  draft.global = { ...draft.global, sku };
}

/**
 * Products linked before (by this import, the item export or the stock import) keep their Magento
 * SKU; answers the aspect hashes of each product's link by SKU.
 */
async function adoptLinkedSkus(ctx: Ctx, records: ItemRecord[]): Promise<Map<string, Record<string, string>>> {
  const aspects = new Map<string, Record<string, string>>();
  const drafts = records.flatMap((r) => [r.main, ...r.children]).filter((d) => d.variationId !== undefined);
  const linked = await resolveSkus(ctx.db, drafts.map((d) => d.variationId!), async () => new Map());
  for (const draft of drafts) {
    const link = linked.get(draft.variationId!);
    if (!link) continue;
    rename(draft, link.sku);
    aspects.set(link.sku, link.written ?? {});
  }
  for (const record of records) {
    if (record.type !== 'configurable') {
      record.sku = record.main.sku;
      continue;
    }
    const link = await ctx.links.byPlentyId(ITEM_LINK, String(record.itemId));
    if (!link) continue;
    rename(record.main, link.magentoKey);
    record.sku = link.magentoKey;
    aspects.set(link.magentoKey, link.aspectHashes ?? {});
  }
  return aspects;
}

/** PlentyONE category id → Magento category id, for the linked ones. */
async function magentoCategories(ctx: Ctx, plentyIds: number[]): Promise<Map<number, number>> {
  const ids = [...new Set(plentyIds)].map(String);
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select({ magentoKey: entityLinks.magentoKey, plentyId: entityLinks.plentyId }).from(entityLinks)
    .where(and(eq(entityLinks.entityType, CATEGORY_LINK), inArray(entityLinks.plentyId, ids)));
  return new Map(rows.map((r) => [Number(r.plentyId), Number(r.magentoKey)]));
}
