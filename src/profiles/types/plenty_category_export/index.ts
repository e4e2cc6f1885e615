import type { ProfileType } from '../../profile-type.js';
import { categoryRootsMissing } from '../../config/category-roots.js';
import { storeMappingMissing } from '../../config/store-mapping.js';
import { CATEGORY_EXPORT_BATCH_SIZE, categoryExportConfigSchema, type CategoryExportConfig } from './config.js';
import type { CategoryRecord, RawCategory } from './record.js';
import { categoryExportStages } from './stages.js';
import { categoryExportMapping } from './mapping-fields.js';

export const categoryExportType: ProfileType<CategoryExportConfig, RawCategory, CategoryRecord> = {
  id: 'plenty_category_export',
  name: 'Category export',
  entity: 'category',
  direction: 'magento_to_plenty',
  configSchema: categoryExportConfigSchema,
  triggers: [{ source: 'magento', entity: 'category', kinds: ['saved', 'deleted'] }],
  defaultBatchSize: CATEGORY_EXPORT_BATCH_SIZE,
  readiness(config) {
    const missing: string[] = [];
    if (config.storeMapping.length === 0) missing.push(storeMappingMissing);
    if (config.rootMapping.length === 0) missing.push(categoryRootsMissing);
    return missing;
  },
  stages: categoryExportStages,
  mapping: categoryExportMapping,
};
