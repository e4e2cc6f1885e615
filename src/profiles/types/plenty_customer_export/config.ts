import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';

export const CUSTOMER_EXPORT_BATCH_SIZE = 50;

/**
 * The customer export's sync is not built in this version (README: "Not built yet"), so its config
 * holds only the settings every profile has.
 */
export const customerExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: CUSTOMER_EXPORT_BATCH_SIZE }),
  })
  .describe('Customer export: Magento customers → PlentyONE contacts (not built yet in this version: only the common settings).');

export type CustomerExportConfig = z.infer<typeof customerExportConfigSchema>;

/** What earlier versions accepted here without an effect. */
export const customerExportRetiredSettings = [
  'storeMapping', 'filters', 'contactTypeId', 'defaultClassId', 'groupClassMap', 'genderMap', 'createAddresses', 'linkByEmail', 'addressFields',
] as const;
