/**
 * Retry timing shared by both adapters, so a job's retries are spaced the same whichever runs it.
 */
import type { AddOptions, BackoffOptions } from './port.js';
import { scrubText } from '../credentials/scrub.js';
import { retryAfterMs } from './errors.js';

export const defaultAttempts = 3;
export const defaultBackoff: BackoffOptions = { type: 'exponential', delayMs: 1000, jitter: 0.25 };

/** Delay before the next attempt after `attemptsMade` failed attempts (1 after the first failure). */
export function backoffDelay(backoff: BackoffOptions, attemptsMade: number, random: () => number = Math.random): number {
  const base = backoff.type === 'fixed'
    ? backoff.delayMs
    : Math.round(2 ** Math.max(0, attemptsMade - 1) * backoff.delayMs);
  const jitter = Math.min(1, Math.max(0, backoff.jitter ?? 0));
  // Jitter takes the delay down by up to its share, never up: retries never wait longer than configured.
  return jitter > 0 ? Math.floor(base * (1 - jitter) + random() * base * jitter) : base;
}

/** A `Retry-After` carried by the error wins over the job's backoff. */
export function retryDelay(error: unknown, backoff: BackoffOptions, attemptsMade: number): number {
  return retryAfterMs(error) ?? backoffDelay(backoff, attemptsMade);
}

export function resolveRetry(options: AddOptions | undefined): { attempts: number; backoff: BackoffOptions } {
  return {
    attempts: Math.max(1, options?.attempts ?? defaultAttempts),
    backoff: options?.backoff ?? defaultBackoff,
  };
}

/** Error text kept with a dead or retrying job: scrubbed of credentials and cut to length. */
export function errorText(error: unknown): string {
  return scrubText(error instanceof Error ? error.message || error.name : String(error));
}
