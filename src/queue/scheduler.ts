/**
 * Cron schedules feeding a queue. The schedules come from `load()` (profile_schedules in practice);
 * `reload()` applies the current set without a restart. With Redis they are BullMQ job schedulers (one
 * tick per tick across all processes); embedded, they tick in-process with idempotent job ids.
 */
import { InvalidScheduleError, validateSchedule } from './cron.js';
import type { QueueBackend, ScheduleSpec } from './port.js';

export type { ScheduleSpec } from './port.js';
export { InvalidScheduleError, isWithinWindow, nextTick, nextTicks, validateSchedule } from './cron.js';

export interface SchedulerOptions {
  /** The queue the ticks are added to (the scheduler owns every schedule of this queue). */
  queue: string;
  load: () => Promise<ScheduleSpec[]>;
  /** Reload period while started (default 60 s); 0 disables periodic reloads. */
  reloadIntervalMs?: number;
  /** Reload failures and rejected (invalid) schedules; they never stop the scheduler. */
  onError?: (error: unknown) => void;
}

export interface ReloadResult {
  /** Ids of the schedules now in effect. */
  active: string[];
  /** Schedules left out because they are invalid. */
  rejected: { id: string; error: InvalidScheduleError }[];
}

export interface Scheduler {
  /** Applies the schedules and starts reloading them periodically. */
  start(): Promise<ReloadResult>;
  /** Loads and applies the schedules now: added, changed and removed ones take effect. */
  reload(): Promise<ReloadResult>;
  /** Stops reloading and this process's ticking (Redis job schedulers stay for other processes). */
  stop(): Promise<void>;
}

export function createScheduler(backend: QueueBackend, options: SchedulerOptions): Scheduler {
  const onError = options.onError ?? (() => {});
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Reloads run one after another: two overlapping syncs could undo each other's removals.
  let chain: Promise<unknown> = Promise.resolve();

  const apply = async (): Promise<ReloadResult> => {
    const specs = await options.load();
    const valid: ScheduleSpec[] = [];
    const rejected: ReloadResult['rejected'] = [];
    for (const spec of specs) {
      try {
        validateSchedule(spec);
        valid.push(spec);
      } catch (error) {
        if (!(error instanceof InvalidScheduleError)) throw error;
        rejected.push({ id: spec.id, error });
        onError(error);
      }
    }
    if (stopped) return { active: [], rejected };
    await backend.schedules.sync(options.queue, valid);
    return { active: valid.map((s) => s.id), rejected };
  };

  const reload = (): Promise<ReloadResult> => {
    const next = chain.then(apply, apply);
    chain = next.catch(() => {});
    return next;
  };

  return {
    async start() {
      stopped = false;
      // The timer first: a first apply that fails (Redis not there yet) is retried by the next reload.
      const every = options.reloadIntervalMs ?? 60_000;
      if (every > 0 && !timer) {
        timer = setInterval(() => { reload().catch(onError); }, every);
      }
      return reload();
    },
    reload,
    async stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      await chain;
      await backend.schedules.stop(options.queue);
    },
  };
}
