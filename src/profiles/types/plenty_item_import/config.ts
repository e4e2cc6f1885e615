import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';

export const ITEM_IMPORT_BATCH_SIZE = 20;

/**
 * The item import's sync is not built in this version (README: "Not built yet"), so its config holds
 * only the settings every profile has; mappings arrive with the sync that reads them.
 */
export const itemImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: ITEM_IMPORT_BATCH_SIZE }),
  })
  .describe('Item import: PlentyONE items/variations → Magento products (not built yet in this version: only the common settings).');

export type ItemImportConfig = z.infer<typeof itemImportConfigSchema>;

/** What earlier versions accepted here without an effect. */
export const itemImportRetiredSettings = [
  'storeMapping', 'search', 'identifier', 'vat', 'prices', 'attributeSets', 'texts', 'fields', 'defaultUnits',
  'autoCreateOptions', 'categories', 'urlKeys', 'images', 'relations', 'configurables', 'bundles',
] as const;
