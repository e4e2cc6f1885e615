/**
 * How a call to Magento or PlentyONE failed, and so what to do about it. Profiles catch
 * `PermanentApiError` per record (record it with its reason, go on with the batch) and let
 * `TransientApiError` propagate, so the queue retries the job with backoff (honouring `retryAfterMs`).
 */
import { scrubText, scrubValue } from '../credentials/scrub.js';

export type ExternalSystem = 'plenty' | 'magento';

export interface ApiErrorDetails {
  system: ExternalSystem;
  /** Method and route pattern, e.g. "POST /rest/orders" (never a URL with credentials). */
  route: string;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** The answer's body (parsed JSON when it was JSON), for messages and tests. */
  body?: unknown;
  /** From Retry-After (429/503). */
  retryAfterMs?: number;
  cause?: unknown;
}

export abstract class ApiError extends Error {
  readonly system: ExternalSystem;
  readonly route: string;
  readonly status: number | undefined;
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;
  abstract readonly transient: boolean;

  constructor(message: string, details: ApiErrorDetails) {
    // Scrubbed here, where every failed call passes: the text and body go to history, logs and the API,
    // and an answer may echo the request (password, token) back.
    super(scrubText(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.system = details.system;
    this.route = details.route;
    this.status = details.status;
    this.body = scrubValue(details.body);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Worth retrying: timeouts, resets, 5xx, 429, an expired token that re-login did not fix at once. */
export class TransientApiError extends ApiError {
  readonly transient = true;
  constructor(message: string, details: ApiErrorDetails) {
    super(message, details);
    this.name = 'TransientApiError';
  }
}

/** Retrying will not help: 4xx validation errors, unknown records, bad credentials. */
export class PermanentApiError extends ApiError {
  readonly transient = false;
  constructor(message: string, details: ApiErrorDetails) {
    super(message, details);
    this.name = 'PermanentApiError';
  }
}

/** The usual split by HTTP status: 408, 425, 429 and 5xx are transient; other 4xx are permanent. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
