import type { ProfileType } from '../../profile-type.js';
import { storeMappingMissing } from '../../config/store-mapping.js';
import { CUSTOMER_EXPORT_BATCH_SIZE, customerExportConfigSchema, customerExportRetiredSettings, type CustomerExportConfig } from './config.js';
import type { CustomerRecord, RawCustomer } from './record.js';
import { customerExportStages } from './stages.js';
import { customerExportMapping } from './mapping-fields.js';

export const customerExportType: ProfileType<CustomerExportConfig, RawCustomer, CustomerRecord> = {
  id: 'plenty_customer_export',
  name: 'Customer export',
  entity: 'customer',
  direction: 'magento_to_plenty',
  configSchema: customerExportConfigSchema,
  triggers: [{ source: 'magento', entity: 'customer', kinds: ['saved', 'deleted'] }],
  defaultBatchSize: CUSTOMER_EXPORT_BATCH_SIZE,
  readiness: (config) => (config.storeMapping.length === 0 ? [storeMappingMissing] : []),
  stages: customerExportStages,
  mapping: customerExportMapping,
  retiredSettings: customerExportRetiredSettings,
};
