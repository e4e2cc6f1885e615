/**
 * Which items a run reads, each with all its variations and their relations (texts, images, prices,
 * barcodes, categories, attribute values) from `/rest/pim/variations`, 250 variations a call:
 * - full: every variation in item order, streamed page by page (the next page is read while the
 *   current items are written); an item is handed on once its last variation was read;
 * - delta: the items of variations changed since the watermark minus `collection.overlapSeconds`
 *   (`updatedAt`, and `relatedUpdatedAt` for prices, barcodes, categories) and items whose texts or
 *   images changed (`/rest/items?updatedBetween`), then read by item id;
 * - ids (PlentyONE item/variation callbacks, `profile:run --ids`): each id as a variation id and as
 *   an item id (a callback names either; an item read once too often writes nothing, its hashes match).
 * Each page read gets the relations of the mapped properties in one more call (properties.ts).
 * Every item carries a checkpoint `{ page, after }`: a resumed run reads from that page on and skips
 * items up to `after` (item ids ascend).
 */
import type { PimVariation } from '../../../connectors/plenty/schemas/pim.js';
import { PIM_IDS_LIMIT } from '../../../connectors/plenty/resources/pim.js';
import { between } from '../../../connectors/plenty/resources/time.js';
import { NonRetryableError } from '../../../queue/errors.js';
import type { Collected } from '../../profile-type.js';
import { oneAhead } from '../../read-ahead.js';
import { deltaStart } from '../category-runs.js';
import { plentyOf, type Ctx } from './clients.js';
import type { RawItem } from './record.js';
import { withPropertyRelations } from './properties.js';
import { itemImportReadiness } from './readiness.js';
import { searchFilters } from './search-filters.js';
import { vanishedByScan, vanishedOf, type NamedIds } from './vanished.js';

interface Checkpoint { page: number; after: number }

/** Items read per call when reading by item id. */
const ITEMS_PER_READ = 50;

export function relationsOf(ctx: Ctx): string[] {
  const withs = ['base', 'base.item', 'base.texts', 'salesPrices', 'barcodes', 'categories', 'attributeValues'];
  if (ctx.config.images.enabled) withs.push('base.images');
  if (ctx.config.images.enabled && ctx.config.images.variationImages) withs.push('images');
  return withs;
}

/** Consecutive variations of one item become one RawItem; `skipUpTo`: items already done. */
async function* groupByItem(pages: AsyncIterable<{ page: number; entries: PimVariation[] }>, skipUpTo: number): AsyncGenerator<Collected<RawItem>> {
  let open: { page: number; item: RawItem } | undefined;
  const close = (g: { page: number; item: RawItem }): Collected<RawItem> => {
    g.item.variations.sort((a, b) => Number(b.base.isMain ?? false) - Number(a.base.isMain ?? false) || a.id - b.id);
    return { key: `item ${g.item.itemId}`, raw: g.item, retryId: String(g.item.itemId), checkpoint: { page: g.page, after: g.item.itemId } satisfies Checkpoint };
  };
  for await (const { page, entries } of pages) {
    for (const v of entries) {
      const itemId = v.base.itemId;
      if (itemId <= skipUpTo) continue;
      if (open && open.item.itemId !== itemId) {
        yield close(open);
        open = undefined;
      }
      open ??= { page, item: { itemId, variations: [] } };
      open.item.variations.push(v);
    }
  }
  if (open) yield close(open);
}

