/** `GET /V1/store/storeViews` and `/V1/store/websites`. */
import { z } from 'zod';

export const storeViewSchema = z.looseObject({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  website_id: z.number().int(),
  store_group_id: z.number().int(),
  is_active: z.number().int(),
});
export type MagentoStoreView = z.infer<typeof storeViewSchema>;

export const websiteSchema = z.looseObject({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  default_group_id: z.number().int(),
});
export type MagentoWebsite = z.infer<typeof websiteSchema>;
