/**
 * Writes a batch of item records: the links of the whole batch are read at once, records whose hashes
 * all match are skipped without a call, the others are written a few at a time, their prices and
 * category links go out in bulk, and their links are saved together at the end.
 *
 * Links are saved once per batch, not after every create, so a run that dies mid-batch must not
 * trust them: before the first write a "writing" mark is saved for every record about to be written,
 * and removed with the links. A record that still carries a mark is read back from PlentyONE (by its
 * item id, or by variation number) before it is written, so nothing is created twice and only what
 * differs is written again.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { PermanentApiError } from '../../../connectors/errors.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { Database } from '../../../db/client.js';
import { entityLinks } from '../../../db/schema/index.js';
import type { EntityLink, LinkStore } from '../../links.js';
import type { Outcome } from '../../profile-type.js';
import { itemLink, itemStateOf, variationLink, variationStateOf } from './link-state.js';
import { readPlentyState, type StartState } from './plenty-state.js';
import { ITEM_ENTITY, VARIATION_ENTITY, type ItemRecord } from './record.js';
import { RecordRefused, upToDate, writeItem, type ItemWrite } from './write-item.js';
import { newBulkWrites, sendBulkWrites } from './bulk-writes.js';
import type { ItemExportConfig } from './config.js';

/** Entity type of the marks: an item SKU whose writes may have begun without its links being saved. */
export const WRITING_ENTITY = 'writing:item';

/** Records written at once: overlaps the round trips without crowding the shared call budget. */
const WRITE_CONCURRENCY = 16;

export interface BatchDeps {
  plenty: PlentyClient;
  media: ItemExportConfig['media'];
  removals: { categories: boolean; barcodes: number[] };
  marketNumbers: readonly { type: string; countryId: number }[];
  properties?: { mapped: readonly number[]; removeEmptied: boolean };
  links: LinkStore;
  db: Database;
  plentyIds: number[];
  signal: AbortSignal;
}

interface Planned {
  key: string;
  record: ItemRecord;
  start: StartState;
  /** Marked as being written by an attempt that never saved its links. */
  uncertain: boolean;
}

/** Runs `task` over `items`, `limit` at a time; the first error stops new tasks and is thrown once the running ones end. */
async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}

/**
 * Whether this export wrote the link (it keeps the item's languages and a variation's price rows): a
 * link the item import made holds only its own hashes and the ids (`mainVariationId`; `itemId`,
 * `itemSku`), so an item first imported is read from PlentyONE on its first export.
 */
function exportedBefore(link: EntityLink): boolean {
  const meta = link.meta ?? {};
  return link.entityType === ITEM_ENTITY ? Array.isArray(meta.langs) : Array.isArray(meta.priceIds);
}

async function plan(batch: { key: string; record: ItemRecord }[], links: LinkStore): Promise<Planned[]> {
  const skus = batch.map((b) => b.record.sku);
  const [items, variations, marks] = await Promise.all([
    links.getMany(ITEM_ENTITY, skus),
    links.getMany(VARIATION_ENTITY, batch.flatMap((b) => b.record.variations.map((v) => v.sku))),
    links.getMany(WRITING_ENTITY, skus),
  ]);
  return batch.map(({ key, record }) => {
    const item = items.get(record.sku);
    const start: StartState = {
      item: item && itemStateOf(item),
      variations: new Map(record.variations.flatMap((v) => {
        const link = variations.get(v.sku);
        return link ? [[v.sku, variationStateOf(link)] as const] : [];
      })),
    };
    // Links the item import made (only its hashes): what PlentyONE holds is read, as after a crash.
    const imported = (item && !exportedBefore(item)) || record.variations.some((v) => { const l = variations.get(v.sku); return l !== undefined && !exportedBefore(l); });
    return { key, record, start, uncertain: marks.has(record.sku) || imported };
  });
}

export async function writeBatch(batch: { key: string; record: ItemRecord }[], deps: BatchDeps): Promise<Outcome[]> {
  const { plenty, links, signal } = deps;
  const outcomes: Outcome[] = [];
  // A child and its configurable named in one run are the same item: it is written once.
  const first = new Map<string, string>();
  const unique = batch.filter(({ key, record }) => {
    const earlier = first.get(record.sku);
    if (earlier === undefined) {
      first.set(record.sku, key);
      return true;
    }
    outcomes.push({ key, result: 'skipped', reason: `Exported as item ${record.sku} with ${earlier}.` });
    return false;
  });
  const planned = await plan(unique, links);
  const writing = planned.filter((p) => {
    if (p.uncertain || !upToDate(p.record, p.start)) return true;
    outcomes.push({ key: p.key, result: 'skipped', reason: `Unchanged since the last export.${unlinkedNote(p.record)}` });
    return false;
  });
  if (writing.length === 0) return outcomes;

  await links.upsertMany(writing.filter((p) => !p.uncertain).map((p) => ({
    entityType: WRITING_ENTITY, magentoKey: p.record.sku, plentyId: String(p.start.item?.itemId ?? ''),
  })));
  const bulk = newBulkWrites();
  const results = await inPool(writing, WRITE_CONCURRENCY, async (p): Promise<{ p: Planned; write?: ItemWrite; refused?: Error }> => {
    try {
      const start = p.uncertain ? await readPlentyState(plenty, p.record, p.start.item?.itemId, signal) : p.start;
      return { p, write: await writeItem(p.record, start, deps, bulk) };
    } catch (error) {
      // PlentyONE refused this product (422, 404): the others go on; anything else ends the run.
      if (!(error instanceof PermanentApiError) && !(error instanceof RecordRefused)) throw error;
      return { p, refused: error };
    }
  });
  const bulkRefused = await sendBulkWrites(plenty, bulk, signal);

  const done = results.flatMap((r) => (r.write ? [{ ...r, write: r.write }] : []));
  await links.upsertMany(done.flatMap(({ write }) => [itemLink(write.item), ...write.variations.map(variationLink)]));
  // A refused record keeps its mark: what PlentyONE holds of it is read again next time.
  const finished = done.map(({ p }) => p.record.sku);
  if (finished.length) {
    await deps.db.delete(entityLinks).where(and(eq(entityLinks.entityType, WRITING_ENTITY), inArray(entityLinks.magentoKey, finished)));
  }

  for (const { p, write, refused } of results) {
    const rows = p.record.variations.flatMap((v) => bulkRefused.get(v.sku) ?? []);
    if (refused) outcomes.push({ key: p.key, result: 'failed', reason: `PlentyONE refused ${p.record.sku}: ${refused.message}` });
    // Everything else of the record is written and linked; the refused rows are tried again next time.
    else if (rows.length) outcomes.push({ key: p.key, result: 'failed', reason: rows.join(' ') });
    else if (write?.created) outcomes.push({ key: p.key, result: 'created' });
    else if (write?.written.length) outcomes.push({ key: p.key, result: 'updated' });
    else outcomes.push({ key: p.key, result: 'skipped', reason: `Unchanged since the last export.${unlinkedNote(p.record)}` });
  }
  return outcomes;
}

function unlinkedNote(record: ItemRecord): string {
  return record.unlinkedCategories.length
    ? ` Categories ${record.unlinkedCategories.join(', ')} are not linked to PlentyONE yet (run the category export); they were left out.`
    : '';
}
