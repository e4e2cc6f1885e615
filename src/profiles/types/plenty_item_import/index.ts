import type { ProfileType } from '../../profile-type.js';
import { ITEM_IMPORT_BATCH_SIZE, itemImportConfigSchema, itemImportRetiredSettings, type ItemImportConfig } from './config.js';
import { itemImportMapping } from './mapping-fields.js';
import { itemImportReadiness } from './readiness.js';
import type { ImportRecord, RawItem } from './record.js';
import { itemImportStages } from './stages.js';

export const itemImportType: ProfileType<ItemImportConfig, RawItem, ImportRecord> = {
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
  stages: itemImportStages,
  retiredSettings: itemImportRetiredSettings,
  readiness: itemImportReadiness,
  mapping: itemImportMapping,
};
