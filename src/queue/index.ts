/**
 * The queue module: `createQueueBackend` picks the adapter (BullMQ when a Redis URL is given, else the
 * embedded adapter in plentygate's database); everything else talks to the port.
 */
import type { DatabaseHandle } from '../db/client.js';
import { withLocalRuns } from './local-runs.js';
import type { QueueBackend } from './port.js';

export type * from './port.js';
export { jobStates } from './port.js';
export { NonRetryableError, RetryAfterError, isNonRetryable, retryAfterMs } from './errors.js';
export { createScheduler, type Scheduler, type SchedulerOptions, type ReloadResult } from './scheduler.js';
export { InvalidScheduleError, isWithinWindow, nextTick, nextTicks, validateSchedule } from './cron.js';

export interface QueueBackendOptions {
  /** Set: BullMQ on this Redis. Unset: the embedded adapter on `db`. */
  redisUrl?: string | undefined;
  /** Redis key prefix (default 'plentygate'). */
  prefix?: string;
  /** Required for the embedded adapter. */
  db?: DatabaseHandle;
  /** Embedded: how often idle workers look for due jobs (default 100 ms). */
  pollIntervalMs?: number;
  /**
   * How long a running job stays claimed without renewal: after it a crashed worker's job is taken over
   * (embedded lease; BullMQ lock duration and stalled-check interval). Default 30 s.
   */
  leaseMs?: number;
  /** How long worker.close() waits for running jobs before aborting their signal (default 30 s). */
  shutdownGraceMs?: number;
  /**
   * Completed jobs are kept this long (default 7 days; BullMQ also keeps at most the last 10 000).
   * Dead jobs are always kept until replayed or removed.
   */
  keepCompletedMs?: number;
  /** Background errors (connection blips, lease renewals) that do not belong to a job. */
  onError?: (error: unknown) => void;
  /** Redis only: 'fail' (default) throws when Redis does not answer at start; 'wait' starts and keeps reconnecting. */
  whenUnreachable?: 'fail' | 'wait';
  /** Redis only: told once per change when Redis becomes unreachable and reachable again. */
  onReachability?: (reachable: boolean, reason?: string) => void;
}

export async function createQueueBackend(options: QueueBackendOptions): Promise<QueueBackend> {
  const common = {
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
    ...(options.shutdownGraceMs !== undefined && { shutdownGraceMs: options.shutdownGraceMs }),
    ...(options.onError && { onError: options.onError }),
  };
  // Both adapters run `local` jobs in this process when they can (local-runs.ts).
  const local = { shutdownGraceMs: options.shutdownGraceMs ?? 30_000 };
  if (options.redisUrl) {
    const { createBullmqBackend } = await import('./bullmq/backend.js');
    const keepCompleted = { age: Math.ceil((options.keepCompletedMs ?? 7 * 86_400_000) / 1000), count: 10_000 };
    return withLocalRuns(await createBullmqBackend({
      redisUrl: options.redisUrl, ...(options.prefix && { prefix: options.prefix }), keepCompleted, ...common,
      ...(options.whenUnreachable && { whenUnreachable: options.whenUnreachable }),
      ...(options.onReachability && { onReachability: options.onReachability }),
    }), local);
  }
  if (!options.db) throw new Error('createQueueBackend: without a Redis URL the embedded queue needs the database (db)');
  const { createEmbeddedBackend } = await import('./embedded/backend.js');
  return withLocalRuns(await createEmbeddedBackend({
    db: options.db,
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
    ...(options.keepCompletedMs !== undefined && { keepCompletedMs: options.keepCompletedMs }),
    ...common,
  }), local);
}
