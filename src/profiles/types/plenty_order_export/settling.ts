import type { Ctx } from './clients.js';
import type { OrderDraft } from './record.js';

/**
 * A queue may fire a delayed job a little early (clocks of Redis, PostgreSQL and this process differ):
 * the later run is asked for this much after the period ends, and an order this close to the end
 * counts as settled, so the later run never meets the order still settling (which would ask for the
 * same job again, already taken, and lose it).
 */
const MARGIN_MS = 1_000;

/**
 * Fresh orders wait `settlingSeconds` so payment and address changes land first. An order inside the
 * period is handed to a delayed `ids` job due when the period ends; the job id names the order and that
 * moment, so the webhooks of one order (placed, saved, invoiced …) queue it once. Answers the skip
 * reason, or undefined when the order may be written now. Manual runs for named orders do not wait.
 */
export async function settling(ctx: Ctx, draft: OrderDraft): Promise<string | undefined> {
  const now = Date.now();
  const due = dueAt(ctx, draft);
  if (due === undefined || now >= due - MARGIN_MS) return undefined;
  const seconds = ctx.config.settlingSeconds;
  const placedAt = new Date(draft.createdAt).getTime();
  const age = Math.max(0, Math.floor((now - placedAt) / 1000));
  const runLater = ctx.services.runLater;
  const queued = runLater
    ? await runLater({ ids: [draft.incrementId], delayMs: due - now + MARGIN_MS, jobKey: `settle-${draft.incrementId}-${due}` })
    : false;
  if (queued) {
    return `Placed ${age} s ago, inside the settling period of ${seconds} s (settlingSeconds): `
      + `a run at ${new Date(due + MARGIN_MS).toISOString()} exports it.`;
  }
  return `Placed ${age} s ago, inside the settling period of ${seconds} s (settlingSeconds): `
    + 'this process has no queue to export it later, so the next delta run exports it.';
}

/** Whether the order may be written now (`settling` would answer undefined), without queueing anything. */
export function settled(ctx: Ctx, draft: OrderDraft): boolean {
  const due = dueAt(ctx, draft);
  return due === undefined || Date.now() >= due - MARGIN_MS;
}

/** When the settling period of the order ends; undefined when it does not wait at all. */
function dueAt(ctx: Ctx, draft: OrderDraft): number | undefined {
  const seconds = ctx.config.settlingSeconds;
  if (seconds === 0 || (ctx.run.trigger === 'manual' && ctx.run.input.mode === 'ids')) return undefined;
  return new Date(draft.createdAt).getTime() + seconds * 1000;
}
