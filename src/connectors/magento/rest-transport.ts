/**
 * Magento REST calls: URL per store view (`/rest/<store>/V1/...`), authentication (integration
 * bearer token or OAuth 1.0a signature), deadline, retries for idempotent calls, error
 * classification and validation of the answer against a zod schema.
 */
import type { z } from 'zod';
import { scrubText } from '../../credentials/scrub.js';
import { parseCanonical } from '../canonical.js';
import { PermanentApiError, TransientApiError, isTransientStatus, parseRetryAfter } from '../errors.js';
import { magentoCallWrites, refuseWrite } from '../read-only.js';
import { magentoErrorMessage } from './error-message.js';
import { signOAuth1 } from './oauth1.js';
import type { OAuth1Credentials } from './oauth1.js';
import { withRetries } from './retry.js';
import type { RetryPolicy } from './retry.js';
import type { SearchCriteria } from './search-criteria.js';
import { percentEncode } from './search-criteria.js';
import { timedExchange, timedFetch, type FetchLike, type TimedAnswer, type TimedRequest } from './timed-fetch.js';

export type MagentoAuth = { type: 'bearer'; token: string } | ({ type: 'oauth1' } & OAuth1Credentials);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestCall {
  method: HttpMethod;
  /** Path below `/rest/<store>`, starting with `/V1/`, segments already encoded (see `segment`). */
  path: string;
  /** Route pattern for errors and logs, e.g. `GET /V1/orders/:id` (no ids, no credentials). */
  route: string;
  query?: SearchCriteria | readonly [string, string][] | undefined;
  body?: unknown;
  /** Store view code, `all` for global scope; default: the client's store code (or none). */
  store?: string | undefined;
  /** Safe to repeat after a lost answer; default true for GET only. */
  idempotent?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export interface RestTransportOptions {
  baseUrl: string;
  auth: MagentoAuth;
  storeCode?: string | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Default: connectors/http.ts. */
  fetch?: FetchLike | undefined;
  userAgent: string;
  /** Refuse every call that would write (dry runs: connectors/read-only.ts). */
  readOnly?: boolean | undefined;
}

/** A path segment from a value (SKUs may hold spaces, `/`, `+`, ...). */
export function segment(value: string | number): string {
  return percentEncode(String(value));
}

function queryString(query: RestCall['query']): string {
  if (query === undefined) return '';
  if (!Array.isArray(query)) return (query as SearchCriteria).toQueryString();
  return (query as readonly [string, string][]).map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/** The answer's JSON, or `NOT_JSON` (a JSON string such as `"id_5"` is a legitimate answer). */
const NOT_JSON: unique symbol = Symbol('not JSON');

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function snippet(text: string): string {
  // Scrubbed before it is cut: a cut through a token would leave a piece no pattern recognises.
  const flat = scrubText(text.replace(/\s+/g, ' ').trim());
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

export class MagentoRestTransport {
  private readonly root: string;

  constructor(private readonly options: RestTransportOptions) {
    this.root = options.baseUrl.replace(/\/+$/, '');
  }

  /** The URL of a call; profiles never build these, connectors do. */
  url(call: Pick<RestCall, 'path' | 'query' | 'store'>): string {
    const store = call.store ?? this.options.storeCode;
    const qs = queryString(call.query);
    return `${this.root}/rest${store ? `/${segment(store)}` : ''}${call.path}${qs ? `?${qs}` : ''}`;
  }

  async call<S extends z.ZodType>(call: RestCall, schema: S): Promise<z.output<S>> {
    if (this.options.readOnly && magentoCallWrites(call.method, call.path)) refuseWrite('Magento', call.route);
    const url = this.url(call);
    const idempotent = call.idempotent ?? call.method === 'GET';
    return withRetries(this.options.retry, idempotent, call.signal, async () => {
      const deadline = { timeoutMs: this.options.timeoutMs, signal: call.signal, route: call.route };
      const init = this.init(call, url);
      const answer = this.options.fetch ? await timedFetch(this.options.fetch, url, init, deadline) : await timedExchange(url, init, deadline);
      const json = parseBody(answer.text);
      const body = json === NOT_JSON ? answer.text : json;
      if (answer.status < 200 || answer.status >= 300) throw this.failure(call.route, answer.status, body, answer.text, answer);
      if (json === NOT_JSON) {
        throw new PermanentApiError(`Magento answered ${call.route} with something other than JSON: ${snippet(answer.text)}`, {
          system: 'magento',
          route: call.route,
          status: answer.status,
          body,
        });
      }
      const parsed = parseCanonical(schema, body);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new PermanentApiError(`Magento answered ${call.route} in an unexpected shape: ${issues.join('; ')}`, {
          system: 'magento',
          route: call.route,
          status: answer.status,
          body,
          cause: parsed.error,
        });
      }
      return parsed.data;
    });
  }

  private init(call: RestCall, url: string): TimedRequest {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.options.userAgent };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    const { auth } = this.options;
    // JSON bodies are not part of an OAuth 1.0a signature; only the query and oauth_* parameters.
    headers.authorization = auth.type === 'bearer' ? `Bearer ${auth.token}` : signOAuth1(auth, { method: call.method, url }).header;
    return { method: call.method, headers, body };
  }

  private failure(route: string, status: number, body: unknown, text: string, answer: TimedAnswer): Error {
    const message = magentoErrorMessage(body) ?? (snippet(text) || `HTTP ${status}`);
    const details = { system: 'magento' as const, route, status, body };
    if (isTransientStatus(status)) {
      return new TransientApiError(`Magento ${route} answered ${status}: ${message}`, {
        ...details,
        retryAfterMs: parseRetryAfter(answer.header('retry-after')),
      });
    }
    return new PermanentApiError(`Magento ${route} answered ${status}: ${message}`, details);
  }
}
