/**
 * The process stage: changed source items of a batch go to Magento in POSTs of `writeBatchSize` items.
 * Magento refuses a whole batch when one SKU is unknown; only then are the batch's SKUs looked up
 * (one products search), the unknown ones skipped with their reason and the rest sent again, so a
 * catalog where every SKU exists pays nothing for the check.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient, SourceItemInput } from '../../../connectors/magento/index.js';
import { unknownSkus } from './magento-reads.js';
import { connectorsOf } from '../../../connectors/services.js';
import { createHistory } from '../../history.js';
import type { Outcome, RunContext } from '../../profile-type.js';
import type { StockImportConfig } from './config.js';
import { MANAGED_ASPECT, notInMagento, UNCHANGED_COUNTED, unmanagedReason, type StockRaw, type Write } from './records.js';
import { notesOf } from './run-notes.js';

type Ctx = RunContext<StockImportConfig>;

/** Unknown-SKU notes kept in the history per run (each is also counted as skipped). */
const MAX_NOTES = 200;
const notesPerRun = new Map<number, number>();

export async function processStock(batch: { key: string; record: StockRaw }[], ctx: Ctx): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const writes: Write[] = [];
  for (const { key, record } of batch) {
    if (record.kind === 'write') {
      writes.push(record);
      continue;
    }
    // A skip entry is an outcome already (no second object per skipped variation).
    for (const e of record.entries) outcomes.push(e);
    if (record.unchanged > 0) outcomes.push({ key, result: 'skipped', reason: UNCHANGED_COUNTED, count: record.unchanged });
  }
  if (writes.length === 0) return outcomes;

  const magento = await connectorsOf(ctx).magento(ctx.config.connection.magento);
  const size = ctx.config.writeBatchSize;
  const failed = new Map<string, string>();
  const unknown = new Set<string>();
  const unmanaged = ctx.config.skipUnmanaged ? await askManageStock(magento, writes, unknown, ctx) : new Set<string>();
  notesOf(ctx.run.id).unmanaged += unmanaged.size;
  const items = writes.flatMap((w) => (unmanaged.has(w.sku) || unknown.has(w.sku) ? [] : w.items));
  for (let start = 0; start < items.length; start += size) {
    await saveChunk(magento, items.slice(start, start + size), ctx, failed, unknown);
  }
  for (const w of writes) {
    if (unmanaged.has(w.sku)) outcomes.push({ key: w.sku, result: 'skipped', reason: unmanagedReason(w.sku) });
    else if (unknown.has(w.sku)) outcomes.push({ key: w.sku, result: 'skipped', reason: notInMagento(w.sku) });
    else if (failed.has(w.sku)) outcomes.push({ key: w.sku, result: 'failed', reason: failed.get(w.sku)! });
    else outcomes.push({ key: w.sku, result: 'updated' });
  }
  if (unknown.size > 0) await noteUnknown(ctx, [...unknown]);
  return outcomes;
}

/** Stock item reads in flight at once (one GET per SKU: Magento has no bulk read of "Manage Stock"). */
const MANAGE_STOCK_READS = 8;

/**
 * Asks Magento for "Manage Stock" of the SKUs whose answer is not remembered yet (`managed`), marks
 * each write with it (the update stage remembers it in the link) and answers the unmanaged SKUs. A SKU
 * Magento does not know joins `unknown`. Reads only: a dry run asks it too (preview.ts).
 */
export async function askManageStock(magento: MagentoClient, writes: Write[], unknown: Set<string>, ctx: Pick<Ctx, 'signal'>): Promise<Set<string>> {
  const unmanaged = new Set<string>();
  const open = writes.filter((w) => w.managed !== 'yes');
  let next = 0;
  const worker = async () => {
    while (next < open.length) {
      const w = open[next++]!;
      try {
        const item = await magento.stockItems.get(w.sku, { signal: ctx.signal });
        w.managed = item.manage_stock === false ? 'no' : 'yes';
      } catch (error) {
        if (error instanceof PermanentApiError && error.status === 404) {
          unknown.add(w.sku);
          continue;
        }
        throw error;
      }
      if (w.managed === 'no') unmanaged.add(w.sku);
      else w.hashes[MANAGED_ASPECT] = 'yes';
    }
  };
  await Promise.all(Array.from({ length: Math.min(MANAGE_STOCK_READS, open.length) }, worker));
  return unmanaged;
}

async function saveChunk(magento: MagentoClient, chunk: SourceItemInput[], ctx: Ctx, failed: Map<string, string>, unknown: Set<string>): Promise<void> {
  try {
    await magento.sourceItems.save(chunk, { batchSize: chunk.length, signal: ctx.signal });
    return;
  } catch (error) {
    if (!(error instanceof PermanentApiError)) throw error;
    const skus = [...new Set(chunk.map((i) => i.sku))];
    const missing = await unknownSkus(magento, skus, ctx.signal);
    if (missing.size === 0) {
      for (const sku of skus) failed.set(sku, `Magento refused the stock of ${sku}: ${error.message}`);
      return;
    }
    for (const sku of missing) unknown.add(sku);
    const rest = chunk.filter((i) => !missing.has(i.sku));
    if (rest.length === 0) return;
    try {
      await magento.sourceItems.save(rest, { batchSize: rest.length, signal: ctx.signal });
    } catch (again) {
      if (!(again instanceof PermanentApiError)) throw again;
      for (const i of rest) failed.set(i.sku, `Magento refused the stock of ${i.sku}: ${again.message}`);
    }
  }
}

/** Skipped records have no history message of their own; unknown SKUs deserve one (the merchant acts on them). */
async function noteUnknown(ctx: Ctx, skus: string[]): Promise<void> {
  const used = notesPerRun.get(ctx.run.id) ?? 0;
  const room = Math.max(0, MAX_NOTES - used);
  const history = createHistory(ctx.db);
  for (const sku of skus.slice(0, room)) {
    await history.addMessage(ctx.run.id, { level: 'warn', recordKey: sku, message: notInMagento(sku) });
  }
  notesPerRun.set(ctx.run.id, used + Math.min(room, skus.length));
  ctx.log.info({ count: skus.length }, 'SKUs not in Magento skipped');
}

/** Forgets the per-run note count once the run is over. */
export function forgetRun(runId: number): void {
  notesPerRun.delete(runId);
}
