/**
 * Reads what the export needs from Magento. REST is the main source: it sees disabled products and
 * every attribute; store-view texts come from the same route under `/rest/<store>/V1`. GraphQL is asked
 * once per run for the media base URL, which REST does not give (images are listed as file paths).
 */
import type { MagentoClient, MagentoProduct } from '../../../connectors/magento/index.js';
import { searchCriteria } from '../../../connectors/magento/index.js';
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

/** A Magento attribute's value on a product: top-level field or custom attribute. */
export function attributeValue(product: MagentoProduct, code: string): unknown {
  if (TOP_LEVEL.has(code)) return (product as Record<string, unknown>)[code];
  return product.custom_attributes?.find((a) => a.attribute_code === code)?.value;
}

export async function readProduct(
  magento: MagentoClient,
  sku: string,
  storeMapping: readonly StoreMappingRow[],
  known: MagentoProduct | undefined,
  signal: AbortSignal,
): Promise<SourceProduct> {
  const product = known ?? (await magento.products.get(sku, { signal }));
  const views = new Map<string, MagentoProduct>();
  for (const row of storeMapping) {
    views.set(row.storeView, await magento.products.get(sku, { store: row.storeView, signal }));
  }
  let children: MagentoProduct[] = [];
  const ids = product.extension_attributes?.configurable_product_links ?? [];
  if (product.type_id === 'configurable' && ids.length > 0) {
    const criteria = searchCriteria().where('entity_id', ids, 'in').sortBy('entity_id');
    children = [];
    for await (const child of magento.products.scan(criteria, { signal })) children.push(child);
  }
  return { product, views, children };
}

/** `https://shop/media/catalog/product` + the entry's file: what PlentyONE downloads. */
export async function productMediaBase(magento: MagentoClient, signal: AbortSignal): Promise<string> {
  const answer = await magento.graphql.request(StoreConfigDocument, {}, { signal });
  const base = answer.storeConfig?.base_media_url;
  if (!base) throw new Error('Magento did not tell its media URL (storeConfig.base_media_url), so image URLs cannot be built.');
  return `${base.replace(/\/+$/, '')}/catalog/product`;
}

export function imageUrls(product: MagentoProduct, mediaBase: string): string[] {
  return (product.media_gallery_entries ?? [])
    .filter((m) => !m.disabled && (m.media_type ?? 'image') === 'image' && m.file)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((m) => `${mediaBase}${m.file!.startsWith('/') ? '' : '/'}${m.file}`);
}
