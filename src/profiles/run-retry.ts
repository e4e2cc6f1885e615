import { retrySchema } from './config/retry.js';

export interface RunJobRetry {
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delayMs: number; jitter: number };
}

/** The queue's retry options of a run job, from the profile's stored config (defaults where it says nothing). */
export function runJobRetry(config: unknown): RunJobRetry {
  const stored = typeof config === 'object' && config !== null ? (config as { retry?: unknown }).retry : undefined;
  const parsed = retrySchema.safeParse(stored ?? {});
  // A config that fails validation cannot be active; a manual run of it fails at once and says why.
  const retry = parsed.success ? parsed.data : retrySchema.parse({});
  return { attempts: retry.attempts, backoff: { type: retry.backoff, delayMs: retry.delaySeconds * 1000, jitter: 0.2 } };
}
