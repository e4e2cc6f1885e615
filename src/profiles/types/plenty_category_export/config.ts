import { z } from 'zod';
import { categoryAttributesSchema } from '../../config/category-fields.js';
import { categoryRootsSchema } from '../../config/category-roots.js';
import { commonSettingsShape } from '../../config/common.js';
import { storeMappingSchema } from '../../config/store-mapping.js';

export const CATEGORY_EXPORT_BATCH_SIZE = 20;

export const categoryExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: CATEGORY_EXPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([])
      .describe('Magento store view → PlentyONE client (plentyId) and language: each row writes the PlentyONE details of its client and language from that store view\'s values; the category is made visible in every mapped client.'),
    rootMapping: categoryRootsSchema.default([])
      .describe('Magento root category → PlentyONE category (or the top level) under which its subtree is created. `plentygate link:map --entity category --magento <root id> --create-root` creates that PlentyONE category.'),
    attributes: categoryAttributesSchema,
    options: z
      .strictObject({
        deletions: z.enum(['delete', 'deactivate', 'leave']).default('delete')
          .describe('When a linked Magento category is deleted: delete the PlentyONE category (with its subcategories), deactivate it (no client shows it any more), or leave it.'),
        includeInactive: z.boolean().default(false)
          .describe('Also export categories that are disabled in Magento (read through REST, since storefront GraphQL hides them); they are written with linklist "N" (not in the shop navigation).'),
        skipUnchanged: z.boolean().default(true)
          .describe('Skip categories whose exported content (parent and details) has not changed since the last write (by hash); off: every run writes every category again.'),
      })
      .prefault({})
      .describe('Export behaviour.'),
  })
  .describe('Category export: Magento category tree → PlentyONE categories with names and texts per language.');

export type CategoryExportConfig = z.infer<typeof categoryExportConfigSchema>;
