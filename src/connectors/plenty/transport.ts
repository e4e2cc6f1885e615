/**
 * The low-level PlentyONE call every typed method is built on: bearer token from the shared session,
 * pacing by the shared throttle, a timeout per attempt, and the retry rules —
 *  - 401: replace the token once (see session.ts), then retry once;
 *  - 429: the throttle waits `Retry-After`, then the call is retried (bounded). A refused call was not
 *    executed, so this holds for writes too;
 *  - timeouts, resets and 5xx: retried a couple of times only when the call is idempotent (GET by
 *    default). A POST is never retried blindly: the order export looks the order up before it retries.
 * Whatever is left becomes a TransientApiError or PermanentApiError (answer.ts).
 */
import type { z } from 'zod';
import { logCall } from '../call-log.js';
import { PermanentApiError, TransientApiError, parseRetryAfter } from '../errors.js';
import { exchange, HttpFailure, type HttpAnswer } from '../http.js';
import { refuseWrite } from '../read-only.js';
import { bodyOf, errorForStatus, parseAnswer } from './answer.js';
import { PlentySession } from './auth/session.js';
import type { PlentyToken, TokenStore } from './auth/token-store.js';
import type { PlentyMetrics } from './metrics.js';
import { CallCounter } from './metrics.js';
import { buildUrl } from './route.js';
import type { PathParams, QueryParams } from './route.js';
import { loginAnswerSchema } from './schemas/auth.js';
import { observeHeaders } from './throttle/budget.js';
import type { PlentyThrottle } from './throttle/throttle.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface CallOptions {
  path?: PathParams;
  query?: QueryParams;
  body?: unknown;
  /** Retry timeouts, resets and 5xx internally; default true for GET only. */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

export interface RetryPolicy {
  /** Extra attempts of an idempotent call after a timeout, reset or 5xx; default 2. */
  transient?: number;
  /** First backoff delay, doubled each time (with jitter); default 200 ms. */
  baseDelayMs?: number;
  /** Extra attempts after a 429 (each after its Retry-After); default 5. */
  throttled?: number;
}

export interface TransportOptions {
  baseUrl: string;
  username: string;
  password: string;
  tokenStore: TokenStore;
  throttle: PlentyThrottle;
  timeoutMs: number;
  metrics?: PlentyMetrics | undefined;
  retry?: RetryPolicy;
  /** Renew a token this long before it expires; default 60 s. */
  expirySkewMs?: number;
  /** Refuse every call but a GET (dry runs: read-only.ts); logins still go out. */
  readOnly?: boolean;
}

interface Attempt {
  status: number;
  body: unknown;
  retryAfterMs: number | undefined;
}

export class PlentyTransport {
  readonly session: PlentySession;
  readonly counter: CallCounter;
  private readonly retry: Required<RetryPolicy>;

  constructor(private readonly options: TransportOptions) {
    this.counter = new CallCounter(options.metrics);
    this.retry = { transient: 2, baseDelayMs: 200, throttled: 5, ...options.retry };
    this.session = new PlentySession({ store: options.tokenStore, login: () => this.login(), expirySkewMs: options.expirySkewMs });
  }

  get throttle(): PlentyThrottle {
    return this.options.throttle;
  }

  request<S extends z.ZodType>(method: HttpMethod, route: string, options: CallOptions & { schema: S }): Promise<z.output<S>>;
  request(method: HttpMethod, route: string, options?: CallOptions): Promise<unknown>;
  async request(method: HttpMethod, route: string, options: CallOptions & { schema?: z.ZodType } = {}): Promise<unknown> {
    const key = `${method} ${route}`;
    if (this.options.readOnly && method !== 'GET') refuseWrite('PlentyONE', key);
    const url = buildUrl(this.options.baseUrl, route, options.path, options.query);
    const idempotent = options.idempotent ?? method === 'GET';
    let reauthenticated = false;
    let transientRetries = 0;
    let throttledRetries = 0;
    for (;;) {
      const token = await this.session.token();
      let a: Attempt;
      try {
        a = await this.attempt(method, route, url, options.body, token, options.timeoutMs ?? this.options.timeoutMs, options.signal);
      } catch (err) {
        if (err instanceof TransientApiError && idempotent && transientRetries < this.retry.transient) {
          transientRetries += 1;
          this.counter.retry(method, route, err.status === undefined ? 'no answer' : String(err.status));
          await this.backoff(transientRetries, options.signal);
          continue;
        }
        throw err;
      }
      if (a.status >= 200 && a.status < 300) return options.schema ? parseAnswer(key, options.schema, a.body, a.status) : a.body;
      if (a.status === 401 && !reauthenticated) {
        reauthenticated = true;
        this.counter.retry(method, route, '401');
        await this.session.replace(token.accessToken);
        continue;
      }
      if (a.status === 429 && throttledRetries < this.retry.throttled) {
        // The throttle now blocks this call's budgets for Retry-After; acquire() waits it out.
        throttledRetries += 1;
        this.counter.retry(method, route, '429');
        continue;
      }
      if (a.status >= 500 && idempotent && transientRetries < this.retry.transient) {
        transientRetries += 1;
        this.counter.retry(method, route, String(a.status));
        await this.backoff(transientRetries, options.signal);
        continue;
      }
      if (a.status === 401) {
        throw new TransientApiError(`PlentyONE refused ${key} with 401 again right after a new login`, { system: 'plenty', route: key, status: 401, body: a.body });
      }
      throw errorForStatus(key, a.status, a.body, a.retryAfterMs ?? (a.status === 429 ? 1_000 : undefined));
    }
  }

