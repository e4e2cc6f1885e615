/** MSI: source items and sources. */
import { z } from 'zod';
import { searchResultSchema } from './search-result.js';

export const sourceItemSchema = z.looseObject({
  sku: z.string(),
  source_code: z.string(),
  quantity: z.number(),
  /** 1 in stock, 0 out of stock. */
  status: z.number().int(),
});
export type MagentoSourceItem = z.infer<typeof sourceItemSchema>;

export const sourceItemSearchResultSchema = searchResultSchema(sourceItemSchema);

/** `POST /V1/inventory/source-items` answers an empty list on success. */
export const sourceItemsSaveAnswerSchema = z.array(z.unknown()).max(0);

export const sourceSchema = z.looseObject({
  source_code: z.string(),
  name: z.string().optional(),
  enabled: z.boolean().optional(),
  country_id: z.string().optional(),
  postcode: z.string().optional(),
});
export type MagentoSource = z.infer<typeof sourceSchema>;

export const sourceSearchResultSchema = searchResultSchema(sourceSchema);
