import type { ProfileType } from '../../profile-type.js';
import { ITEM_IMPORT_BATCH_SIZE, itemImportConfigSchema, itemImportRetiredSettings, type ItemImportConfig } from './config.js';

/** No stages: running it fails at once and says the sync is not built (see README.md). */
export const itemImportType: ProfileType<ItemImportConfig> = {
  id: 'plenty_item_import',
  name: 'Item import',
  entity: 'item',
  direction: 'plenty_to_magento',
  configSchema: itemImportConfigSchema,
  triggers: [
    { source: 'plenty', entity: 'item' },
    { source: 'plenty', entity: 'variation' },
  ],
  defaultBatchSize: ITEM_IMPORT_BATCH_SIZE,
  retiredSettings: itemImportRetiredSettings,
};
