import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { History, RunRow } from './history.js';
import type { RunOwner } from './run-owner.js';

/**
 * Delta and full runs of one profile do not overlap. Two of them read the same records and would write
 * them side by side: a scheduled delta ticking during an initial full import (with no watermark yet it
 * reads everything) would create the same product or upload the same image a second time in the
 * moment between one run's write and its link. Event runs of single records (`ids`) are not held back:
 * they are what keeps a shop current while a long full run goes on.
 *
 * So a new delta or full run looks for an older one of the same profile that is still running:
 * - a scheduled one (`cron`) is skipped, with a message naming the running run: the next tick catches up;
 * - any other (manual, or an event without record keys) waits for it, noting so once in its history.
 *
 * A run counts as running while its heartbeat (each saved batch) is younger than `OVERLAP_STALE_MS`:
 * one whose process died and whose job is never retried does not hold the profile for ever.
 */
export const OVERLAP_STALE_MS = 10 * 60_000;
const POLL_MS = 1_000;

export type OverlapOutcome = { go: true } | { go: false; message: string };

const describe = (other: Pick<RunRow, 'id' | 'mode' | 'trigger' | 'startedAt'>) =>
  `run ${other.id} (${other.mode}, ${other.trigger}, started ${other.startedAt.toISOString()})`;

export async function awaitOverlap(
  history: History, run: Pick<RunRow, 'id' | 'profileId' | 'mode' | 'trigger'>, owner: RunOwner,
  options: { signal?: AbortSignal | undefined; log: Logger; staleMs?: number },
): Promise<OverlapOutcome> {
  if (run.mode !== 'delta' && run.mode !== 'full') return { go: true };
  const staleMs = options.staleMs ?? OVERLAP_STALE_MS;
  let waitingFor: number | undefined;
  for (;;) {
    const other = await history.olderBatchRun(run, new Date(Date.now() - staleMs));
    if (!other) return { go: true };
    if (run.trigger === 'cron') {
      return { go: false, message: `Skipped: ${describe(other)} of this profile is still running, and two runs over the same records would write them side by side. The next scheduled run catches up.` };
    }
    if (waitingFor !== other.id) {
      waitingFor = other.id;
      options.log.info({ waitingFor: other.id }, 'run waits for an older run of the profile');
      await history.addMessage(owner, { level: 'info', message: `Waiting for ${describe(other)} of this profile to finish: two runs over the same records would write them side by side.` });
    }
    await sleep(POLL_MS, undefined, { signal: options.signal });
    // Alive while waiting, so a run queued behind this one keeps waiting too.
    await history.touch(owner);
  }
}
