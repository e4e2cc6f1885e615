/** Products through REST: what GraphQL cannot do (disabled products, delta scans, writes). */
import type { MagentoRestTransport } from '../rest-transport.js';
import { segment } from '../rest-transport.js';
import { productSchema, productSearchResultSchema } from '../schemas/product.js';
import type { MagentoProduct, MagentoProductInput } from '../schemas/product.js';
import type { SearchResult } from '../schemas/search-result.js';
import type { SearchCriteria } from '../search-criteria.js';
import type { CallOptions, ScanOptions } from './call-options.js';
import { searchItems, searchPages } from './paging.js';
import type { Page } from './paging.js';

export function productsApi(rest: MagentoRestTransport) {
  const search = (criteria: SearchCriteria, options: CallOptions = {}): Promise<SearchResult<MagentoProduct>> =>
    rest.call({ method: 'GET', path: '/V1/products', route: 'GET /V1/products', query: criteria, ...options }, productSearchResultSchema);

  const pages = (criteria: SearchCriteria, options: ScanOptions = {}): AsyncGenerator<Page<MagentoProduct>> => {
    const { pageSize, ...call } = options;
    const sized = pageSize !== undefined ? criteria.pageSize(pageSize) : criteria;
    return searchPages(sized, (c) => search(c, call));
  };

  return {
    /** By SKU; a store code reads that view's values. Unknown SKU → PermanentApiError (404). */
    get: (sku: string, options: CallOptions = {}): Promise<MagentoProduct> =>
      rest.call({ method: 'GET', path: `/V1/products/${segment(sku)}`, route: 'GET /V1/products/:sku', ...options }, productSchema),

    search,

    /** Every product the criteria match, page by page (sort the criteria for a stable scan). */
    pages,

    /** The same, product by product. */
    scan: (criteria: SearchCriteria, options: ScanOptions = {}): AsyncGenerator<MagentoProduct> => searchItems(pages(criteria, options)),

    /**
     * Creates or updates by SKU (`POST /V1/products` is an upsert, so repeating it is harmless).
     * Default scope `all` (global values); pass a store code to write that view's values.
     */
    save: (product: MagentoProductInput, options: CallOptions = {}): Promise<MagentoProduct> =>
      rest.call(
        { method: 'POST', path: '/V1/products', route: 'POST /V1/products', body: { product }, idempotent: true, store: options.store ?? 'all', signal: options.signal },
        productSchema,
      ),

    /** Changes given fields of an existing product (`PUT /V1/products/{sku}`). */
    update: (sku: string, product: Partial<MagentoProductInput>, options: CallOptions = {}): Promise<MagentoProduct> =>
      rest.call(
        {
          method: 'PUT',
          path: `/V1/products/${segment(sku)}`,
          route: 'PUT /V1/products/:sku',
          body: { product: { ...product, sku } },
          idempotent: true,
          store: options.store ?? 'all',
          signal: options.signal,
        },
        productSchema,
      ),
  };
}

export type ProductsApi = ReturnType<typeof productsApi>;
