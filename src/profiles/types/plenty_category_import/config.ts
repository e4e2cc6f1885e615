import { z } from 'zod';
import { categoryAttributesSchema } from '../../config/category-fields.js';
import { categoryRootsSchema } from '../../config/category-roots.js';
import { commonSettingsShape } from '../../config/common.js';
import { storeMappingSchema } from '../../config/store-mapping.js';

export const CATEGORY_IMPORT_BATCH_SIZE = 20;

export const categoryImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: CATEGORY_IMPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([])
      .describe('Magento store view → PlentyONE client (plentyId) and language: each store view gets the names and texts of its client and language. The first row is also written at global scope (Magento\'s default values).'),
    rootMapping: categoryRootsSchema.default([])
      .describe('Magento root category ← PlentyONE category (or the top level): the PlentyONE subtree below it (type item) is created below the Magento root.'),
    attributes: categoryAttributesSchema,
    options: z
      .strictObject({
        createMissing: z.boolean().default(true).describe('Create Magento categories for PlentyONE categories that have none (off: only linked ones are updated).'),
        updateExisting: z.boolean().default(true).describe('Update names, URL keys and texts of linked Magento categories (off: linked categories are left as they are).'),
        deletions: z.enum(['leave', 'disable', 'delete']).default('leave')
          .describe('When a linked PlentyONE category no longer exists: leave the Magento category, disable it, or delete it (with its subcategories). Checked by full runs and PlentyONE callbacks.'),
        activateNew: z.boolean().default(true).describe('New Magento categories are enabled (is_active).'),
        includeInMenu: z.boolean().default(true).describe('New Magento categories appear in the navigation menu (include_in_menu).'),
      })
      .prefault({})
      .describe('Import behaviour.'),
  })
  .describe('Category import: PlentyONE categories (type item) → Magento category tree with names and texts per store view.');

export type CategoryImportConfig = z.infer<typeof categoryImportConfigSchema>;
