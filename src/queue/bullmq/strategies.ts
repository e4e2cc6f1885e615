/**
 * Hooks that make BullMQ behave like the port: our backoff (with `Retry-After`) and cron ticks that skip
 * the time outside a schedule's window. BullMQ only calls a custom backoff strategy for backoff types it
 * does not know, hence the `plentygate-*` type names.
 */
import type { BackoffStrategy, JobsOptions, RepeatStrategy } from 'bullmq';
import { backoffDelay, resolveRetry } from '../backoff.js';
import { nextTick, type ScheduleWindow } from '../cron.js';
import { retryAfterMs } from '../errors.js';
import type { AddOptions, ScheduleSpec } from '../port.js';

const backoffTypes = { exponential: 'plentygate-exponential', fixed: 'plentygate-fixed' } as const;

export const backoffStrategy: BackoffStrategy = (attemptsMade, type, error, job) => {
  const fromError = retryAfterMs(error);
  if (fromError !== undefined) return fromError;
  const options = job?.opts.backoff;
  const delay = typeof options === 'object' ? options.delay ?? 0 : options ?? 0;
  const jitter = typeof options === 'object' ? options.jitter ?? 0 : 0;
  return backoffDelay({ type: type === backoffTypes.fixed ? 'fixed' : 'exponential', delayMs: delay, jitter }, attemptsMade);
};

/** Job options shared by adds and job-scheduler templates: attempts, our backoff, dead jobs kept. */
export function retryOptions(options: AddOptions | undefined): Pick<JobsOptions, 'attempts' | 'backoff' | 'removeOnFail'> {
  const { attempts, backoff } = resolveRetry(options);
  return {
    attempts,
    backoff: { type: backoffTypes[backoff.type], delay: backoff.delayMs, jitter: backoff.jitter ?? 0 },
    // Failed for good is the dead-letter state: keep the job, its data and its error.
    removeOnFail: false,
  };
}

// The window travels inside the scheduler's pattern, the one field BullMQ stores and hands back to the
// repeat strategy in every process: "<cron>;window=HH:MM-HH:MM".
const windowMarker = ';window=';

export function encodePattern(spec: Pick<ScheduleSpec, 'cron' | 'window'>): string {
  return spec.window ? `${spec.cron}${windowMarker}${spec.window.start}-${spec.window.end}` : spec.cron;
}

export function decodePattern(pattern: string): { cron: string; window?: ScheduleWindow } {
  const at = pattern.indexOf(windowMarker);
  if (at < 0) return { cron: pattern };
  const [start = '', end = ''] = pattern.slice(at + windowMarker.length).split('-');
  return { cron: pattern.slice(0, at), window: { start, end } };
}

export const repeatStrategy: RepeatStrategy = (millis, options) => {
  if (!options.pattern) return undefined;
  const { cron, window } = decodePattern(options.pattern);
  return nextTick(cron, options.tz ?? 'UTC', new Date(millis), window)?.getTime();
};
