import type { ProfileType } from '../../profile-type.js';
import { storeMappingMissing } from '../../config/store-mapping.js';
import { CUSTOMER_IMPORT_BATCH_SIZE, customerImportConfigSchema, customerImportRetiredSettings, type CustomerImportConfig } from './config.js';
import type { ContactRecord, RawContact } from './record.js';
import { customerImportStages } from './stages.js';
import { customerImportMapping } from './mapping-fields.js';

export const customerImportType: ProfileType<CustomerImportConfig, RawContact, ContactRecord> = {
  id: 'plenty_customer_import',
  name: 'Customer import',
  entity: 'customer',
  direction: 'plenty_to_magento',
  configSchema: customerImportConfigSchema,
  triggers: [{ source: 'plenty', entity: 'contact' }],
  defaultBatchSize: CUSTOMER_IMPORT_BATCH_SIZE,
  readiness: (config) => (config.storeMapping.length === 0 ? [storeMappingMissing] : []),
  stages: customerImportStages,
  mapping: customerImportMapping,
  retiredSettings: customerImportRetiredSettings,
};
