import type { ProfileType } from '../../profile-type.js';
import { CUSTOMER_IMPORT_BATCH_SIZE, customerImportConfigSchema, customerImportRetiredSettings, type CustomerImportConfig } from './config.js';

/** No stages: running it fails at once and says the sync is not built (see README.md). */
export const customerImportType: ProfileType<CustomerImportConfig> = {
  id: 'plenty_customer_import',
  name: 'Customer import',
  entity: 'customer',
  direction: 'plenty_to_magento',
  configSchema: customerImportConfigSchema,
  triggers: [{ source: 'plenty', entity: 'contact' }],
  defaultBatchSize: CUSTOMER_IMPORT_BATCH_SIZE,
  retiredSettings: customerImportRetiredSettings,
};
