/**
 * The Magento client: storefront GraphQL (typed by codegen) and admin REST helpers behind one
 * object. Profiles call these methods; they never build URLs.
 *
 *   const magento = createMagentoClient({ baseUrl, auth: { type: 'bearer', token }, storeCode: 'default' });
 *   const order = await magento.orders.get(42);
 *   for await (const o of magento.orders.updatedSince(watermark)) ...
 *   const { products } = await magento.graphql.request(ProductsBySkusDocument, { skus }, { store: 'de' });
 */
import { createMagentoGraphql } from './graphql.js';
import type { MagentoGraphql } from './graphql.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import type { RetryPolicy } from './retry.js';
import { MagentoRestTransport } from './rest-transport.js';
import type { MagentoAuth } from './rest-transport.js';
import { attributesApi } from './rest/attributes.js';
import type { AttributesApi } from './rest/attributes.js';
import { categoriesApi } from './rest/categories.js';
import type { CategoriesApi } from './rest/categories.js';
import { customersApi } from './rest/customers.js';
import type { CustomersApi } from './rest/customers.js';
import { sourceItemsApi, sourcesApi, stockItemsApi } from './rest/inventory.js';
import type { SourceItemsApi, SourcesApi, StockItemsApi } from './rest/inventory.js';
import { ordersApi } from './rest/orders.js';
import type { OrdersApi } from './rest/orders.js';
import { pricesApi } from './rest/prices.js';
import type { PricesApi } from './rest/prices.js';
import { productsApi } from './rest/products.js';
import type { ProductsApi } from './rest/products.js';
import { storesApi } from './rest/stores.js';
import type { CallOptions } from './rest/call-options.js';
import type { MagentoStoreView, MagentoWebsite } from './schemas/store.js';
import type { FetchLike } from './timed-fetch.js';

export interface MagentoClientOptions {
  /** The shop's base URL, e.g. `https://shop.example` (REST under `/rest`, GraphQL at `/graphql`). */
  baseUrl: string;
  auth: MagentoAuth;
  /**
   * Default store view: REST goes to `/rest/<storeCode>/V1`, GraphQL sends `Store: <storeCode>`.
   * Absent: `/rest/V1` (Magento's default view) and no header. Each call can override it.
   */
  storeCode?: string;
  /** Per attempt, connecting through reading the whole answer. Default 30 s. */
  timeoutMs?: number;
  /** Retries of idempotent calls: a count, or the full policy. Default 3 with 250 ms → 5 s backoff. */
  retries?: number | Partial<RetryPolicy>;
  /** Default: undici's request for REST (connectors/http.ts), the global fetch for GraphQL. */
  fetch?: FetchLike;
  userAgent?: string;
  /** Refuse every call that would write, REST and GraphQL mutations alike (dry runs: connectors/read-only.ts). */
  readOnly?: boolean;
}

export interface MagentoClient {
  readonly graphql: MagentoGraphql;
  readonly orders: OrdersApi;
  readonly products: ProductsApi;
  /** Prices of many products per call, per store (website) id. */
  readonly prices: PricesApi;
  readonly sourceItems: SourceItemsApi;
  readonly sources: SourcesApi;
  readonly stockItems: StockItemsApi;
  readonly customers: CustomersApi;
  readonly categories: CategoriesApi;
  /** Product attributes and their options (item import). */
  readonly attributes: AttributesApi;
  storeViews(options?: CallOptions): Promise<MagentoStoreView[]>;
  websites(options?: CallOptions): Promise<MagentoWebsite[]>;
  /** The REST transport, for calls that have no helper yet (keep them in connectors). */
  readonly rest: MagentoRestTransport;
}

export function retryPolicyOf(retries: MagentoClientOptions['retries']): RetryPolicy {
  if (retries === undefined) return DEFAULT_RETRY_POLICY;
  if (typeof retries === 'number') return { ...DEFAULT_RETRY_POLICY, retries };
  return { ...DEFAULT_RETRY_POLICY, ...retries };
}

export function createMagentoClient(options: MagentoClientOptions): MagentoClient {
  if (!/^https?:\/\//i.test(options.baseUrl)) throw new TypeError(`baseUrl must be an http(s) URL, got "${options.baseUrl}"`);
  const common = {
    baseUrl: options.baseUrl,
    storeCode: options.storeCode,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: retryPolicyOf(options.retries),
    userAgent: options.userAgent ?? 'plentygate',
    readOnly: options.readOnly,
  };
  const rest = new MagentoRestTransport({ ...common, fetch: options.fetch, auth: options.auth });
  const stores = storesApi(rest);
  return {
    graphql: createMagentoGraphql({ ...common, fetch: options.fetch ?? ((input, init) => fetch(input, init)) }),
    orders: ordersApi(rest),
    products: productsApi(rest),
    prices: pricesApi(rest),
    sourceItems: sourceItemsApi(rest),
    sources: sourcesApi(rest),
    stockItems: stockItemsApi(rest),
    customers: customersApi(rest),
    categories: categoriesApi(rest),
    attributes: attributesApi(rest),
    storeViews: stores.storeViews,
    websites: stores.websites,
    rest,
  };
}
