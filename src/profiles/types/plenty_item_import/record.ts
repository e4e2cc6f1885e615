/** What the item import collects (an item with its variations) and writes (products). */
import type { MagentoProductInput } from '../../../connectors/magento/index.js';
import type { PimImage, PimVariation } from '../../../connectors/plenty/schemas/pim.js';

/** Link types shared with the other catalogue profiles: Magento SKU ↔ PlentyONE variation / item id. */
export const VARIATION_LINK = 'variation';
export const ITEM_LINK = 'item';
/** Magento `<attribute code>:<option id>` ↔ PlentyONE attribute value id (shared with the export). */
export const ATTRIBUTE_VALUE_LINK = 'attribute_value';
/** Category links (Magento category id ↔ PlentyONE category id) of the category profiles. */
export const CATEGORY_LINK = 'category';

/** Aspect hashes this import keeps in a link (beside what other profiles keep there). */
export const ASPECT = { product: 'import.product', stores: 'import.stores', images: 'import.images', options: 'import.options', prices: 'import.prices', links: 'import.links' } as const;
/** `img:<PlentyONE image id>` → `<gallery entry id>:<md5>:<placement hash>` (empty: removed; images.ts). */
export const IMAGE_ASPECT_PREFIX = 'img:';

export interface RawItem {
  itemId: number;
  /** Main variation first. */
  variations: PimVariation[];
  /** Products of this item whose PlentyONE variation or item no longer exists (vanished.ts). */
  vanished?: VanishedProduct[];
}

/** A linked Magento product whose PlentyONE variation (or, for a configurable, item) was deleted. */
export interface VanishedProduct {
  sku: string;
  entityType: typeof VARIATION_LINK | typeof ITEM_LINK;
  plentyId: string;
}

export interface VanishedRecord {
  kind: 'vanished';
  itemId: number;
  sku: string;
  products: VanishedProduct[];
}

/** A super attribute value of a child: the PlentyONE value and its names per language. */
export interface SuperValue {
  attributeId: number;
  valueId: number;
  code: string;
}

/** One Magento product as the record wants it. */
export interface ProductDraft {
  sku: string;
  /** PlentyONE variation id (simple products and children). */
  variationId?: number;
  global: MagentoProductInput;
  /** Store view code → what that view's scoped save sends (name, text attributes), when it differs from the global values. */
  stores: Record<string, Partial<MagentoProductInput>>;
  /** PlentyONE category ids (resolved to Magento through the category links when written). */
  plentyCategoryIds: number[];
  /** Children: the super attribute values. */
  superValues: SuperValue[];
  /** Ids of the item images PlentyONE links to the variation (`with=images`; images.variationImages). */
  imageIds?: number[];
  /** Website id → price (`prices.websites`), written after the global save (prices.ts). */
  websitePrices?: Record<number, number>;
}

export interface ItemRecord {
  kind: 'item';
  itemId: number;
  /** PlentyONE id of the item's main variation. */
  mainVariationId: number;
  /** The product the outcome is about: the simple product, or the configurable. */
  sku: string;
  /** simple: one simple product; simples: one per variation (an item without attribute values); configurable; bundle (bundles.ts). */
  type: 'simple' | 'simples' | 'configurable' | 'bundle';
  /** Simple product (of the main variation), or the configurable parent. */
  main: ProductDraft;
  /** The configurable's children, or (`simples`) the simple products of the other variations. */
  children: ProductDraft[];
  /** Magento attribute codes of the super attributes, by PlentyONE attribute id. */
  superAttributes: { attributeId: number; code: string }[];
  images: PimImage[];
  /** Reasons this item cannot be written (missing name, price, unmapped attribute …). */
  problems: string[];
}

export type ImportRecord = ItemRecord | VanishedRecord | { kind: 'skip'; itemId: number; sku: string; reason: string };