export async function* collectItems(ctx: Ctx, checkpoint: unknown): AsyncGenerator<Collected<RawItem>> {
  // A run of a profile that is not configured would fail every item alike: it stops at once instead.
  const missing = itemImportReadiness(ctx.config);
  if (missing.length > 0) throw new NonRetryableError(`The item import is not configured yet, nothing was read or written: ${missing.join(' ')}`);
  const resume = checkpoint as Checkpoint | undefined;
  const input = ctx.run.input;
  if (input.mode === 'ids') {
    // Ids PlentyONE no longer has (delete callbacks): their products first, then the items to read.
    const gone = await vanishedOf(ctx, await itemIdsNamed(ctx, input.ids ?? []));
    yield* gone.records;
    yield* byItemIds(ctx, gone.itemIds, resume?.after ?? 0);
    return;
  }
  const since = input.mode === 'delta' ? await deltaStart(ctx) : undefined;
  if (since) {
    yield* byItemIds(ctx, await changedItemIds(ctx, since), resume?.after ?? 0);
    return;
  }
  const plenty = await plentyOf(ctx);
  const scan = plenty.pim.variations({
    with: relationsOf(ctx), pageSize: ctx.config.collection.pageSize, startPage: resume?.page ?? 1,
    ...searchFilters(ctx.config), signal: ctx.signal,
  });
  yield* groupByItem(oneAhead(scan.pages(), (p) => withPropertyRelations(ctx, p)), resume?.after ?? 0);
  if (ctx.config.deletions.fullRunScan) yield* vanishedByScan(ctx);
}

/** Item ids of the named ids, each read as a variation id and as an item id (and which PlentyONE has as what). */
async function itemIdsNamed(ctx: Ctx, ids: string[]): Promise<NamedIds> {
  const plenty = await plentyOf(ctx);
  const numbers = [...new Set(ids.map(Number).filter((n) => Number.isInteger(n) && n > 0))];
  const found = new Set<number>();
  const named: NamedIds = { ids: numbers, variations: new Set(), items: new Set(), itemIds: [] };
  for (let i = 0; i < numbers.length; i += PIM_IDS_LIMIT) {
    const chunk = numbers.slice(i, i + PIM_IDS_LIMIT);
    for await (const v of plenty.pim.variations({ ids: chunk, with: ['base'], signal: ctx.signal })) {
      found.add(v.base.itemId);
      named.variations.add(v.id);
    }
    for await (const v of plenty.pim.variations({ itemIds: chunk, with: ['base'], signal: ctx.signal })) {
      found.add(v.base.itemId);
      named.items.add(v.base.itemId);
    }
  }
  named.itemIds = [...found].sort((a, b) => a - b);
  return named;
}

/** Items with a variation, price, barcode, category link, mapped property, text or image changed since `since`. */
async function changedItemIds(ctx: Ctx, since: Date): Promise<number[]> {
  const plenty = await plentyOf(ctx);
  const found = new Set<number>();
  const active = searchFilters(ctx.config);
  for (const range of [{ updatedAt: { from: since } }, { relatedUpdatedAt: { from: since } }]) {
    for await (const v of plenty.pim.variations({ ...range, ...active, with: ['base'], signal: ctx.signal })) found.add(v.base.itemId);
  }
  if (ctx.config.properties.map.length > 0) {
    // Property relations have a timestamp of their own (the PIM search's propertyUpdatedAt).
    const filters = { ...active.filters, propertyUpdatedAt: between({ from: since }) };
    for await (const v of plenty.pim.variations({ ...active, filters, with: ['base'], signal: ctx.signal })) found.add(v.base.itemId);
  }
  for (const id of await plenty.pim.itemsUpdatedSince(since, ctx.signal)) found.add(id);
  return [...found].sort((a, b) => a - b);
}

async function* byItemIds(ctx: Ctx, itemIds: number[], skipUpTo: number): AsyncGenerator<Collected<RawItem>> {
  const plenty = await plentyOf(ctx);
  const todo = itemIds.filter((id) => id > skipUpTo);
  const withs = relationsOf(ctx);
  const active = searchFilters(ctx.config);
  async function* pages() {
    for (let i = 0; i < todo.length; i += ITEMS_PER_READ) {
      const entries: PimVariation[] = [];
      for await (const v of plenty.pim.variations({ itemIds: todo.slice(i, i + ITEMS_PER_READ), with: withs, ...active, signal: ctx.signal })) entries.push(v);
      entries.sort((a, b) => a.base.itemId - b.base.itemId || a.id - b.id);
      yield { page: 1, entries };
    }
  }
  yield* groupByItem(oneAhead(pages(), (p) => withPropertyRelations(ctx, p)), skipUpTo);
}
