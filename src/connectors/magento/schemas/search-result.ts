/**
 * Shared pieces of Magento REST answers. Objects are loose (unknown fields pass through) because
 * extensions add fields to every entity; only what plentygate reads is declared.
 */
import { z } from 'zod';

/** `{items, search_criteria, total_count}` of every `searchCriteria` endpoint. */
export function searchResultSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    items: z.array(item),
    search_criteria: z.looseObject({}).optional(),
    total_count: z.number().int().nonnegative(),
  });
}

export interface SearchResult<T> {
  items: T[];
  total_count: number;
  search_criteria?: Record<string, unknown> | undefined;
}

/** Ids Magento answers as a number or as a numeric string (`"12"`), e.g. invoice/shipment ids. */
export const entityIdSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform((v) => Number(v));

/** `true`/`false` answers of action endpoints (cancel, comments). */
export const booleanAnswerSchema = z.boolean();

export const customAttributeSchema = z.looseObject({
  attribute_code: z.string(),
  value: z.unknown(),
});
export type CustomAttribute = z.infer<typeof customAttributeSchema>;

/** The postal part shared by customer addresses and order addresses (their ids and region differ). */
export const postalAddressFields = {
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  company: z.string().optional(),
  street: z.array(z.string()).optional(),
  city: z.string().optional(),
  postcode: z.string().optional(),
  country_id: z.string().optional(),
};
