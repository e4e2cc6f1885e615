/**
 * PlentyONE-side records of items and variations, derived from generated ones. The overlay stores
 * hold these shapes once a record is written; until then they are computed on demand.
 */
import type { Item, Variation } from '../../generator/types.js';
import { generatedImage } from '../image-files.js';

/** Sales price ids of a fresh system: 1 = default (gross) price, 2 = special offer price. */
export const SALES_PRICE_DEFAULT = 1;
export const SALES_PRICE_SPECIAL = 2;
/** Barcode id 1 = EAN-13. */
export const BARCODE_EAN = 1;

export interface PriceRow {
  salesPriceId: number;
  price: number;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface BarcodeRow {
  barcodeId: number;
  code: string;
  createdAtMs: number;
}

export interface VariationState {
  id: number;
  itemId: number;
  isMain: boolean;
  mainVariationId: number | null;
  position: number;
  isActive: boolean;
  number: string;
  model: string;
  externalId: string;
  purchasePrice: number;
  weightG: number;
  vatRate: number;
  createdAtMs: number;
  updatedAtMs: number;
  relatedUpdatedAtMs: number;
  prices: PriceRow[];
  barcodes: BarcodeRow[];
  categoryIds: number[];
  attributeValues: Array<{ attributeId: number; valueId: number }>;
  names: Record<string, string>;
  /** `bundle` (it bundles other variations), `bundle_item` (a component of one); absent: neither. */
  bundleType?: 'bundle' | 'bundle_item';
  /** Clients (plentyIds) the variation is visible in; absent: the sandbox's webstore. */
  clients?: number[];
  /** Referrers (markets) the variation is available for, e.g. 1 (client), 4.01; absent: none. */
  markets?: number[];
  /** 0 stock not limited, 1 limited to net stock, 2 stock not administered (Variation.stockLimitation); absent: 0. */
  stockLimitation?: 0 | 1 | 2;
  /** Minimum, maximum and interval order quantities; absent: 0 (none). */
  orderQuantities?: { minimum: number; maximum: number; interval: number };
}

export interface TextRow {
  lang: string;
  name: string;
  name2: string;
  name3: string;
  previewDescription: string;
  description: string;
  technicalData: string;
  urlPath: string;
  metaDescription: string;
  metaKeywords: string;
}

export interface ImageRow {
  id: number;
  itemId: number;
  fileType: string;
  path: string;
  url: string;
  position: number;
  createdAtMs: number;
  updatedAtMs: number;
  md5Checksum: string;
  width: number;
  height: number;
  size: number;
  /** Names and alternative texts per language (`/images/{imageId}/names`); a change moves `updatedAtMs`. */
  names?: { lang: string; name: string; alternate: string }[];
  /** Variations the image is linked to (`variation_images`; PIM `with=images`). */
  variationIds?: number[];
  /** Where the image is shown (`/images/{imageId}/availabilities`): referrer type and client or referrer id. */
  availabilities?: { type: string; value: number }[];
}

export interface ItemState {
  id: number;
  itemType: string;
  mainVariationId: number;
  manufacturerId: number;
  /** Item flags 1 and 2 (0 when absent). */
  flagOne?: number;
  flagTwo?: number;
  createdAtMs: number;
  updatedAtMs: number;
  texts: TextRow[];
  images: ImageRow[];
  /** Ids of its variations, main first. */
  variationIds: number[];
}

const MANUFACTURER_IDS = new Map<string, number>();
function manufacturerId(name: string): number {
  let id = MANUFACTURER_IDS.get(name);
  if (id === undefined) {
    id = MANUFACTURER_IDS.size + 1;
    MANUFACTURER_IDS.set(name, id);
  }
  return id;
}

export function variationStateOf(v: Variation, categoryIdOf: (index: number) => number): VariationState {
  const prices: PriceRow[] = [{ salesPriceId: SALES_PRICE_DEFAULT, price: v.price, createdAtMs: v.createdAt, updatedAtMs: v.updatedAt }];
  if (v.specialPrice !== null) prices.push({ salesPriceId: SALES_PRICE_SPECIAL, price: v.specialPrice, createdAtMs: v.createdAt, updatedAtMs: v.updatedAt });
  return {
    id: v.variationId,
    itemId: v.itemId,
    isMain: v.isMain,
    mainVariationId: v.isMain ? null : v.variationId - v.position,
    position: v.position,
    isActive: v.active,
    number: v.sku,
    model: '',
    externalId: '',
    purchasePrice: v.purchasePrice,
    weightG: v.weightGrams,
    vatRate: v.taxPercent,
    createdAtMs: v.createdAt,
    updatedAtMs: v.updatedAt,
    relatedUpdatedAtMs: v.updatedAt,
    prices,
    barcodes: v.ean ? [{ barcodeId: BARCODE_EAN, code: v.ean, createdAtMs: v.createdAt }] : [],
    categoryIds: v.categoryIndexes.map(categoryIdOf),
    attributeValues: v.attributes.map((a) => ({ attributeId: a.attributeId, valueId: a.valueId })),
    names: { ...v.names },
  };
}

export function itemStateOf(it: Item, firstVariationId: number): ItemState {
  const texts: TextRow[] = Object.entries(it.texts).map(([lang, t]) => ({
    lang,
    name: t.name,
    name2: '',
    name3: t.metaTitle,
    previewDescription: t.shortDescription,
    description: t.description,
    technicalData: '',
    urlPath: t.urlKey,
    metaDescription: t.shortDescription,
    metaKeywords: '',
  }));
  const image: ImageRow = {
    id: it.itemId * 10 + 1,
    itemId: it.itemId,
    fileType: 'jpg',
    path: `S3:${it.itemId}:${it.texts.en?.urlKey ?? it.itemId}.jpg`,
    url: `https://images.sandbox.plentygate.invalid/item/images/${it.itemId}/${it.texts.en?.urlKey ?? 'image'}.jpg`,
    position: 0,
    createdAtMs: it.createdAt,
    updatedAtMs: it.createdAt,
    md5Checksum: generatedImage(it.itemId).md5Checksum,
    width: 1200,
    height: 1200,
    size: 150_000 + (it.itemId % 50_000),
  };
  return {
    id: it.itemId,
    itemType: 'default',
    mainVariationId: firstVariationId,
    manufacturerId: manufacturerId(it.manufacturer),
    createdAtMs: it.createdAt,
    updatedAtMs: it.updatedAt,
    texts,
    images: [image],
    variationIds: Array.from({ length: it.variationCount }, (_, k) => firstVariationId + k),
  };
}
