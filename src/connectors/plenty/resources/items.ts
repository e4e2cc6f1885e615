/**
 * Item and variation writes for the item export: create/update items and variations, sales prices in
 * bulk (at most 50 per call), barcodes, texts per language, images by URL, category links, and the
 * sales price / barcode configurations a profile's config refers to.
 */
import { z } from 'zod';
import { envelopeOf, int, num, optInt, optStr, str } from '../schemas/common.js';
import { variationBarcodeSchema, variationSalesPriceSchema, variationSchema } from '../schemas/variations.js';
import type { Variation } from '../schemas/variations.js';
import type { PlentyTransport } from '../transport.js';
import { sendBulk, type BulkFailure } from './bulk.js';
import { attributeCalls } from './attributes.js';
import { imageDetailCalls, type ImageAvailability } from './item-image-details.js';
import { crossSellingCalls } from './cross-selling.js';
import { variationBundleCalls } from './variation-bundles.js';

export { BULK_LIMIT } from './bulk.js';

export const itemSchema = z.looseObject({ id: int, mainVariationId: optInt, manufacturerId: optInt });
export type PlentyItem = z.output<typeof itemSchema>;

export const itemTextSchema = z.looseObject({ itemId: optInt, lang: str, name: optStr });
export const itemImageSchema = z.looseObject({ id: int, itemId: optInt, position: optInt, url: optStr, md5Checksum: optStr });
export const salesPriceConfigSchema = z.looseObject({ id: int, type: optStr });
export const barcodeConfigSchema = z.looseObject({ id: int, name: optStr });
export const marketNumberSchema = z.looseObject({ id: int, variationId: optInt, countryId: int, type: str, position: optInt, value: optStr });
export type PlentyMarketNumber = z.output<typeof marketNumberSchema>;
export interface MarketNumberBody { countryId: number; type: string; position?: number; value: string }
export const variationCategorySchema = z.looseObject({ variationId: optInt, categoryId: int, position: num.nullish() });

/** Fields of a variation the export writes (PlentyONE names). */
export interface VariationBody {
  number?: string;
  isActive?: boolean;
  model?: string;
  externalId?: string;
  purchasePrice?: number;
  weightG?: number;
  weightNetG?: number;
  widthMM?: number;
  lengthMM?: number;
  heightMM?: number;
  vatId?: number;
  position?: number;
  customsTariffNumber?: string;
  variationAttributeValues?: { attributeId: number; valueId: number }[];
  variationClients?: { plentyId: number }[];
  unit?: { unitId: number; content: number }[];
  [field: string]: unknown;
}

export interface PriceRow { variationId: number; salesPriceId: number; price: number }
export interface CategoryLinkRow { variationId: number; categoryId: number; position: number }

/** Text fields of a description (item text per language). */
export type TextBody = Partial<Record<
  'name' | 'name2' | 'name3' | 'previewDescription' | 'description' | 'technicalData' | 'urlPath' | 'metaDescription' | 'metaKeywords' | 'title',
  string
>>;

