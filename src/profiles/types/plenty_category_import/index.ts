import type { ProfileType } from '../../profile-type.js';
import { categoryRootsMissing } from '../../config/category-roots.js';
import { storeMappingMissing } from '../../config/store-mapping.js';
import { CATEGORY_IMPORT_BATCH_SIZE, categoryImportConfigSchema, type CategoryImportConfig } from './config.js';
import type { ImportRecord, RawCategory } from './record.js';
import { categoryImportStages } from './stages.js';
import { categoryImportMapping } from './mapping-fields.js';

export const categoryImportType: ProfileType<CategoryImportConfig, RawCategory, ImportRecord> = {
  id: 'plenty_category_import',
  name: 'Category import',
  entity: 'category',
  direction: 'plenty_to_magento',
  configSchema: categoryImportConfigSchema,
  // PlentyONE callback names are not documented: any category callback is a hint. With category ids it
  // runs for those ids (a deleted one included); without ids, a delta run.
  triggers: [{ source: 'plenty', entity: 'category' }],
  defaultBatchSize: CATEGORY_IMPORT_BATCH_SIZE,
  readiness(config) {
    const missing: string[] = [];
    if (config.storeMapping.length === 0) missing.push(storeMappingMissing);
    if (config.rootMapping.length === 0) missing.push(categoryRootsMissing);
    return missing;
  },
  stages: categoryImportStages,
  mapping: categoryImportMapping,
};