  /** `POST /rest/login` (JSON credentials); answers in either casing are accepted. */
  private async login(): Promise<PlentyToken> {
    const route = '/rest/login';
    const key = `POST ${route}`;
    this.options.metrics?.login?.();
    const a = await this.attempt('POST', route, buildUrl(this.options.baseUrl, route), { username: this.options.username, password: this.options.password }, undefined, this.options.timeoutMs, undefined);
    if (a.status >= 200 && a.status < 300) {
      const t = parseAnswer(key, loginAnswerSchema, a.body, a.status);
      return { accessToken: t.accessToken, tokenType: t.tokenType, refreshToken: t.refreshToken, expiresAt: Date.now() + t.expiresIn * 1000 };
    }
    const error = errorForStatus(key, a.status, a.body, a.retryAfterMs);
    if (a.status === 429) {
      // Over the contract's concurrent-session limit: other logins (outside this deployment's shared
      // token) hold the sessions; retry once some expire.
      throw new TransientApiError(`PlentyONE refused the login of "${this.options.username}": ${error.message}`, { system: 'plenty', route: key, status: 429, body: a.body, retryAfterMs: a.retryAfterMs ?? 60_000 });
    }
    if (a.status === 401 || a.status === 403) {
      throw new PermanentApiError(`PlentyONE refused the credentials of "${this.options.username}" (${error.message}); check the stored credential`, { system: 'plenty', route: key, status: a.status, body: a.body });
    }
    throw error;
  }

  /**
   * One exchange. The timeout and signal come as arguments, not in the caller's options: each call site
   * passes options of its own shape, and `--trace-deopt` showed this function's optimised code thrown
   * away at reading the options' timeout ("wrong map") in every stock reconciliation.
   */
  private async attempt(method: HttpMethod, route: string, url: string, body: unknown, token: PlentyToken | undefined, timeoutMs: number, signal: AbortSignal | undefined): Promise<Attempt> {
    const key = `${method} ${route}`;
    const call = { method, route };
    // Logins are not paced: they are rare and the API does not count them against the call budget.
    const permit = token ? await this.throttle.acquire(call, timeoutMs + 5_000, signal) : undefined;
    if (permit && permit.waitedMs > 0) this.options.metrics?.wait?.(permit.waitedMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    let answer: HttpAnswer;
    try {
      answer = await exchange({ url, method, headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs, signal });
    } catch (err) {
      logCall({ system: 'plenty', method, url, requestBody: body, status: 0, durationMs: performance.now() - started });
      this.counter.call({ method, route, status: 0, durationMs: performance.now() - started });
      if (permit) await this.throttle.settle(permit, []);
      if (!(err instanceof HttpFailure)) throw err; // the caller's abort, as its reason
      const reason = err.timedOut ? `no answer within ${timeoutMs} ms` : err.message;
      throw new TransientApiError(`PlentyONE call ${key}: ${reason}`, { system: 'plenty', route: key, cause: err.cause });
    }
    const { status } = answer;
    const parsed = bodyOf(answer.text);
    const retryAfterMs = parseRetryAfter(answer.header('retry-after'));
    // A 429 without Retry-After still blocks the budget briefly rather than not at all.
    if (permit) await this.throttle.settle(permit, observeHeaders(call, answer.header), status === 429 ? (retryAfterMs ?? 1_000) : undefined);
    this.counter.call({ method, route, status, durationMs: performance.now() - started });
    logCall({ system: 'plenty', method, url, requestBody: body, status, responseBody: parsed, durationMs: performance.now() - started });
    return { status, body: parsed, retryAfterMs };
  }

  private backoff(n: number, signal?: AbortSignal): Promise<void> {
    const ms = this.retry.baseDelayMs * 2 ** (n - 1) * (0.75 + Math.random() * 0.5);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', abort);
        resolve();
      }, ms);
      const abort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
    });
  }
}
