/**
 * Errors that decide what the queue does with a failed job. Anything else thrown is retried with the
 * job's backoff until its attempts are used up, then the job is dead-lettered.
 */

/** Retrying cannot help (bad input, a missing mapping): the job goes straight to the dead-letter state. */
export class NonRetryableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

/** The other side said when to come back (e.g. HTTP 429 Retry-After): the next attempt waits that long. */
export class RetryAfterError extends Error {
  constructor(message: string, readonly retryAfterMs: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryAfterError';
  }
}

export function isNonRetryable(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NonRetryableError' || error.name === 'UnrecoverableError');
}

export function retryAfterMs(error: unknown): number | undefined {
  if (error instanceof RetryAfterError) return error.retryAfterMs;
  // Errors from other modules (e.g. an HTTP client's 429) may carry the field without the class.
  const value = error instanceof Error ? (error as Error & { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
