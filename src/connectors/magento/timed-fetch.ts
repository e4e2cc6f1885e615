/**
 * One HTTP exchange with a deadline: the timeout covers connecting, waiting and reading the whole
 * body, so a store that sends headers and then stalls is cut off too. Network failures and
 * timeouts become `TransientApiError`; an abort by the caller is passed on as the caller's reason.
 * Without a fetch of the caller's, the exchange goes through connectors/http.ts (undici's request,
 * much cheaper per call than the global fetch).
 */
import { logCall } from '../call-log.js';
import { TransientApiError } from '../errors.js';
import { exchange, HttpFailure } from '../http.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TimedAnswer {
  status: number;
  /** An answer header by its lowercase name. */
  header(name: string): string | undefined;
  text: string;
}

export interface FetchedAnswer extends TimedAnswer {
  headers: Headers;
}

export interface TimedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: string | undefined;
}

type Deadline = { timeoutMs: number; signal?: AbortSignal | undefined; route: string };

/** The exchange through connectors/http.ts, with the errors `timedFetch` words. */
export async function timedExchange(url: string, init: TimedRequest, options: Deadline): Promise<TimedAnswer> {
  const { timeoutMs, signal, route } = options;
  const started = performance.now();
  try {
    const answer = await exchange({ url, ...init, timeoutMs, signal });
    logCall({ system: 'magento', method: init.method, url, requestBody: init.body, status: answer.status, responseBody: answer.text, durationMs: performance.now() - started });
    return answer;
  } catch (error) {
    logCall({ system: 'magento', method: init.method, url, requestBody: init.body, status: 0, durationMs: performance.now() - started });
    if (!(error instanceof HttpFailure)) throw error; // the caller's abort, as its reason
    throw noAnswer(route, timeoutMs, error.timedOut, error.cause);
  }
}

export async function timedFetch(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  options: Deadline,
): Promise<FetchedAnswer> {
  const { timeoutMs, signal, route } = options;
  signal?.throwIfAborted();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  const started = performance.now();
  const method = init.method ?? 'GET';
  try {
    const response = await fetchImpl(url, { ...init, signal: combined });
    const text = await response.text();
    logCall({ system: 'magento', method, url, requestBody: init.body ?? undefined, status: response.status, responseBody: text, durationMs: performance.now() - started });
    const { headers } = response;
    return { status: response.status, headers, header: (name) => headers.get(name) ?? undefined, text };
  } catch (error) {
    logCall({ system: 'magento', method, url, requestBody: init.body ?? undefined, status: 0, durationMs: performance.now() - started });
    if (signal?.aborted) throw signal.reason ?? error;
    // fetch wraps the socket's error as its cause ("fetch failed"): the cause says what went wrong.
    throw noAnswer(route, timeoutMs, deadline.signal.aborted, error instanceof Error && error.cause instanceof Error ? error.cause : error);
  } finally {
    clearTimeout(timer);
  }
}

/** No answer from Magento: the deadline ran out or the connection failed (`cause`), as a retryable error. */
function noAnswer(route: string, timeoutMs: number, timedOut: boolean, cause: unknown): TransientApiError {
  if (timedOut) return new TransientApiError(`Magento did not answer ${route} within ${timeoutMs} ms`, { system: 'magento', route, cause });
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TransientApiError(`Magento ${route} failed: ${reason}`, { system: 'magento', route, cause });
}
