import type { ProfileType } from '../../profile-type.js';
import { storeMappingMissing } from '../../config/store-mapping.js';
import { CUSTOMER_EXPORT_BATCH_SIZE, customerExportConfigSchema, type CustomerExportConfig } from './config.js';

export const customerExportType: ProfileType<CustomerExportConfig> = {
  id: 'plenty_customer_export',
  name: 'Customer export',
  entity: 'customer',
  direction: 'magento_to_plenty',
  configSchema: customerExportConfigSchema,
  triggers: [{ source: 'magento', entity: 'customer', kinds: ['saved'] }],
  defaultBatchSize: CUSTOMER_EXPORT_BATCH_SIZE,
  readiness(config) {
    return config.storeMapping.length === 0 ? [storeMappingMissing] : [];
  },
};
