import { z } from 'zod';
import { categoryAttributesSchema } from '../../config/category-fields.js';
import { categoryRootsSchema } from '../../config/category-roots.js';
import { commonSettingsShape } from '../../config/common.js';
import { storeMappingSchema } from '../../config/store-mapping.js';

export const CATEGORY_EXPORT_BATCH_SIZE = 20;

export const categoryExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: CATEGORY_EXPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    rootMapping: categoryRootsSchema.default([]),
    attributes: categoryAttributesSchema,
    options: z
      .strictObject({
        exportDeletions: z.boolean().default(true).describe('Delete the PlentyONE category when its Magento category is deleted.'),
        includeInactive: z.boolean().default(false).describe('Also export categories that are disabled in Magento.'),
        pathsFromDefaultNames: z.boolean().default(true)
          .describe('Build category paths from the default store view names, so renaming a translation never moves a category.'),
        skipUnchanged: z.boolean().default(true).describe('Skip categories whose exported content has not changed since the last write.'),
      })
      .prefault({})
      .describe('Export behaviour.'),
  })
  .describe('Category export: Magento category tree → PlentyONE categories with names per language.');

export type CategoryExportConfig = z.infer<typeof categoryExportConfigSchema>;
