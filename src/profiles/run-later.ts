import { randomUUID } from 'node:crypto';
import type { QueueBackend } from '../queue/port.js';
import { runJobRetry } from './config/retry.js';
import { PROFILE_QUEUE, RUN_JOB } from './queue-names.js';
import type { RunRequest } from './runner.js';

/**
 * Lets a run hand records it must not write yet (an order still inside its settling period) to a
 * later run of the same profile: a delayed `ids` job on the profiles queue. `jobKey` names the job, so
 * asking again for the same record and moment while the job waits adds nothing (one job per order).
 * Answers false when this process has no queue (a CLI run): the caller then says what happens instead.
 */
export type RunLater = (request: { ids: string[]; delayMs: number; jobKey: string }) => Promise<boolean>;

declare module './profile-type.js' {
  interface ProfileServices {
    runLater?: RunLater;
  }
}

/** BullMQ refuses custom job ids with a colon (and plain integers): keep ids to a safe alphabet. */
const safe = (value: string) => value.replace(/[^A-Za-z0-9_.-]/g, '_');

export function runLaterThrough(queue: QueueBackend, profile: { id: number; config: unknown }): RunLater {
  return async ({ ids, delayMs, jobKey }) => {
    const data: RunRequest = { profileId: profile.id, trigger: 'event', input: { mode: 'ids', ids }, requestId: randomUUID() };
    await queue.queue<RunRequest>(PROFILE_QUEUE).add(RUN_JOB, data, {
      ...runJobRetry(profile.config),
      jobId: `later-${profile.id}-${safe(jobKey)}`,
      delayMs: Math.max(0, Math.ceil(delayMs)),
    });
    return true;
  };
}
