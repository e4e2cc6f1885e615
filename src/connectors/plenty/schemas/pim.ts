/**
 * `/rest/pim/variations` entries with the relations an item import asks for, and the attribute lists
 * with names per language. Every object is loose: PlentyONE answers far more than is read here.
 */
import { z } from 'zod';
import { bool, int, num, optInt, optNum, optStr, str } from './common.js';

export const pimTextSchema = z.looseObject({
  lang: str,
  name: optStr, name2: optStr, name3: optStr, previewDescription: optStr, description: optStr, technicalData: optStr,
  title: optStr, metaDescription: optStr, metaKeywords: optStr, urlPath: optStr,
});
export type PimText = z.output<typeof pimTextSchema>;

export const pimImageSchema = z.looseObject({
  id: int, itemId: optInt, position: optInt, url: str, md5Checksum: optStr, fileType: optStr, path: optStr, updatedAt: optStr,
});
export type PimImage = z.output<typeof pimImageSchema>;

/** `GET /rest/items/{id}/images/{imageId}/names` (ItemImageName): an image's name and alternative text per language. */
export const imageNameSchema = z.looseObject({ imageId: optInt, lang: str, name: optStr, alternate: optStr });
export type ImageName = z.output<typeof imageNameSchema>;

export const pimBaseSchema = z.looseObject({
  id: int,
  itemId: int,
  isMain: bool.optional(),
  mainVariationId: optInt,
  isActive: bool.optional(),
  number: str,
  /** The variation name (one per variation, not per language). */
  name: optStr,
  /** `bundle` (a bundle of component variations), `bundle_item` (a component), or null. */
  bundleType: optStr,
  /** 0 stock not limited, 1 limited to net stock, 2 stock not administered. */
  stockLimitation: optInt,
  /** Order quantities (0: none set). */
  minimumOrderQuantity: optNum, maximumOrderQuantity: optNum, intervalOrderQuantity: optNum,
  model: optStr,
  externalId: optStr,
  purchasePrice: optNum,
  weightG: optNum, weightNetG: optNum, widthMM: optNum, lengthMM: optNum, heightMM: optNum,
  vatId: optInt,
  updatedAt: optStr,
  relatedUpdatedAt: optStr,
  texts: z.array(pimTextSchema).optional(),
  images: z.array(pimImageSchema).optional(),
  item: z.looseObject({ id: int, manufacturerId: optInt, producingCountryId: optInt, customsTariffNumber: optStr, ageRestriction: optInt, flagOne: optInt, flagTwo: optInt, updatedAt: optStr }).optional(),
});

export const pimVariationSchema = z.looseObject({
  id: int,
  base: pimBaseSchema,
  salesPrices: z.array(z.looseObject({ salesPriceId: int, price: num })).optional(),
  barcodes: z.array(z.looseObject({ barcodeId: int, code: str })).optional(),
  categories: z.array(z.looseObject({ categoryId: int, position: optNum })).optional(),
  attributeValues: z.array(z.looseObject({ attributeId: int, valueId: int })).optional(),
  /** `with=images`: the variation's image links (VariationImage: which item images belong to it). */
  images: z.array(z.looseObject({ imageId: int, variationId: optInt })).optional(),
});
export type PimVariation = z.output<typeof pimVariationSchema>;

const nameSchema = z.looseObject({ lang: str, name: str });

export const plentyAttributeSchema = z.looseObject({
  id: int,
  backendName: str,
  attributeNames: z.array(nameSchema).optional(),
});
export type PlentyAttribute = z.output<typeof plentyAttributeSchema>;

export const plentyAttributeValueSchema = z.looseObject({
  id: int,
  attributeId: int,
  backendName: str,
  position: optInt,
  valueNames: z.array(nameSchema).optional(),
});
export type PlentyAttributeValue = z.output<typeof plentyAttributeValueSchema>;
