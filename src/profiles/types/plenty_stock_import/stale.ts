/**
 * removeStaleOnFullRun: after a full run, the source items this import wrote for SKUs whose variation
 * the full scan no longer saw (no stock row in any mapped warehouse) are removed from Magento, on the
 * mapped sources only, and their hashes leave the link (so a variation that comes back is written again).
 * The links are walked while the scan runs (`walkStockedLinks`, started by collect), so the walk's
 * round trips overlap the stock pages instead of following them; the scan's variation ids are a sorted
 * array, not a set of SKUs, and so are the walk's: 4 bytes per variation each.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/driver.js';
import { connectorsOf } from '../../../connectors/services.js';
import type { NewMessage } from '../../history.js';
import type { RunContext } from '../../profile-type.js';
import { handledLater } from '../../read-ahead.js';
import type { StockImportConfig } from './config.js';
import { IdList, type RunNotes } from './run-notes.js';
import { VARIATION_LINK } from './skus.js';
import { aspectOf } from './source-items.js';

const LINK_PAGE = 1000;
/** SKUs named one by one in the history; the rest are counted in the summary. */
const MAX_LISTED = 200;

/** One page of links: how many, the last SKU, and the PlentyONE ids of those carrying a mapped source's hash. */
type PageRow = { count: number; last: string | null; stocked: string };
type StaleRow = { magento_key: string; plenty_id: string; aspect_hashes: Record<string, string> };

/** Starts the walk of the links for the removal of stale source items (see `findStocked`). */
export function walkStockedLinks(ctx: RunContext<StockImportConfig>, sourceCodes: readonly string[]): Promise<IdList> {
  // Awaited when the run finishes; a run that stops before must not leave an unhandled rejection.
  return handledLater(findStocked(ctx, sourceCodes.map(aspectOf)));
}

export async function removeStaleSourceItems(ctx: RunContext<StockImportConfig>, notes: RunNotes, sourceCodes: readonly string[]): Promise<NewMessage[]> {
  if (sourceCodes.length === 0) return [];
  const stocked = await (notes.stocked ?? walkStockedLinks(ctx, sourceCodes));
  const seen = notes.seenSorted();
  // In SKU order, as the walk found them.
  const gone = new IdList();
  for (const id of stocked.values()) if (id > notes.seenAfter && !seen(id)) gone.add(id);
  const aspects = sourceCodes.map(aspectOf);
  const magento = await connectorsOf(ctx).magento(ctx.config.connection.magento);
  const messages: NewMessage[] = [];
  let skus = 0;
  let removed = 0;
  const ids = gone.values();
  for (let start = 0; start < ids.length; start += LINK_PAGE) {
    // Only the few stale links are read whole: parsing every link's hashes would cost a full run of a
    // million variations seconds of CPU.
    const stale = await readHashes(ctx, aspects, [...ids.subarray(start, start + LINK_PAGE)]);
    const items = stale.flatMap((r) => sourceCodes.filter((code) => r.aspect_hashes[aspectOf(code)] !== undefined)
      .map((code) => ({ sku: r.magento_key, source_code: code })));
    if (items.length === 0) continue;
    await magento.sourceItems.delete(items, { batchSize: ctx.config.writeBatchSize, signal: ctx.signal });
    await ctx.db.execute(sql`
      update entity_links set aspect_hashes = aspect_hashes - ${sql.param(aspects)}::text[], updated_at = now()
      where entity_type = ${VARIATION_LINK} and magento_key = any(${sql.param(stale.map((r) => r.magento_key))}::text[])`);
    for (const r of stale.slice(0, Math.max(0, MAX_LISTED - messages.length))) {
      const codes = sourceCodes.filter((code) => r.aspect_hashes[aspectOf(code)] !== undefined);
      messages.push({ level: 'info', recordKey: r.magento_key, message: `Removed its source items (${codes.join(', ')}): variation ${r.plenty_id} has no stock in the mapped PlentyONE warehouses any more (removeStaleOnFullRun).` });
    }
    skus += stale.length;
    removed += items.length;
  }
  if (skus > 0) {
    messages.push({ level: 'info', message: `Removed ${removed} stale source item(s) of ${skus} SKU(s) no longer in PlentyONE's stock (removeStaleOnFullRun)${skus > MAX_LISTED ? `; the first ${MAX_LISTED} are listed` : ''}.` });
  }
  return messages;
}

/**
 * Walks the variation links in SKU order, LINK_PAGE at a time, and answers the variation ids of those
 * carrying a hash of a mapped source. One transaction for the walk, not one per page, and one statement
 * per page answering the ids as one comma-separated text (read digit by digit: no string or array per
 * link). A variation link's PlentyONE id is its variation id as written by String(); one written any
 * other way (leading zeros, not a number) is never taken for stale.
 *
 * Sorting is ruled out for the walk: right after a first import the table has no statistics,
 * PostgreSQL then expects about a page of links after any key and reads all of them by a bitmap scan
 * to sort them, once per page — at a million links, minutes. With sorting off, each page is read
 * along the key index.
 */
async function findStocked(ctx: RunContext<StockImportConfig>, aspects: string[]): Promise<IdList> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_sort = off`);
    const stocked = new IdList();
    let from = '';
    for (;;) {
      const result = await tx.execute(sql`
        select count(*)::int as count, max(magento_key) as last,
          coalesce(string_agg(plenty_id, ',') filter (where stocked), '') as stocked
        from (
          select magento_key, plenty_id, coalesce(aspect_hashes ?| ${sql.param(aspects)}::text[], false) as stocked
          from entity_links
          where entity_type = ${VARIATION_LINK} and magento_key > ${from}
          order by magento_key limit ${LINK_PAGE}
        ) page`);
      const [page] = rowsOf(result) as PageRow[];
      if (!page || page.count === 0) return stocked;
      addIds(page.stocked, stocked);
      if (page.count < LINK_PAGE) return stocked;
      from = page.last!;
    }
  });
}

/** Adds the ids of a comma-separated list written by String() (anything else in it is left out). */
export function addIds(text: string, into: IdList): void {
  let value = 0;
  let digits = 0;
  let canonical = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : COMMA;
    if (c === COMMA) {
      if (canonical && digits > 0 && Number.isSafeInteger(value)) into.add(value);
      value = 0;
      digits = 0;
      canonical = true;
    } else if (c >= ZERO && c <= ZERO + 9 && !(digits === 1 && value === 0)) {
      value = value * 10 + (c - ZERO);
      digits++;
    } else canonical = false;
  }
}

const COMMA = 44;
const ZERO = 48;

/** The hashes of the stale links of these variations carrying a mapped source's hash (in SKU order). */
async function readHashes(ctx: RunContext<StockImportConfig>, aspects: string[], variationIds: number[]): Promise<StaleRow[]> {
  const result = await ctx.db.execute(sql`
    select magento_key, plenty_id, aspect_hashes from entity_links
    where entity_type = ${VARIATION_LINK} and plenty_id = any(${sql.param(variationIds.map(String))}::text[])
      and aspect_hashes ?| ${sql.param(aspects)}::text[]
    order by magento_key`);
  return rowsOf(result) as StaleRow[];
}
