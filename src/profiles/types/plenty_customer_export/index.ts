import type { ProfileType } from '../../profile-type.js';
import { CUSTOMER_EXPORT_BATCH_SIZE, customerExportConfigSchema, customerExportRetiredSettings, type CustomerExportConfig } from './config.js';

/** No stages: running it fails at once and says the sync is not built (see README.md). */
export const customerExportType: ProfileType<CustomerExportConfig> = {
  id: 'plenty_customer_export',
  name: 'Customer export',
  entity: 'customer',
  direction: 'magento_to_plenty',
  configSchema: customerExportConfigSchema,
  triggers: [{ source: 'magento', entity: 'customer', kinds: ['saved'] }],
  defaultBatchSize: CUSTOMER_EXPORT_BATCH_SIZE,
  retiredSettings: customerExportRetiredSettings,
};
