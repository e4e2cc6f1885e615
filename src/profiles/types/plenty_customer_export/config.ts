import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { addressFieldsSchema, countryMapSchema, groupClassMapSchema } from '../../config/customer-mapping.js';
import { positiveId, storeViewCode } from '../../config/ids.js';
import { requireMappedStoreViews, storeMappingSchema } from '../../config/store-mapping.js';
import { valueMapSchema } from '../../config/value-map.js';

export const CUSTOMER_EXPORT_BATCH_SIZE = 50;

/** Text fields of a PlentyONE contact that a Magento custom customer attribute may fill. */
export const contactTextFields = ['number', 'title', 'formOfAddress', 'privatePhone', 'privateFax', 'privateMobile', 'ebayName', 'bookAccount', 'contactPerson'] as const;

const customAttributesSchema = valueMapSchema(
  'customAttributes',
  '{"customer_number": "number", "mobile": "privateMobile"} (Magento customer attribute code → PlentyONE contact field)',
  z.enum(contactTextFields, { error: () => `contact fields are ${contactTextFields.join(', ')}` }),
  z.string().regex(/^[a-z][a-z0-9_]*$/, { error: (i) => `Magento attribute codes are lower-case letters, digits and _, not ${JSON.stringify(i.input)}` }),
);

export const customerExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: CUSTOMER_EXPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([])
      .describe('Magento store view → PlentyONE client (plentyId) and language: the contact gets the client and language of the '
        + 'customer\'s store view, and its referrer (else "1", the own web shop). Customers of unmapped store views are not exported.'),
    filters: z
      .strictObject({
        storeViews: z.array(storeViewCode()).default([])
          .describe('Only customers of these store views (each must be in storeMapping); empty: the customers of every mapped store view.'),
      })
      .prefault({})
      .describe('Which customers are exported.'),
    createAddresses: z.boolean().default(true)
      .describe('Export the customer\'s address book: each Magento address becomes a PlentyONE address of the contact '
        + '(the default billing address as an invoice address, the others as delivery addresses) and is updated when it changes.'),
    addressFields: addressFieldsSchema.prefault({}),
    b2bAccounts: z.boolean().default(false)
      .describe('B2B: a customer whose default billing address names a company also gets a PlentyONE account (company) with that name '
        + 'and the address\'s VAT id, linked to the contact, and updated when they change.'),
    countryMap: countryMapSchema.default({})
      .describe('ISO country code → PlentyONE country id, for countries the built-in table lacks (an address in an unknown country fails its customer with the reason).'),
    groupClassMap: groupClassMapSchema.default({})
      .describe('Magento customer group id → PlentyONE customer class id of the contact.'),
    defaultClassId: positiveId('PlentyONE customer class id').optional()
      .describe('Customer class for groups not in groupClassMap; absent: such contacts get no class.'),
    newsletter: z.boolean().default(true)
      .describe('The contact\'s newsletter consent follows the customer\'s subscription (Magento_Newsletter): subscribed sets '
        + 'newsletterAllowanceAt, unsubscribed clears it. Off: the contact\'s consent is left as PlentyONE has it.'),
    customAttributes: customAttributesSchema.default({})
      .describe('Magento custom customer attribute code → PlentyONE contact field it fills (a customer without a value clears the field).'),
    deletions: z.enum(['leave', 'delete']).default('leave')
      .describe('When a linked Magento customer is deleted: leave the PlentyONE contact, or delete it (PlentyONE keeps a contact that '
        + 'orders refer to, and the run says so). Either way the customer\'s links are removed.'),
    scanDeletions: z.boolean().default(false)
      .describe('A full run ends by looking up the linked Magento customers its scan did not list (300 per search) and treats those '
        + 'Magento no longer has as deleted (deletions). Off: only delete webhooks and --ids runs find deleted customers.'),
  })
  .superRefine((c, ctx) => requireMappedStoreViews(c.filters.storeViews, c.storeMapping, ctx, ['filters', 'storeViews']))
  .describe('Customer export: Magento customers → PlentyONE contacts with their addresses.');

export type CustomerExportConfig = z.infer<typeof customerExportConfigSchema>;

/**
 * What earlier versions accepted here without an effect (config/retired.ts). `storeMapping`,
 * `addressFields` and `createAddresses` work again; contact type, gender map and linking by e-mail
 * are fixed behaviour (README).
 */
export const customerExportRetiredSettings = [
  'contactTypeId', 'genderMap', 'linkByEmail',
] as const;
