/**
 * Retries with exponential backoff for calls that are safe to repeat. Only a `TransientApiError`
 * is retried, and only when the call is idempotent: a POST that creates something (an invoice, a
 * comment) may have been carried out even though the answer was lost, so it is left to the caller
 * (the queue, after it has looked the record up) to decide.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TransientApiError } from '../errors.js';

export interface RetryPolicy {
  /** Extra attempts after the first one (0 = no retries). */
  retries: number;
  /** First backoff; doubles per attempt, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A Retry-After longer than this is not waited out inside the call: the error is thrown with
   * `retryAfterMs` so the queue can reschedule the job instead of holding a worker.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 5_000, maxRetryAfterMs: 30_000 };

/** Delay before retry number `attempt` (0-based): exponential, "equal jitter", at least Retry-After. */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exponential / 2 + (exponential / 2) * random();
  return Math.max(Math.round(jittered), retryAfterMs ?? 0);
}

/**
 * Runs `call` until it succeeds, fails permanently, runs out of attempts or the caller aborts.
 * `call` must throw ApiError subclasses for failures it has classified.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  idempotent: boolean,
  signal: AbortSignal | undefined,
  call: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!(error instanceof TransientApiError) || !idempotent || attempt >= policy.retries) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) throw error;
      if (signal?.aborted) throw error;
      try {
        await sleep(backoffDelay(policy, attempt, error.retryAfterMs), undefined, { signal });
      } catch {
        // Aborted while waiting: report what failed, not the abort.
        throw error;
      }
    }
  }
}

