/**
 * Magento's storefront GraphQL through graphql-request, typed by the TypedDocumentNodes codegen
 * writes to src/graphql/generated/graphql.ts:
 *
 *   const { products } = await client.graphql.request(ProductsBySkusDocument, { skus }, { store: 'de' });
 *
 * The store view is chosen with the `Store` header. Storefront reads need no authentication, and an
 * admin integration token is not a customer token, so none is sent. Queries are retried on
 * transient failures; mutations (checkout) are not, because a lost answer may hide a done write.
 * Requests are POSTs (graphql-request's default): Magento caches GET queries in Varnish, and a sync
 * wants the current state.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import type { RequestOptions } from 'graphql-request';
import { PermanentApiError, TransientApiError, isTransientStatus, parseRetryAfter } from '../errors.js';
import { withRetries } from './retry.js';
import type { RetryPolicy } from './retry.js';
import { timedFetch } from './timed-fetch.js';
import type { FetchLike } from './timed-fetch.js';
import { refuseWrite } from '../read-only.js';

export interface GraphqlCallOptions {
  /** Store view code for the `Store` header; default: the client's store code (or none). */
  store?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Variables may be left out when the operation has none that are required. */
export type GraphqlArgs<V> = Record<string, never> extends V
  ? [variables?: V, options?: GraphqlCallOptions]
  : [variables: V, options?: GraphqlCallOptions];

export interface MagentoGraphql {
  request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...args: GraphqlArgs<V>): Promise<R>;
}

export interface GraphqlTransportOptions {
  baseUrl: string;
  storeCode?: string | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  fetch: FetchLike;
  userAgent: string;
  /** Refuse mutations (dry runs: connectors/read-only.ts). */
  readOnly?: boolean | undefined;
}

interface MagentoGraphqlError {
  message?: string;
  extensions?: { category?: string };
}

/** Categories Magento gives errors that retrying can fix: only its own unexpected failures. */
const TRANSIENT_CATEGORIES = new Set(['internal']);

function classify(error: unknown, route: string): unknown {
  if (!(error instanceof ClientError)) return error;
  const { status } = error.response;
  const errors = (error.response.errors ?? []) as MagentoGraphqlError[];
  const text = errors.map((e) => e.message ?? '').filter(Boolean).join('; ') || `HTTP ${status}`;
  const details = { system: 'magento' as const, route, status, body: { errors, data: error.response.data } };
  const transient = isTransientStatus(status) || (errors.length > 0 && errors.every((e) => TRANSIENT_CATEGORIES.has(e.extensions?.category ?? '')));
  if (transient) {
    return new TransientApiError(`Magento ${route} failed: ${text}`, {
      ...details,
      retryAfterMs: parseRetryAfter(error.response.headers?.get('retry-after')),
    });
  }
  return new PermanentApiError(`Magento ${route} failed: ${text}`, details);
}

export function createMagentoGraphql(options: GraphqlTransportOptions): MagentoGraphql {
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/graphql`;

  return {
    async request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...args: GraphqlArgs<V>): Promise<R> {
      const [variables, callOptions = {}] = args;
      const operation = getOperationAST(document);
      const route = `graphql ${operation?.operation ?? 'query'} ${operation?.name?.value ?? '(anonymous)'}`;
      if (options.readOnly && operation?.operation === 'mutation') refuseWrite('Magento', route);
      const store = callOptions.store ?? options.storeCode;
      // The body is read inside the deadline, then handed to graphql-request as a finished answer.
      const fetchWithDeadline: FetchLike = async (input, init) => {
        const answer = await timedFetch(options.fetch, String(input), init ?? {}, {
          timeoutMs: options.timeoutMs,
          signal: init?.signal ?? undefined,
          route,
        });
        const empty = answer.status === 204 || answer.status === 205 || answer.status === 304;
        return new Response(empty ? null : answer.text, { status: answer.status, headers: answer.headers });
      };
      const client = new GraphQLClient(endpoint, {
        fetch: fetchWithDeadline,
        headers: { 'user-agent': options.userAgent, ...(store ? { Store: store } : {}) },
      });
      const isQuery = operation?.operation === 'query';
      return withRetries(options.retry, isQuery, callOptions.signal, async () => {
        try {
          // graphql-request's option type cannot tell whether V has required keys; GraphqlArgs did.
          const request = { document, variables: variables ?? {}, signal: callOptions.signal } as unknown as RequestOptions<V, R>;
          return await client.request<R, V>(request);
        } catch (error) {
          throw classify(error, route);
        }
      });
    },
  };
}
