import { z } from 'zod';
import { categoryAttributesSchema } from '../../config/category-fields.js';
import { categoryRootsSchema } from '../../config/category-roots.js';
import { commonSettingsShape } from '../../config/common.js';
import { storeMappingSchema } from '../../config/store-mapping.js';

export const CATEGORY_IMPORT_BATCH_SIZE = 20;

export const categoryImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: CATEGORY_IMPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    rootMapping: categoryRootsSchema.default([]),
    attributes: categoryAttributesSchema,
    options: z
      .strictObject({
        createMissing: z.boolean().default(true).describe('Create Magento categories for new PlentyONE categories.'),
        updateExisting: z.boolean().default(true).describe('Update names, URL keys and attributes of linked Magento categories.'),
        removeDeleted: z.boolean().default(false).describe('Delete Magento categories whose PlentyONE category was deleted (off: leave them).'),
        activateNew: z.boolean().default(true).describe('New Magento categories are enabled.'),
        includeInMenu: z.boolean().default(true).describe('New Magento categories appear in the navigation menu.'),
      })
      .prefault({})
      .describe('Import behaviour.'),
  })
  .describe('Category import: PlentyONE categories → Magento category tree.');

export type CategoryImportConfig = z.infer<typeof categoryImportConfigSchema>;
