import type { ProfileType } from '../../profile-type.js';
import { STOCK_IMPORT_BATCH_SIZE, stockImportConfigSchema, type StockImportConfig } from './config.js';
import type { StockRaw } from './records.js';
import { stockImportStages } from './stages.js';
import { stockImportMapping } from './mapping-fields.js';

export const stockImportType: ProfileType<StockImportConfig, StockRaw, StockRaw> = {
  id: 'plenty_stock_import',
  name: 'Stock import',
  entity: 'stock',
  direction: 'plenty_to_magento',
  configSchema: stockImportConfigSchema,
  triggers: [
    { source: 'plenty', entity: 'stock' },
    { source: 'plenty', entity: 'variation' },
  ],
  defaultBatchSize: STOCK_IMPORT_BATCH_SIZE,
  stages: stockImportStages,
  mapping: stockImportMapping,
  readiness(config) {
    if (config.warehouseMapping.length === 0 && config.mainWarehouse.warehouseId === undefined) {
      return ['Map at least one PlentyONE sales warehouse to an MSI source under warehouseMapping (or set mainWarehouse.warehouseId).'];
    }
    return [];
  },
};
