/**
 * The PlentyONE client the profiles use. Everything goes through `request(method, routePattern, …)`,
 * which shares one session token per deployment (tokenStore), paces calls by the shared budget
 * (throttle), times out, retries what is safe to retry and classifies failures as transient or
 * permanent. Profiles call the typed methods; they never build URLs.
 */
import type { TokenStore } from './auth/token-store.js';
import type { PlentyMetrics } from './metrics.js';
import type { CallStats } from './metrics.js';
import { contactCalls, me, paymentCalls, webstores } from './resources/accounts.js';
import { catalogCalls } from './resources/catalog.js';
import { categoryCalls } from './resources/categories.js';
import { itemCalls } from './resources/items.js';
import { orderCalls, referrers } from './resources/orders.js';
import { pimCalls } from './resources/pim.js';
import { propertyCalls } from './resources/properties.js';
import { variationNumbers } from './resources/variation-numbers.js';
import { PlentyThrottle } from './throttle/throttle.js';
import type { ThrottleStats } from './throttle/throttle.js';
import { PlentyTransport } from './transport.js';
import type { RetryPolicy } from './transport.js';

export interface PlentyClientOptions {
  /** e.g. `https://shop.plentymarkets-cloud01.com` (without `/rest`). */
  baseUrl: string;
  username: string;
  password: string;
  /** Where the shared session token lives: Redis, the database, or memory for one process. */
  tokenStore: TokenStore;
  /** The shared call budget; default: an in-process one. */
  throttle?: PlentyThrottle;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Image downloads of the item import only (API calls go through connectors/http.ts). */
  fetch?: typeof fetch;
  metrics?: PlentyMetrics;
  retry?: RetryPolicy;
  /** Refuse every call that would write (dry runs: connectors/read-only.ts). */
  readOnly?: boolean;
}

export interface PlentyClientStats extends CallStats {
  throttle: ThrottleStats;
  /** Logins this client performed itself. */
  logins: number;
}

export function createPlentyClient(options: PlentyClientOptions) {
  const transport = new PlentyTransport({
    baseUrl: options.baseUrl,
    username: options.username,
    password: options.password,
    tokenStore: options.tokenStore,
    throttle: options.throttle ?? new PlentyThrottle(),
    timeoutMs: options.timeoutMs ?? 30_000,
    metrics: options.metrics,
    retry: options.retry,
    readOnly: options.readOnly,
  });
  const catalog = catalogCalls(transport);

  return {
    /** The generic call the typed methods are built on (see transport.ts for its retry rules). */
    request: transport.request.bind(transport) as PlentyTransport['request'],
    me: (signal?: AbortSignal) => me(transport, signal),
    webstores: (signal?: AbortSignal) => webstores(transport, signal),
    referrers: (signal?: AbortSignal) => referrers(transport, signal),
    warehouses: catalog.warehouses,
    stock: catalog.stock,
    variations: catalog.variations,
    variationByNumber: catalog.variationByNumber,
    variationsByNumber: catalog.variationsByNumber,
    /** Variation id → number (SKU), ceil(ids / 250) calls. */
    variationNumbers: (ids: readonly number[], signal?: AbortSignal) => variationNumbers(transport, ids, signal),
    /** Item import reads: PIM variations with relations, attributes with names, image downloads. */
    pim: pimCalls(transport, options.fetch),
    /** Item export writes: items, variations, prices, barcodes, texts, images, category links. */
    items: itemCalls(transport),
    /** v2 properties: the item properties, selection values, a variation's property relations. */
    properties: propertyCalls(transport),
    orders: orderCalls(transport),
    /** Category search with details and clients, batch create/update, delete. */
    categories: categoryCalls(transport),
    contacts: contactCalls(transport),
    payments: paymentCalls(transport),
    /** Calls by route and status, retries, throttling waits and 429s, logins. */
    stats(): PlentyClientStats {
      return { ...transport.counter.snapshot(), throttle: transport.throttle.stats(), logins: transport.session.logins };
    },
  };
}

export type PlentyClient = ReturnType<typeof createPlentyClient>;
