/**
 * What the link table remembers of an exported item and its variations: PlentyONE ids, the hash of each
 * aspect last written, and which sub-records exist (so a write picks create or update).
 */
import type { EntityLink, LinkWrite } from '../../links.js';
import { ITEM_ENTITY, VARIATION_ENTITY } from './record.js';

export interface ItemState {
  sku: string;
  itemId: number;
  mainVariationId: number;
  hashes: Record<string, string>;
  /** Languages with a text. */
  langs: string[];
  /** Images in PlentyONE: the Magento file, the PlentyONE image id and the MD5 PlentyONE reported. */
  images: ImageState[];
}

/**
 * `position`: where it was last placed (absent in links from before positions were kept: taken as it
 * is); `referrers`: the availabilities plentygate set (`type:value`; absent: none set, or unknown).
 */
export interface ImageState { key: string; id?: number; md5?: string; position?: number; referrers?: string[] }

export interface VariationState {
  sku: string;
  itemSku: string;
  itemId: number;
  variationId: number;
  hashes: Record<string, string>;
  priceIds: number[];
  barcodeIds: number[];
  categoryIds: number[];
  /** `<type>:<countryId>` → PlentyONE market ident number id. */
  marketNumberIds?: Record<string, number>;
  /** PlentyONE property id → its relation on the variation and the hash of the value written. */
  propertyRelations?: Record<string, { id: number; hash: string }>;
}

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number).filter(Number.isFinite) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Earlier versions kept image URLs: their file (after `catalog/product`) is the key, the id unknown. */
function imagesOf(v: unknown): ImageState[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((i): ImageState[] => {
    if (typeof i === 'string') return [{ key: i.includes('/catalog/product/') ? i.slice(i.indexOf('/catalog/product/') + '/catalog/product'.length) : i }];
    if (i && typeof i === 'object' && typeof (i as ImageState).key === 'string') {
      const { key, id, md5, position, referrers } = i as ImageState;
      return [{
        key, ...(typeof id === 'number' ? { id } : {}), ...(typeof md5 === 'string' ? { md5 } : {}),
        ...(typeof position === 'number' ? { position } : {}), ...(Array.isArray(referrers) ? { referrers: strings(referrers) } : {}),
      }];
    }
    return [];
  });
}

export function itemStateOf(link: EntityLink): ItemState {
  const meta = link.meta ?? {};
  return {
    sku: link.magentoKey, itemId: Number(link.plentyId), mainVariationId: Number(meta.mainVariationId),
    hashes: { ...link.aspectHashes }, langs: strings(meta.langs), images: imagesOf(meta.images),
  };
}

export function variationStateOf(link: EntityLink): VariationState {
  const meta = link.meta ?? {};
  return {
    sku: link.magentoKey, itemSku: String(meta.itemSku ?? link.magentoKey), itemId: Number(meta.itemId), variationId: Number(link.plentyId),
    hashes: { ...link.aspectHashes }, priceIds: numbers(meta.priceIds), barcodeIds: numbers(meta.barcodeIds), categoryIds: numbers(meta.categoryIds),
    ...(meta.marketNumberIds && typeof meta.marketNumberIds === 'object' ? { marketNumberIds: { ...(meta.marketNumberIds as Record<string, number>) } } : {}),
    ...(meta.propertyRelations && typeof meta.propertyRelations === 'object' ? { propertyRelations: { ...(meta.propertyRelations as Record<string, { id: number; hash: string }>) } } : {}),
  };
}

export function itemLink(s: ItemState): LinkWrite {
  return {
    entityType: ITEM_ENTITY, magentoKey: s.sku, plentyId: String(s.itemId), aspectHashes: s.hashes,
    meta: { mainVariationId: s.mainVariationId, langs: s.langs, images: s.images },
  };
}

export function variationLink(s: VariationState): LinkWrite {
  return {
    entityType: VARIATION_ENTITY, magentoKey: s.sku, plentyId: String(s.variationId), aspectHashes: s.hashes,
    meta: { itemSku: s.itemSku, itemId: s.itemId, priceIds: s.priceIds, barcodeIds: s.barcodeIds, categoryIds: s.categoryIds, ...(s.marketNumberIds ? { marketNumberIds: s.marketNumberIds } : {}), ...(s.propertyRelations ? { propertyRelations: s.propertyRelations } : {}) },
  };
}