export function itemCalls(t: PlentyTransport) {
  const variationPath = (itemId: number, variationId: number) => ({ id: itemId, variationId });

  return {
    /** Attributes and their values (a configurable's super attributes and options). */
    attributes: attributeCalls(t),
    /** An image's position and availabilities. */
    imageDetails: imageDetailCalls(t),
    /** Item ↔ item cross-selling links. */
    crossSelling: crossSellingCalls(t),
    /** A bundle variation's components (the variations it is made of). */
    bundles: variationBundleCalls(t),

    /** `POST /rest/items` with its first (main) variation; never retried blindly (look the SKU up first). */
    create: (body: { manufacturerId?: number; variations: VariationBody[] }, signal?: AbortSignal): Promise<PlentyItem> =>
      t.request('POST', '/rest/items', { body, schema: itemSchema, signal }),

    update: (itemId: number, body: Record<string, unknown>, signal?: AbortSignal): Promise<PlentyItem> =>
      t.request('PUT', '/rest/items/{itemId}', { path: { itemId }, body, schema: itemSchema, idempotent: true, signal }),

    /** The variations of an item (to find the main variation created with the item). */
    variationsOf: async (itemId: number, signal?: AbortSignal): Promise<Variation[]> => {
      const answer = await t.request('GET', '/rest/items/{itemId}/variations', { path: { itemId }, query: { itemsPerPage: 250 }, schema: envelopeOf(variationSchema), signal });
      return answer.entries;
    },

    /** Deletes the item with all its variations. */
    delete: (itemId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{itemId}', { path: { itemId }, idempotent: true, signal }),

    deleteVariation: (itemId: number, variationId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{itemId}/variations/{variationId}', { path: { itemId, variationId }, idempotent: true, signal }),

    createVariation: (itemId: number, body: VariationBody, signal?: AbortSignal): Promise<Variation> =>
      t.request('POST', '/rest/items/{itemId}/variations', { path: { itemId }, body, schema: variationSchema, signal }),

    updateVariation: (itemId: number, variationId: number, body: VariationBody, signal?: AbortSignal): Promise<Variation> =>
      t.request('PUT', '/rest/items/{itemId}/variations/{variationId}', { path: { itemId, variationId }, body, schema: variationSchema, idempotent: true, signal }),

    /**
     * Bulk price writes, 50 per call: `create` for prices the variation lacks, `update` for the others.
     * Answers the rows PlentyONE refused; the rest are written.
     */
    savePrices: (mode: 'create' | 'update', rows: PriceRow[], signal?: AbortSignal): Promise<BulkFailure<PriceRow>[]> =>
      sendBulk(t, mode === 'create' ? 'POST' : 'PUT', '/rest/items/variations/variation_sales_prices', rows, signal),

    /** Bulk category links, 50 per call; answers the rows PlentyONE refused. */
    linkCategories: (rows: CategoryLinkRow[], signal?: AbortSignal): Promise<BulkFailure<CategoryLinkRow>[]> =>
      sendBulk(t, 'POST', '/rest/items/variations/variation_categories', rows, signal),

    unlinkCategory: (itemId: number, variationId: number, categoryId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{id}/variations/{variationId}/variation_categories/{catId}', {
        path: { ...variationPath(itemId, variationId), catId: categoryId }, idempotent: true, signal,
      }),

    createBarcode: (itemId: number, variationId: number, body: { barcodeId: number; code: string }, signal?: AbortSignal) =>
      t.request('POST', '/rest/items/{id}/variations/{variationId}/variation_barcodes', { path: variationPath(itemId, variationId), body, schema: variationBarcodeSchema, signal }),

    updateBarcode: (itemId: number, variationId: number, body: { barcodeId: number; code: string }, signal?: AbortSignal) =>
      t.request('PUT', '/rest/items/{id}/variations/{variationId}/variation_barcodes/{barcodeId}', {
        path: { ...variationPath(itemId, variationId), barcodeId: body.barcodeId }, body, schema: variationBarcodeSchema, idempotent: true, signal,
      }),

    deleteBarcode: (itemId: number, variationId: number, barcodeId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{id}/variations/{variationId}/variation_barcodes/{barcodeId}', {
        path: { ...variationPath(itemId, variationId), barcodeId }, idempotent: true, signal,
      }),

    /** Market ident numbers (ASIN, ePID …) of a variation. */
    marketNumbers: {
      list: (itemId: number, variationId: number, signal?: AbortSignal) =>
        t.request('GET', '/rest/items/{id}/variations/{variationId}/market_ident_numbers', { path: variationPath(itemId, variationId), schema: z.array(marketNumberSchema), signal }),
      create: (itemId: number, variationId: number, body: MarketNumberBody, signal?: AbortSignal) =>
        t.request('POST', '/rest/items/{id}/variations/{variationId}/market_ident_numbers', { path: variationPath(itemId, variationId), body: { ...body, variationId }, schema: marketNumberSchema, signal }),
      update: (itemId: number, variationId: number, id: number, body: MarketNumberBody, signal?: AbortSignal) =>
        t.request('PUT', '/rest/items/{id}/variations/{variationId}/market_ident_numbers/{marketIdentNumberId}', {
          path: { ...variationPath(itemId, variationId), marketIdentNumberId: id }, body, schema: marketNumberSchema, idempotent: true, signal,
        }),
      delete: (itemId: number, variationId: number, id: number, signal?: AbortSignal) =>
        t.request('DELETE', '/rest/items/{id}/variations/{variationId}/market_ident_numbers/{marketIdentNumberId}', {
          path: { ...variationPath(itemId, variationId), marketIdentNumberId: id }, idempotent: true, signal,
        }),
    },

    /** Item texts are per item and language; the routes hang off a variation of the item. */
    createText: (itemId: number, variationId: number, lang: string, body: TextBody, signal?: AbortSignal) =>
      t.request('POST', '/rest/items/{id}/variations/{variationId}/descriptions', { path: variationPath(itemId, variationId), body: { ...body, itemId, lang }, schema: itemTextSchema, signal }),

    updateText: (itemId: number, variationId: number, lang: string, body: TextBody, signal?: AbortSignal) =>
      t.request('PUT', '/rest/items/{id}/variations/{variationId}/descriptions/{lang}', {
        path: { ...variationPath(itemId, variationId), lang }, body, schema: itemTextSchema, idempotent: true, signal,
      }),

    /**
     * Uploads an image: PlentyONE downloads it from `uploadUrl`, or takes `uploadImageData` (base64).
     * It answers its own storage URL and the file's MD5. Not retried blindly: a lost answer may hide a
     * stored image, which the caller finds again by checksum.
     */
    uploadImage: (itemId: number, body: { uploadUrl?: string; uploadImageData?: string; position?: number; fileType?: string; uploadFileName?: string; availabilities?: ImageAvailability[] }, signal?: AbortSignal) =>
      t.request('POST', '/rest/items/{id}/images/upload', { path: { id: itemId }, body: { ...body, itemId }, schema: itemImageSchema, signal }),

    /** The images of an item, with their ids and checksums. */
    images: (itemId: number, signal?: AbortSignal) =>
      t.request('GET', '/rest/items/{id}/images', { path: { id: itemId }, schema: z.array(itemImageSchema), signal }),

    deleteImage: (itemId: number, imageId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{id}/images/{imageId}', { path: { id: itemId, imageId }, idempotent: true, signal }),

    linkCategory: (itemId: number, variationId: number, categoryId: number, position = 0, signal?: AbortSignal) =>
      t.request('POST', '/rest/items/{id}/variations/{variationId}/variation_categories', {
        path: variationPath(itemId, variationId), body: { variationId, categoryId, position }, schema: variationCategorySchema, signal,
      }),

    /** Sales price configurations (ids a profile maps prices to). */
    async salesPrices(signal?: AbortSignal) {
      const answer = await t.request('GET', '/rest/items/sales_prices', { query: { itemsPerPage: 250 }, schema: envelopeOf(salesPriceConfigSchema), signal });
      return answer.entries;
    },

    /** Barcode configurations (EAN, UPC …). */
    async barcodeTypes(signal?: AbortSignal) {
      const answer = await t.request('GET', '/rest/items/barcodes', { query: { itemsPerPage: 250 }, schema: envelopeOf(barcodeConfigSchema), signal });
      return answer.entries;
    },
  };
}

export type ItemCalls = ReturnType<typeof itemCalls>;
