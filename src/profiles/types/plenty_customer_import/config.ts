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
    sendWelcomeEmail: z.boolean().default(false)
      .describe('Whether Magento sends its welcome (new account) e-mail to a customer the import creates. Off: customers are created '
        + 'through the plentygate Magento module\'s route, which sends none (Magento\'s own POST /V1/customers always sends one).'),
    newsletter: z.boolean().default(false)
      .describe('The customer\'s newsletter subscription follows the contact\'s consent (newsletterAllowanceAt): subscribed when it has one, '
        + 'unsubscribed when not. Off (default, because Magento e-mails a confirmation on every subscription): the subscription is left as Magento has it.'),
    b2bAccounts: z.boolean().default(false)
      .describe('B2B: the contact\'s company (its first PlentyONE account) names the company of addresses without one, and its VAT id '
        + 'becomes the customer\'s taxvat and the addresses\' vat_id.'),
    deletions: z.enum(['leave', 'delete']).default('leave')
      .describe('When a linked PlentyONE contact is deleted (contact callbacks, --ids runs, scanDeletions): leave the Magento customer, or delete it. '
        + 'Either way the contact\'s links are removed.'),
    scanDeletions: z.boolean().default(false)
      .describe('A full run ends by looking up each imported contact its scan did not see (one PlentyONE call each) and treats those '
        + 'PlentyONE no longer has as deleted (deletions). Off: only contact callbacks and --ids runs find deleted contacts.'),
  })
  .describe('Customer import: PlentyONE contacts → Magento customers with their addresses.');

export type CustomerImportConfig = z.infer<typeof customerImportConfigSchema>;

/**
 * What earlier versions accepted here without an effect (config/retired.ts): linking by e-mail is how
 * a person keeps one customer, the gender follows the contact's, and name lines are fixed (README).
 * `sendWelcomeEmail` works now.
 */
export const customerImportRetiredSettings = [
  'genderMap', 'linkByEmail', 'addressFields',
] as const;
