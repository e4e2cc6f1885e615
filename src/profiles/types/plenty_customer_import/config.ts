import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { countryMapSchema } from '../../config/customer-mapping.js';
import { positiveId } from '../../config/ids.js';
import { storeMappingSchema } from '../../config/store-mapping.js';
import { valueMapSchema } from '../../config/value-map.js';

export const CUSTOMER_IMPORT_BATCH_SIZE = 50;

const classGroupMapSchema = valueMapSchema(
  'classGroupMap',
  '{"2": 1, "5": 2} (PlentyONE customer class id → Magento customer group id)',
  positiveId('Magento customer group id'),
  z.string().regex(/^\d+$/, { error: (i) => `PlentyONE customer class ids are whole numbers, not ${JSON.stringify(i.input)}` }),
);

export const customerImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: CUSTOMER_IMPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([])
      .describe('Magento store view ↔ PlentyONE client (plentyId) and language: a contact becomes a customer of the store view '
        + 'whose row has its client (and its language, when several rows share the client), in that store view\'s website. '
        + 'Contacts of unmapped clients are not imported.'),
    filters: z
      .strictObject({
        typeIds: z.array(positiveId('PlentyONE contact type id')).default([1])
          .describe('Only contacts of these types (1 customer, 2 interested party, 3 sales representative, …); empty: every type.'),
        classIds: z.array(positiveId('PlentyONE customer class id')).default([])
          .describe('Only contacts of these customer classes; empty: any class.'),
      })
      .prefault({})
      .describe('Which contacts are imported.'),
    classGroupMap: classGroupMapSchema.default({}).describe('PlentyONE customer class id → Magento customer group id.'),
    defaultGroupId: positiveId('Magento customer group id').default(1)
      .describe('Magento customer group for contacts whose class is not in classGroupMap (1: General).'),
    createAddresses: z.boolean().default(true)
      .describe('Import the contact\'s addresses into the customer\'s address book (the first invoice address as default billing, '
        + 'the first delivery address as default shipping).'),
    countryMap: countryMapSchema.default({})
      .describe('ISO country code → PlentyONE country id, for countries the built-in table lacks (an address in an unknown country fails its contact with the reason).'),
  })
  .describe('Customer import: PlentyONE contacts → Magento customers with their addresses.');

export type CustomerImportConfig = z.infer<typeof customerImportConfigSchema>;

/**
 * What earlier versions accepted here without an effect (config/retired.ts): linking by e-mail is how
 * a person keeps one customer, the gender follows the contact's, name lines are fixed, and the welcome
 * e-mail switch is not built yet (README).
 */
export const customerImportRetiredSettings = [
  'genderMap', 'linkByEmail', 'addressFields', 'sendWelcomeEmail',
] as const;
