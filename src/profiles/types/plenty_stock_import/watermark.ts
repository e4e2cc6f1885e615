/**
 * The delta watermark: the start of the last run that did not fail. A delta reads rows updated since
 * the watermark minus the overlap (clock skew between PlentyONE's stamps and ours never loses a change).
 */
import type { RunContext } from '../../profile-type.js';
import type { StockImportConfig } from './config.js';

const KEY = 'stock.watermark';

/** Where a delta starts: the run's own `since`, else watermark − overlap, else initialSince; undefined = everything. */
export async function deltaSince(ctx: RunContext<StockImportConfig>): Promise<Date | undefined> {
  if (ctx.run.input.since) return new Date(ctx.run.input.since);
  const mark = await ctx.state.get<string>(KEY);
  if (mark) return new Date(new Date(mark).getTime() - ctx.config.collection.overlapSeconds * 1000);
  return ctx.config.collection.initialSince ? new Date(ctx.config.collection.initialSince) : undefined;
}

/** After a delta or full run that did not fail: everything changed before its start has been seen. */
export async function advanceWatermark(ctx: RunContext<StockImportConfig>): Promise<void> {
  if (ctx.run.input.mode === 'ids') return;
  const current = await ctx.state.get<string>(KEY);
  const next = ctx.run.startedAt.toISOString();
  if (!current || current < next) await ctx.state.set(KEY, next);
}

export const WATERMARK_KEY = KEY;
