import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { addressFieldsSchema, classGroupMapSchema, genders } from '../../config/customer-mapping.js';
import { plentyId, positiveId } from '../../config/ids.js';
import { storeMappingSchema } from '../../config/store-mapping.js';
import { valueMapSchema } from '../../config/value-map.js';

export const CUSTOMER_IMPORT_BATCH_SIZE = 50;

export const customerImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: CUSTOMER_IMPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    filters: z
      .strictObject({
        contactTypeIds: z.array(positiveId('PlentyONE contact type id')).default([1]).describe('Only contacts of these types (1 = customer).'),
        classIds: z.array(positiveId('PlentyONE customer class id')).default([]).describe('Only these customer classes; empty: all.'),
        plentyIds: z.array(plentyId()).default([]).describe('Only contacts of these clients; empty: all mapped.'),
      })
      .prefault({})
      .describe('Which contacts are imported. Contacts without an e-mail are always skipped.'),
    defaultGroupId: z.number().int().min(0).default(1).describe('Magento customer group for classes not in classGroupMap (1 = General).'),
    classGroupMap: classGroupMapSchema.default({}),
    genderMap: valueMapSchema('genderMap', '{"male": 1, "female": 2} (PlentyONE gender → Magento gender value)', z.number().int().min(0).max(3),
      // A string key rather than z.enum: an enum key would make the record require every gender.
      z.string().refine((g) => (genders as readonly string[]).includes(g), { error: () => `genders are ${genders.join(', ')}` }))
      .default({ male: 1, female: 2 }),
    createAddresses: z.boolean().default(true).describe('Import the contact\'s addresses.'),
    linkByEmail: z.boolean().default(true).describe('Link to an existing Magento customer with the same e-mail instead of failing.'),
    addressFields: addressFieldsSchema.prefault({}).describe('PlentyONE name1..name4 → Magento address fields.'),
    sendWelcomeEmail: z.boolean().default(false).describe('Send Magento\'s account confirmation e-mail to new customers.'),
  })
  .superRefine((c, ctx) => {
    const mapped = new Set(c.storeMapping.map((r) => r.plentyId));
    c.filters.plentyIds.forEach((id, i) => {
      if (!mapped.has(id)) {
        ctx.addIssue({ code: 'custom', path: ['filters', 'plentyIds', i], message: `plentyId ${id} is not in storeMapping; add a storeMapping row for it or remove it here` });
      }
    });
  })
  .describe('Customer import: PlentyONE contacts → Magento customers.');

export type CustomerImportConfig = z.infer<typeof customerImportConfigSchema>;
