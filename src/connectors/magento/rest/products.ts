/** Products through REST: what GraphQL cannot do (disabled products, delta scans, writes). */
import type { MagentoRestTransport } from '../rest-transport.js';
import { segment } from '../rest-transport.js';
import { z } from 'zod';
import { mediaGalleryEntrySchema, productSchema, productSearchResultSchema } from '../schemas/product.js';
import type { MagentoMediaEntryInput, MagentoMediaEntryUpdate, MagentoProduct, MagentoProductInput } from '../schemas/product.js';
import type { SearchResult } from '../schemas/search-result.js';
import type { SearchCriteria } from '../search-criteria.js';
import type { CallOptions, ScanOptions } from './call-options.js';
import { searchItems, searchPages } from './paging.js';
import type { Page } from './paging.js';

export const PRODUCT_LINK_TYPES = ['related', 'upsell', 'crosssell'] as const;
export type ProductLinkType = (typeof PRODUCT_LINK_TYPES)[number];
const productLinkSchema = z.looseObject({ sku: z.string(), link_type: z.string(), linked_product_sku: z.string(), position: z.number().nullish() });
export type ProductLink = z.infer<typeof productLinkSchema>;

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

    /**
     * Adds a super attribute to a configurable (`POST /V1/configurable-products/{sku}/options`) with
     * the option ids its children use; answers the option id. Magento refuses an attribute that is
     * already an option of the product.
     */
    addConfigurableOption: (sku: string, option: { attribute_id: string | number; label: string; position?: number; values: { value_index: number }[] }, options: CallOptions = {}): Promise<number> =>
      rest.call(
        { method: 'POST', path: `/V1/configurable-products/${segment(sku)}/options`, route: 'POST /V1/configurable-products/:sku/options', body: { option }, store: options.store ?? 'all', signal: options.signal },
        z.union([z.number(), z.string()]).transform(Number),
      ),

    /** Links a simple product as a child of a configurable (`POST /V1/configurable-products/{sku}/child`). */
    linkChild: (sku: string, childSku: string, options: CallOptions = {}): Promise<boolean> =>
      rest.call(
        { method: 'POST', path: `/V1/configurable-products/${segment(sku)}/child`, route: 'POST /V1/configurable-products/:sku/child', body: { childSku }, store: options.store ?? 'all', signal: options.signal },
        z.boolean(),
      ),

    /** The children of a configurable (`GET /V1/configurable-products/{sku}/children`). */
    children: (sku: string, options: CallOptions = {}): Promise<MagentoProduct[]> =>
      rest.call({ method: 'GET', path: `/V1/configurable-products/${segment(sku)}/children`, route: 'GET /V1/configurable-products/:sku/children', ...options }, z.array(productSchema)),

    /** Deletes a product (`DELETE /V1/products/{sku}`); Magento drops its configurable links with it. */
    delete: (sku: string, options: CallOptions = {}): Promise<boolean> =>
      rest.call({ method: 'DELETE', path: `/V1/products/${segment(sku)}`, route: 'DELETE /V1/products/:sku', idempotent: true, store: options.store ?? 'all', signal: options.signal }, z.boolean()),

    /** The product's links of one type (`GET /V1/products/{sku}/links/{type}`). */
    links: (sku: string, type: ProductLinkType, options: CallOptions = {}): Promise<ProductLink[]> =>
      rest.call({ method: 'GET', path: `/V1/products/${segment(sku)}/links/${segment(type)}`, route: 'GET /V1/products/:sku/links/:type', store: options.store ?? 'all', signal: options.signal }, z.array(productLinkSchema)),

    /**
     * Sets the product's links of one type (`POST /V1/products/{sku}/links`): Magento replaces the
     * existing links of the last item's type with all the items, so every item must be of one type;
     * an empty list changes nothing (remove links one by one with `unlink`).
     */
    setLinks: (sku: string, type: ProductLinkType, linked: readonly { sku: string; position: number }[], options: CallOptions = {}): Promise<boolean> =>
      rest.call(
        {
          method: 'POST', path: `/V1/products/${segment(sku)}/links`, route: 'POST /V1/products/:sku/links', idempotent: true, store: options.store ?? 'all', signal: options.signal,
          body: { items: linked.map((l) => ({ sku, link_type: type, linked_product_sku: l.sku, position: l.position })) },
        },
        z.boolean(),
      ),

    /** Removes one link (`DELETE /V1/products/{sku}/links/{type}/{linkedProductSku}`). */
    unlink: (sku: string, type: ProductLinkType, linkedSku: string, options: CallOptions = {}): Promise<boolean> =>
      rest.call(
        { method: 'DELETE', path: `/V1/products/${segment(sku)}/links/${segment(type)}/${segment(linkedSku)}`, route: 'DELETE /V1/products/:sku/links/:type/:linkedProductSku', idempotent: true, store: options.store ?? 'all', signal: options.signal },
        z.boolean(),
      ),

    /** Unlinks a child (`DELETE /V1/configurable-products/{sku}/children/{childSku}`). */
    unlinkChild: (sku: string, childSku: string, options: CallOptions = {}): Promise<boolean> =>
      rest.call(
        { method: 'DELETE', path: `/V1/configurable-products/${segment(sku)}/children/${segment(childSku)}`, route: 'DELETE /V1/configurable-products/:sku/children/:childSku', idempotent: true, store: options.store ?? 'all', signal: options.signal },
        z.boolean(),
      ),

    /**
     * Adds a media gallery entry with its file as base64 content (`POST /V1/products/{sku}/media`);
     * answers the entry id. Not retried: a lost answer may hide an added image.
     */
    addMedia: (sku: string, entry: MagentoMediaEntryInput, options: CallOptions = {}): Promise<number> =>
      rest.call(
        { method: 'POST', path: `/V1/products/${segment(sku)}/media`, route: 'POST /V1/products/:sku/media', body: { entry }, store: options.store ?? 'all', signal: options.signal },
        z.union([z.number(), z.string()]).transform(Number),
      ),

    /**
     * Updates a gallery entry (`PUT /V1/products/{sku}/media/{entryId}`): Magento replaces the entry with
     * the one sent (so it carries label, position, disabled and roles; without `file`, which would make
     * it a new entry) and takes the roles it names from the other entries. In a store view's scope
     * (`store`), Magento keeps label, position and disabled of every entry for that store view.
     */
    updateMedia: (sku: string, entry: MagentoMediaEntryUpdate, options: CallOptions = {}): Promise<boolean> =>
      rest.call(
        { method: 'PUT', path: `/V1/products/${segment(sku)}/media/${segment(entry.id)}`, route: 'PUT /V1/products/:sku/media/:entryId', body: { entry }, idempotent: true, store: options.store ?? 'all', signal: options.signal },
        z.boolean(),
      ),

    /**
     * Adds a gallery entry whose file Magento downloads itself from `url`
     * (`POST /V1/plentygate/products/{sku}/media`, a route of the plentygate Magento module; Magento's own
     * media route takes only base64 content); answers the entry id. Not retried: a lost answer may hide
     * an added image.
     */
    addMediaFromUrl: (sku: string, body: { entry: Omit<MagentoMediaEntryInput, 'content'>; url: string; name: string }, options: CallOptions = {}): Promise<number> =>
      rest.call(
        { method: 'POST', path: `/V1/plentygate/products/${segment(sku)}/media`, route: 'POST /V1/plentygate/products/:sku/media', body, store: options.store ?? 'all', signal: options.signal },
        z.union([z.number(), z.string()]).transform(Number),
      ),

    /** Removes a media gallery entry (`DELETE /V1/products/{sku}/media/{entryId}`). */
    removeMedia: (sku: string, entryId: number, options: CallOptions = {}): Promise<boolean> =>
      rest.call(
        { method: 'DELETE', path: `/V1/products/${segment(sku)}/media/${segment(entryId)}`, route: 'DELETE /V1/products/:sku/media/:entryId', idempotent: true, store: options.store ?? 'all', signal: options.signal },
        z.boolean(),
      ),

    /** The media gallery entries of a product. */
    media: (sku: string, options: CallOptions = {}) =>
      rest.call({ method: 'GET', path: `/V1/products/${segment(sku)}/media`, route: 'GET /V1/products/:sku/media', ...options }, z.array(mediaGalleryEntrySchema)),
  };
}

export type ProductsApi = ReturnType<typeof productsApi>;
