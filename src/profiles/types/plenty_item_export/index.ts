import type { ProfileType } from '../../profile-type.js';
import { storeMappingMissing } from '../../config/store-mapping.js';
import { ITEM_EXPORT_BATCH_SIZE, itemExportConfigSchema, itemExportRetiredSettings, type ItemExportConfig } from './config.js';
import type { RawProduct } from './collect.js';
import type { ExportRecord } from './record.js';
import { itemExportStages } from './stages.js';
import { itemExportMapping } from './mapping-fields.js';

export const itemExportType: ProfileType<ItemExportConfig, RawProduct, ExportRecord> = {
  id: 'plenty_item_export',
  name: 'Item export',
  entity: 'item',
  direction: 'magento_to_plenty',
  configSchema: itemExportConfigSchema,
  triggers: [{ source: 'magento', entity: 'product', kinds: ['saved', 'deleted'] }],
  defaultBatchSize: ITEM_EXPORT_BATCH_SIZE,
  stages: itemExportStages,
  mapping: itemExportMapping,
  retiredSettings: itemExportRetiredSettings,
  readiness(config) {
    const missing: string[] = [];
    if (config.storeMapping.length === 0) missing.push(storeMappingMissing);
    if (config.prices.regular === undefined) {
      missing.push('Choose the PlentyONE sales price that receives the Magento regular price under prices.regular.');
    }
    if (Object.keys(config.vat.taxClassMap).length === 0 && config.vat.defaultVatId === undefined) {
      missing.push('Map Magento tax classes to PlentyONE VAT ids under vat.taxClassMap, or set vat.defaultVatId.');
    }
    if (config.categories.assign && config.categories.rootMapping.length === 0) {
      missing.push('Map a Magento root category to a PlentyONE category under categories.rootMapping, or turn off categories.assign.');
    }
    return missing;
  },
};
