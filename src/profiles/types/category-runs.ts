/**
 * What the category export and import runs share: a planned list of records streamed with its
 * position as checkpoint, where a delta run starts, the watermark a finished run leaves, and deletes
 * that count as done when the target is already gone.
 */
import { PermanentApiError } from '../../connectors/errors.js';
import type { CollectionConfig } from '../config/collection.js';
import type { Collected, RunContext } from '../profile-type.js';

export const WATERMARK_KEY = 'watermark';

type Ctx = RunContext<{ collection: CollectionConfig }>;
interface Checkpoint { next: number }

/** The records of `plan`, each with its position: a resumed run plans again and goes on after it. */
export async function* streamPlanned<Raw>(records: Raw[], keyOf: (raw: Raw) => string, checkpoint: unknown): AsyncIterable<Collected<Raw>> {
  const from = (checkpoint as Checkpoint | undefined)?.next ?? 0;
  for (let i = from; i < records.length; i++) {
    const raw = records[i]!;
    yield { key: keyOf(raw), raw, checkpoint: { next: i + 1 } satisfies Checkpoint };
  }
}

/** Where a delta run starts: `since`, else the watermark minus the overlap, else `initialSince` (undefined: everything). */
export async function deltaStart(ctx: Ctx): Promise<Date | undefined> {
  if (ctx.run.input.since) return new Date(ctx.run.input.since);
  const watermark = await ctx.state.get<string>(WATERMARK_KEY);
  if (watermark) return new Date(new Date(watermark).getTime() - ctx.config.collection.overlapSeconds * 1000);
  return ctx.config.collection.initialSince ? new Date(ctx.config.collection.initialSince) : undefined;
}

/** Delta and full runs move the watermark to their start: the next delta looks at later changes. */
export async function advanceWatermark(ctx: Ctx): Promise<void> {
  if (ctx.run.input.mode === 'ids') return;
  const current = await ctx.state.get<string>(WATERMARK_KEY);
  if (!current || new Date(current) < ctx.run.startedAt) await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
}

/** A delete or update of something that is already gone (404) has nothing left to do. */
export async function ignoreMissing(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof PermanentApiError && error.status === 404)) throw error;
  }
}
