/**
 * One HTTP exchange with a deadline: the timeout covers connecting, waiting and reading the whole
 * body, so a store that sends headers and then stalls is cut off too. Network failures and
 * timeouts become `TransientApiError`; an abort by the caller is passed on as the caller's reason.
 */
import { logCall } from '../call-log.js';
import { TransientApiError } from '../errors.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TimedAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export async function timedFetch(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  options: { timeoutMs: number; signal?: AbortSignal | undefined; route: string },
): Promise<TimedAnswer> {
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
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    logCall({ system: 'magento', method, url, requestBody: init.body ?? undefined, status: 0, durationMs: performance.now() - started });
    if (signal?.aborted) throw signal.reason ?? error;
    if (deadline.signal.aborted) {
      throw new TransientApiError(`Magento did not answer ${route} within ${timeoutMs} ms`, { system: 'magento', route, cause: error });
    }
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new TransientApiError(`Magento ${route} failed: ${reason}`, { system: 'magento', route, cause: error });
  } finally {
    clearTimeout(timer);
  }
}
