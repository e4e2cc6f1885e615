/** MSI source items and sources. */
import { segment, type MagentoRestTransport } from '../rest-transport.js';
import { stockItemSchema, type MagentoStockItem } from '../schemas/product.js';
import { sourceItemSearchResultSchema, sourceItemsSaveAnswerSchema, sourceSearchResultSchema } from '../schemas/inventory.js';
import type { MagentoSource, MagentoSourceItem } from '../schemas/inventory.js';
import type { SearchResult } from '../schemas/search-result.js';
import { searchCriteria } from '../search-criteria.js';
import type { SearchCriteria } from '../search-criteria.js';
import type { CallOptions } from './call-options.js';

export interface SourceItemInput {
  sku: string;
  source_code: string;
  quantity: number;
  /** 1 in stock, 0 out of stock. */
  status: 0 | 1;
}

export interface SourceItemsSaveOptions extends CallOptions {
  /**
   * Items per request (default 500). Magento's optional input limit for synchronous array
   * inputs is 20; set that here when the store has `webapi/validation/input_limit_enabled` on.
   */
  batchSize?: number;
}

/**
 * POSTs `{sourceItems}` in batches of `batchSize` to an MSI array route answered with `[]`. Both routes
 * that use it are idempotent (saving or deleting the same items again changes nothing), so the call is
 * retried. Answers the number of requests sent.
 */
async function postInBatches(rest: MagentoRestTransport, path: string, items: readonly unknown[], options: SourceItemsSaveOptions): Promise<number> {
  const size = options.batchSize ?? 500;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batchSize must be a positive integer, got ${size}`);
  let requests = 0;
  for (let start = 0; start < items.length; start += size) {
    await rest.call(
      {
        method: 'POST', path, route: `POST ${path}`, body: { sourceItems: items.slice(start, start + size) },
        idempotent: true, store: options.store ?? 'all', signal: options.signal,
      },
      sourceItemsSaveAnswerSchema,
    );
    requests++;
  }
  return requests;
}

export function sourceItemsApi(rest: MagentoRestTransport) {
  return {
    /** Saves quantities and statuses per SKU and source (`POST /V1/inventory/source-items`). */
    save: (items: readonly SourceItemInput[], options: SourceItemsSaveOptions = {}): Promise<number> =>
      postInBatches(rest, '/V1/inventory/source-items', items, options),

    /** Removes source items, unassigning products from sources (`POST /V1/inventory/source-items-delete`). */
    delete: (items: readonly { sku: string; source_code: string }[], options: SourceItemsSaveOptions = {}): Promise<number> =>
      postInBatches(rest, '/V1/inventory/source-items-delete', items, options),

    search: (criteria: SearchCriteria, options: CallOptions = {}): Promise<SearchResult<MagentoSourceItem>> =>
      rest.call(
        { method: 'GET', path: '/V1/inventory/source-items', route: 'GET /V1/inventory/source-items', query: criteria, ...options },
        sourceItemSearchResultSchema,
      ),
  };
}

export function sourcesApi(rest: MagentoRestTransport) {
  return {
    /** All inventory sources (a store has a handful; one page of 300 holds them). */
    list: async (options: CallOptions = {}): Promise<MagentoSource[]> =>
      (
        await rest.call(
          { method: 'GET', path: '/V1/inventory/sources', route: 'GET /V1/inventory/sources', query: searchCriteria().pageSize(300), ...options },
          sourceSearchResultSchema,
        )
      ).items,
  };
}

/**
 * The legacy (CatalogInventory) stock item of a product: where Magento keeps "Manage Stock", which MSI
 * source items do not carry. REST lists no stock items by SKU in bulk (product searches leave
 * `stock_item` out), so it is read one product at a time.
 */
export function stockItemsApi(rest: MagentoRestTransport) {
  return {
    get: (sku: string, options: CallOptions = {}): Promise<MagentoStockItem> =>
      rest.call({ method: 'GET', path: `/V1/stockItems/${segment(sku)}`, route: 'GET /V1/stockItems/:sku', ...options }, stockItemSchema),
  };
}

export type SourceItemsApi = ReturnType<typeof sourceItemsApi>;
export type StockItemsApi = ReturnType<typeof stockItemsApi>;
export type SourcesApi = ReturnType<typeof sourcesApi>;
