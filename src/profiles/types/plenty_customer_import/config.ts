import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';

export const CUSTOMER_IMPORT_BATCH_SIZE = 50;

/**
 * The customer import's sync is not built in this version (README: "Not built yet"), so its config
 * holds only the settings every profile has.
 */
export const customerImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: CUSTOMER_IMPORT_BATCH_SIZE }),
  })
  .describe('Customer import: PlentyONE contacts → Magento customers (not built yet in this version: only the common settings).');

export type CustomerImportConfig = z.infer<typeof customerImportConfigSchema>;

/** What earlier versions accepted here without an effect. */
export const customerImportRetiredSettings = [
  'storeMapping', 'filters', 'defaultGroupId', 'classGroupMap', 'genderMap', 'createAddresses', 'linkByEmail', 'addressFields', 'sendWelcomeEmail',
] as const;
