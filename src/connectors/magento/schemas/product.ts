/** `GET /V1/products/{sku}`, search items and the answer of a product save. */
import { z } from 'zod';
import { customAttributeSchema, searchResultSchema } from './search-result.js';

export const stockItemSchema = z.looseObject({
  item_id: z.number().int().optional(),
  qty: z.number().nullable().optional(),
  is_in_stock: z.boolean().optional(),
  manage_stock: z.boolean().optional(),
  use_config_manage_stock: z.boolean().optional(),
  /** Cart quantity limits: the configuration's value is answered while the `use_config_*` flag is set. */
  min_sale_qty: z.number().optional(),
  /** StockItemInterface declares this flag `int`: Magento answers 1 or 0 (a boolean is taken too). */
  use_config_min_sale_qty: z.union([z.number().int(), z.boolean()]).optional(),
  max_sale_qty: z.number().optional(),
  use_config_max_sale_qty: z.boolean().optional(),
  /** 0 while quantity increments are off. */
  qty_increments: z.number().optional(),
  use_config_qty_increments: z.boolean().optional(),
  enable_qty_increments: z.boolean().optional(),
  use_config_enable_qty_inc: z.boolean().optional(),
  /** 0 no backorders, 1 allow qty below 0, 2 allow qty below 0 and notify the customer. */
  backorders: z.number().int().optional(),
  use_config_backorders: z.boolean().optional(),
});
export type MagentoStockItem = z.infer<typeof stockItemSchema>;

export const categoryLinkSchema = z.looseObject({
  position: z.number().int().optional(),
  category_id: z.string(),
});

export const mediaGalleryEntrySchema = z.looseObject({
  id: z.number().int().optional(),
  media_type: z.string().optional(),
  label: z.string().nullable().optional(),
  position: z.number().int().optional(),
  disabled: z.boolean().optional(),
  types: z.array(z.string()).optional(),
  file: z.string().optional(),
});

/** A bundle option's link (Bundle\Api\Data\LinkInterface): `id` is a string, `price`/`price_type` null for a dynamic-price bundle. */
export const bundleLinkSchema = z.looseObject({
  id: z.string().optional(),
  sku: z.string(),
  option_id: z.number().int().optional(),
  qty: z.number().optional(),
  position: z.number().int().optional(),
  is_default: z.boolean().optional(),
  price: z.number().nullable().optional(),
  price_type: z.number().int().nullable().optional(),
  can_change_quantity: z.number().int().nullable().optional(),
});

/** `extension_attributes.bundle_product_options` of a bundle product (Bundle\Api\Data\OptionInterface). */
export const bundleOptionSchema = z.looseObject({
  option_id: z.number().int(),
  title: z.string().nullable().optional(),
  required: z.boolean().optional(),
  type: z.string().optional(),
  position: z.number().int().optional(),
  sku: z.string().optional(),
  product_links: z.array(bundleLinkSchema).optional(),
});
export type MagentoBundleOption = z.infer<typeof bundleOptionSchema>;

export const productSchema = z.looseObject({
  id: z.number().int(),
  sku: z.string(),
  name: z.string().optional(),
  attribute_set_id: z.number().int().optional(),
  price: z.number().optional(),
  status: z.number().int().optional(),
  visibility: z.number().int().optional(),
  type_id: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  weight: z.number().optional(),
  extension_attributes: z
    .looseObject({
      website_ids: z.array(z.number().int()).optional(),
      category_links: z.array(categoryLinkSchema).optional(),
      stock_item: stockItemSchema.optional(),
      configurable_product_links: z.array(z.number().int()).optional(),
      configurable_product_options: z.array(z.looseObject({})).optional(),
      bundle_product_options: z.array(bundleOptionSchema).optional(),
    })
    .optional(),
  media_gallery_entries: z.array(mediaGalleryEntrySchema).optional(),
  custom_attributes: z.array(customAttributeSchema).optional(),
});
export type MagentoProduct = z.infer<typeof productSchema>;

export const productSearchResultSchema = searchResultSchema(productSchema);

/**
 * What `products.save` sends as `{product: ...}`: the fields of POST /V1/products (shared FACTS),
 * open for anything else Magento's ProductInterface accepts.
 */
export interface MagentoProductInput {
  sku: string;
  name?: string;
  attribute_set_id?: number;
  price?: number;
  /** 1 enabled, 2 disabled. */
  status?: 1 | 2;
  /** 1 not visible individually, 2 catalog, 3 search, 4 catalog and search. */
  visibility?: 1 | 2 | 3 | 4;
  type_id?: string;
  weight?: number;
  extension_attributes?: {
    website_ids?: number[];
    category_links?: { position?: number; category_id: string }[];
    stock_item?: { qty?: number; is_in_stock?: boolean; manage_stock?: boolean; use_config_manage_stock?: boolean };
    /**
     * Bundle products (`type_id` `bundle`): a non-empty list replaces the options (each option sent
     * without `option_id` is created anew with its links); none or an empty list keeps them.
     */
    bundle_product_options?: MagentoBundleOptionInput[];
    [key: string]: unknown;
  };
  custom_attributes?: { attribute_code: string; value: unknown }[];
  [key: string]: unknown;
}

/** A bundle option as a product save sends it: no ids, Magento gives them. */
export interface MagentoBundleOptionInput {
  title: string;
  required: boolean;
  type: 'select' | 'radio' | 'checkbox' | 'multi';
  position?: number;
  sku?: string;
  product_links: MagentoBundleLinkInput[];
}

/** A link of a bundle option as a save sends it. `price`/`price_type` (0 fixed, 1 percent) count for fixed-price bundles. */
export interface MagentoBundleLinkInput {
  sku: string;
  qty: number;
  position?: number;
  is_default?: boolean;
  price?: number;
  price_type?: number;
  /** 1: the buyer may change the quantity. */
  can_change_quantity?: number;
}

/** A media gallery entry as `POST /V1/products/{sku}/media` takes it, the file as base64 content. */
export interface MagentoMediaEntryInput {
  media_type: 'image';
  label: string;
  position: number;
  disabled: boolean;
  /** Roles: `image` (base), `small_image`, `thumbnail`, `swatch_image`. */
  types: string[];
  content: { base64_encoded_data: string; type: string; name: string };
}

/** A gallery entry as `PUT /V1/products/{sku}/media/{entryId}` takes it: the whole entry, no file. */
export type MagentoMediaEntryUpdate = Omit<MagentoMediaEntryInput, 'content'> & { id: number };
