/** Categories of `/rest/categories` (OpenAPI `Category`, `CategoryDetails`, `CategoryClient`). */
import { z } from 'zod';
import { int, optInt, optStr, str } from './common.js';

export const categoryDetailSchema = z.looseObject({
  categoryId: optInt,
  plentyId: int,
  lang: str,
  name: z.string().default(''),
  description: optStr,
  description2: optStr,
  shortDescription: optStr,
  metaTitle: optStr,
  metaDescription: optStr,
  metaKeywords: optStr,
  nameUrl: optStr,
  image: optStr,
  image2: optStr,
  position: optInt,
  canonicalLink: optStr,
  metaRobots: optStr,
  updatedAt: optStr,
});
export type PlentyCategoryDetail = z.output<typeof categoryDetailSchema>;

export const plentyCategorySchema = z.looseObject({
  id: int,
  parentCategoryId: optInt,
  level: optInt,
  type: optStr,
  linklist: optStr,
  right: optStr,
  sitemap: optStr,
  hasChildren: z.boolean().optional(),
  updatedAt: optStr,
  details: z.array(categoryDetailSchema).optional(),
  clients: z.array(z.looseObject({ plentyId: int })).optional(),
});
export type PlentyCategory = z.output<typeof plentyCategorySchema>;
