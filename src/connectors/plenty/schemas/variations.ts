import { z } from 'zod';
import { bool, int, num, optInt, optNum, optStr, str } from './common.js';

export const variationSalesPriceSchema = z.looseObject({ variationId: optInt, salesPriceId: int, price: num, updatedAt: optStr });
export const variationBarcodeSchema = z.looseObject({ variationId: optInt, barcodeId: int, code: str });

/** `/rest/items/variations` entry; relations appear when requested with `with`. */
export const variationSchema = z.looseObject({
  id: int,
  itemId: int,
  mainVariationId: optInt,
  isMain: bool.optional(),
  isActive: bool.optional(),
  number: str,
  model: optStr,
  externalId: optStr,
  purchasePrice: optNum,
  weightG: optNum,
  createdAt: optStr,
  updatedAt: optStr,
  relatedUpdatedAt: optStr,
  variationSalesPrices: z.array(variationSalesPriceSchema).optional(),
  variationBarcodes: z.array(variationBarcodeSchema).optional(),
});
export type Variation = z.output<typeof variationSchema>;
