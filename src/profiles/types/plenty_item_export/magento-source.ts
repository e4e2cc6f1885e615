/**
 * Reads what the export needs from Magento. REST is the main source: it sees disabled products and
 * every attribute; store-view texts come from the same route under `/rest/<store>/V1`. GraphQL is asked
 * once per run for the media base URL, which REST does not give (images are listed as file paths).
 * A scan reads a whole page's store views and children with one search each (`readPage`); a product
 * named on its own is read by SKU (`readProduct`).
 */
import type { MagentoClient, MagentoProduct } from '../../../connectors/magento/index.js';
import { MAX_PAGE_SIZE, searchCriteria } from '../../../connectors/magento/index.js';
import { StoreConfigDocument } from '../../../graphql/generated/graphql.js';
import type { StoreMappingRow } from '../../config/store-mapping.js';

/** A product with its values per mapped store view and, for a configurable, its children. */
export interface SourceProduct {
  product: MagentoProduct;
  /** Store view code → the product as that view sees it (texts). */
  views: Map<string, MagentoProduct>;
  children: MagentoProduct[];
}

/** Top-level fields REST answers outside `custom_attributes`. */
const TOP_LEVEL = new Set(['sku', 'name', 'price', 'status', 'visibility', 'type_id', 'weight', 'attribute_set_id', 'created_at', 'updated_at']);

/** Language → the first store view mapped to it: where texts and labels of that language are read. */
export function viewPerLanguage(storeMapping: readonly StoreMappingRow[]): Map<string, string> {
  const views = new Map<string, string>();
  for (const row of storeMapping) if (!views.has(row.language)) views.set(row.language, row.storeView);
  return views;
}

/** A Magento attribute's value on a product: top-level field or custom attribute. */
export function attributeValue(product: MagentoProduct, code: string): unknown {
  if (TOP_LEVEL.has(code)) return (product as Record<string, unknown>)[code];
  return product.custom_attributes?.find((a) => a.attribute_code === code)?.value;
}

export async function readProduct(
  magento: MagentoClient,
  sku: string,
  storeMapping: readonly StoreMappingRow[],
  signal: AbortSignal,
): Promise<SourceProduct> {
  const product = await magento.products.get(sku, { signal });
  const stores = [...new Set(storeMapping.map((r) => r.storeView))];
  const views = new Map(await Promise.all(stores.map(async (store) => [store, await magento.products.get(sku, { store, signal })] as const)));
  return { product, views, children: childrenIn(product, await childrenOf(magento, [product], signal)) };
}

/** A configurable's children in entity id order (the first becomes the main variation). */
const childrenIn = (product: MagentoProduct, found: Map<number, MagentoProduct>): MagentoProduct[] =>
  [...new Set(childLinks(product))].sort((a, b) => a - b).flatMap((id) => found.get(id) ?? []);

const childLinks = (p: MagentoProduct): number[] => (p.type_id === 'configurable' ? p.extension_attributes?.configurable_product_links ?? [] : []);

/** Characters of `in` values per search, so the URL stays well inside what web servers accept (8 KB). */
const MAX_IN_CHARS = 2000;

function* chunksOf<T extends string | number>(values: readonly T[], maxChars: number): Generator<T[]> {
  let chunk: T[] = [];
  let chars = 0;
  for (const value of values) {
    const length = String(value).length + 1;
    if (chunk.length > 0 && chars + length > maxChars) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(value);
    chars += length;
  }
  if (chunk.length > 0) yield chunk;
}

/** The products whose `field` is one of `values`, in searches of the largest page size and a short enough URL. */
export async function searchIn(magento: MagentoClient, field: string, values: readonly (string | number)[], signal: AbortSignal, store?: string): Promise<MagentoProduct[]> {
  const out: MagentoProduct[] = [];
  for (const chunk of chunksOf(values, MAX_IN_CHARS)) {
    const criteria = searchCriteria().where(field, chunk, 'in').sortBy('entity_id');
    for await (const p of magento.products.scan(criteria, { signal, pageSize: MAX_PAGE_SIZE, ...(store ? { store } : {}) })) out.push(p);
  }
  return out;
}

/** Children of these configurables by entity id. */
async function childrenOf(magento: MagentoClient, products: MagentoProduct[], signal: AbortSignal): Promise<Map<number, MagentoProduct>> {
  const found = await searchIn(magento, 'entity_id', [...new Set(products.flatMap(childLinks))], signal);
  return new Map(found.map((p) => [p.id, p]));
}

/**
 * The sources of a page of products: a search per mapped store view for the page's SKUs and one for
 * all children of its configurables (split when the URL would grow too long), instead of a few calls
 * per product.
 */
export async function readPage(
  magento: MagentoClient,
  products: MagentoProduct[],
  storeMapping: readonly StoreMappingRow[],
  signal: AbortSignal,
): Promise<Map<string, SourceProduct>> {
  const skus = products.map((p) => p.sku);
  const byView = new Map<string, Map<string, MagentoProduct>>();
  for (const view of new Set(storeMapping.map((r) => r.storeView))) {
    const seen = await searchIn(magento, 'sku', skus, signal, view);
    byView.set(view, new Map(seen.map((p) => [p.sku, p])));
  }
  const children = await childrenOf(magento, products, signal);
  return new Map(products.map((product) => {
    const views = new Map<string, MagentoProduct>();
    for (const [view, seen] of byView) {
      const p = seen.get(product.sku);
      if (p) views.set(view, p);
    }
    return [product.sku, { product, views, children: childrenIn(product, children) }];
  }));
}

/** `https://shop/media/catalog/product` + the entry's file: what PlentyONE downloads. */
export async function productMediaBase(magento: MagentoClient, signal: AbortSignal): Promise<string> {
  const answer = await magento.graphql.request(StoreConfigDocument, {}, { signal });
  const base = answer.storeConfig?.base_media_url;
  if (!base) throw new Error('Magento did not tell its media URL (storeConfig.base_media_url), so image URLs cannot be built.');
  return `${base.replace(/\/+$/, '')}/catalog/product`;
}

/** A Magento gallery image: its file (the key it is matched by), the URL PlentyONE downloads it from. */
export interface ImageEntry { key: string; url: string; md5?: string }

export function imageEntries(product: MagentoProduct, mediaBase: string): ImageEntry[] {
  return (product.media_gallery_entries ?? [])
    .filter((m) => !m.disabled && (m.media_type ?? 'image') === 'image' && m.file)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((m) => ({ key: m.file!, url: `${mediaBase}${m.file!.startsWith('/') ? '' : '/'}${m.file}` }));
}
