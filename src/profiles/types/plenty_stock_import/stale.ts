/**
 * removeStaleOnFullRun: after a full run, the source items this import wrote for SKUs whose variation
 * the full scan no longer saw (no stock row in any mapped warehouse) are removed from Magento, on the
 * mapped sources only, and their hashes leave the link (so a variation that comes back is written again).
 * The full scan's link reads find them (skus.ts `parseLinkRange`): they read the links of every variation id
 * range the scan passes, so a linked variation the scan never handed on is seen there, with no walk of
 * the links of its own.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/driver.js';
import { connectorsOf } from '../../../connectors/services.js';
import type { NewMessage } from '../../history.js';
import type { RunContext } from '../../profile-type.js';
import type { StockImportConfig } from './config.js';
import type { RunNotes } from './run-notes.js';
import { VARIATION_LINK } from './skus.js';
import { aspectOf } from './source-items.js';

const LINK_PAGE = 1000;
/** SKUs named one by one in the history; the rest are counted in the summary. */
const MAX_LISTED = 200;

type StaleRow = { magento_key: string; plenty_id: string; aspect_hashes: Record<string, string> };

export async function removeStaleSourceItems(ctx: RunContext<StockImportConfig>, notes: RunNotes, sourceCodes: readonly string[]): Promise<NewMessage[]> {
  if (sourceCodes.length === 0) return [];
  const ids = notes.stale();
  const aspects = sourceCodes.map(aspectOf);
  const magento = await connectorsOf(ctx).magento(ctx.config.connection.magento);
  const messages: NewMessage[] = [];
  let skus = 0;
  let removed = 0;
  for (let start = 0; start < ids.length; start += LINK_PAGE) {
    // Only the few stale links are read whole: parsing every link's hashes would cost a full run of a
    // million variations seconds of CPU.
    const stale = await readHashes(ctx, aspects, ids.slice(start, start + LINK_PAGE));
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

/** The hashes of the stale links of these variations carrying a mapped source's hash (in SKU order). */
async function readHashes(ctx: RunContext<StockImportConfig>, aspects: string[], variationIds: number[]): Promise<StaleRow[]> {
  const result = await ctx.db.execute(sql`
    select magento_key, plenty_id, aspect_hashes from entity_links
    where entity_type = ${VARIATION_LINK} and plenty_id = any(${sql.param(variationIds.map(String))}::text[])
      and aspect_hashes ?| ${sql.param(aspects)}::text[]
    order by magento_key`);
  return rowsOf(result) as StaleRow[];
}
