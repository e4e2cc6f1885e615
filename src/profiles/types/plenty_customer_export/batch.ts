import { PermanentApiError } from '../../../connectors/errors.js';
import type { Outcome, RunContext } from '../../profile-type.js';
import { WATERMARK_KEY } from '../plenty_order_export/collect.js';

/**
 * Runs `write` for each record of a batch in turn (the customer export and import): a skip keeps its
 * reason, a refusal (4xx) fails that record with the API's message while the batch goes on, and any
 * other error is thrown so the job retries and the run resumes.
 */
export async function writeEach<R extends { kind: string }>(
  batch: { key: string; record: R | { kind: 'skip'; reason: string } }[],
  write: (key: string, record: R) => Promise<Outcome>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const { key, record } of batch) {
    if (record.kind === 'skip') {
      outcomes.push({ key, result: 'skipped', reason: (record as { reason: string }).reason });
      continue;
    }
    try {
      outcomes.push(await write(key, record as R));
    } catch (error) {
      if (!(error instanceof PermanentApiError)) throw error;
      outcomes.push({ key, result: 'failed', reason: error.message });
    }
  }
  return outcomes;
}

/** Delta and full runs move the watermark to their start: what changed during the run is seen again. */
export async function advanceWatermark(ctx: Pick<RunContext<unknown>, 'run' | 'state'>): Promise<void> {
  if (ctx.run.input.mode === 'ids') return;
  const current = await ctx.state.get<string>(WATERMARK_KEY);
  if (!current || new Date(current) < ctx.run.startedAt) await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
}
