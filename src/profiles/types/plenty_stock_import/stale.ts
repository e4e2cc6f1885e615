/**
 * removeStaleOnFullRun: after a full run, the source items this import wrote for SKUs whose variation
 * the full scan no longer saw (no stock row in any mapped warehouse) are removed from Magento, on the
 * mapped sources only, and their hashes leave the link (so a variation that comes back is written again).
 * Links are read in pages of the key index; the scan's variation ids are a sorted array, not a set of SKUs.
 */
import { sql } from 'drizzle-orm';
import { connectorsOf } from '../../../connectors/services.js';
import type { NewMessage } from '../../history.js';
import type { RunContext } from '../../profile-type.js';
import type { StockImportConfig } from './config.js';
import type { RunNotes } from './run-notes.js';
import { resultRows, VARIATION_LINK } from './skus.js';
import { aspectOf } from './source-items.js';

const LINK_PAGE = 1000;
/** SKUs named one by one in the history; the rest are counted in the summary. */
const MAX_LISTED = 200;

/** One page of links: how many, the last SKU, and [plenty id, SKU] of those carrying a mapped source's hash. */
type PageRow = { count: number; last: string | null; stocked: [string, string][] };
type StaleRow = { magento_key: string; plenty_id: string; aspect_hashes: Record<string, string> };

export async function removeStaleSourceItems(ctx: RunContext<StockImportConfig>, notes: RunNotes, sourceCodes: readonly string[]): Promise<NewMessage[]> {
  if (sourceCodes.length === 0) return [];
  const seen = notes.seenSorted();
  const isGone = (plentyId: string) => {
    const id = Number(plentyId);
    return id > notes.seenAfter && !seen(id);
  };
  const aspects = sourceCodes.map(aspectOf);
  const magento = await connectorsOf(ctx).magento(ctx.config.connection.magento);
  const messages: NewMessage[] = [];
  let skus = 0;
  let removed = 0;
  let after: string | undefined = '';
  while (after !== undefined) {
    const found = await findGone(ctx, aspects, after, isGone);
    after = found.after;
    const gone = found.gone;
    if (gone.length === 0) continue;
    // Only the few stale links are read whole: parsing every link's hashes would cost a full run of a
    // million variations seconds of CPU.
    const stale = await readHashes(ctx, gone);
    const items = stale.flatMap((r) => sourceCodes.filter((code) => r.aspect_hashes[aspectOf(code)] !== undefined)
      .map((code) => ({ sku: r.magento_key, source_code: code })));
    if (items.length > 0) {
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
  }
  if (skus > 0) {
    messages.push({ level: 'info', message: `Removed ${removed} stale source item(s) of ${skus} SKU(s) no longer in PlentyONE's stock (removeStaleOnFullRun)${skus > MAX_LISTED ? `; the first ${MAX_LISTED} are listed` : ''}.` });
  }
  return messages;
}

/**
 * Walks the variation links in SKU order after `after`, LINK_PAGE at a time, and gathers the SKUs of
 * links carrying a hash of a mapped source whose variation `isGone`: until LINK_PAGE of them are found
 * (`after` is then where to go on) or the links end (`after` undefined). One transaction for the walk,
 * not one per page, and one statement per page answering one JSON array (only the stocked links'
 * plenty id and SKU, not a row object per link).
 *
 * Sorting is ruled out for the walk: right after a first import the table has no statistics,
 * PostgreSQL then expects about a page of links after any key and reads all of them by a bitmap scan
 * to sort them, once per page — at a million links, minutes. With sorting off, each page is read
 * along the key index.
 */
async function findGone(ctx: RunContext<StockImportConfig>, aspects: string[], after: string, isGone: (plentyId: string) => boolean): Promise<{ gone: string[]; after: string | undefined }> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_sort = off`);
    const gone: string[] = [];
    let from = after;
    for (;;) {
      const result = await tx.execute(sql`
        select count(*)::int as count, max(magento_key) as last,
          coalesce(json_agg(json_build_array(plenty_id, magento_key)) filter (where stocked), '[]') as stocked
        from (
          select magento_key, plenty_id, coalesce(aspect_hashes ?| ${sql.param(aspects)}::text[], false) as stocked
          from entity_links
          where entity_type = ${VARIATION_LINK} and magento_key > ${from}
          order by magento_key limit ${LINK_PAGE}
        ) page`);
      const [page] = resultRows(result) as PageRow[];
      if (!page || page.count === 0) return { gone, after: undefined };
      for (const [plentyId, key] of page.stocked) if (isGone(plentyId)) gone.push(key);
      if (page.count < LINK_PAGE) return { gone, after: undefined };
      from = page.last!;
      if (gone.length >= LINK_PAGE) return { gone, after: from };
    }
  });
}

/** The hashes of the stale links (in SKU order), for the source items to remove and the history. */
async function readHashes(ctx: RunContext<StockImportConfig>, keys: string[]): Promise<StaleRow[]> {
  const result = await ctx.db.execute(sql`
    select magento_key, plenty_id, aspect_hashes from entity_links
    where entity_type = ${VARIATION_LINK} and magento_key = any(${sql.param(keys)}::text[])
    order by magento_key`);
  return resultRows(result) as StaleRow[];
}
