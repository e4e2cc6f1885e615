import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { contactOptionsShape, genderMapSchema, groupClassMapSchema } from '../../config/customer-mapping.js';
import { positiveId, storeViewCode } from '../../config/ids.js';
import { requireMappedStoreViews, storeMappingSchema } from '../../config/store-mapping.js';

export const CUSTOMER_EXPORT_BATCH_SIZE = 50;

export const customerExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: CUSTOMER_EXPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    filters: z
      .strictObject({
        storeViews: z.array(storeViewCode()).default([]).describe('Only customers of these store views (must be in storeMapping); empty: all mapped.'),
        groupIds: z.array(z.number().int().min(0)).default([]).describe('Only these Magento customer groups; empty: all.'),
      })
      .prefault({})
      .describe('Which customers are exported. Customers without an e-mail are always skipped.'),
    contactTypeId: positiveId('PlentyONE contact type id').default(1).describe('Type of created contacts (1 = customer).'),
    defaultClassId: positiveId('PlentyONE customer class id').optional().describe('Customer class for groups not in groupClassMap.'),
    groupClassMap: groupClassMapSchema.default({}),
    genderMap: genderMapSchema,
    ...contactOptionsShape,
  })
  .superRefine((c, ctx) => {
    requireMappedStoreViews(c.filters.storeViews, c.storeMapping, ctx, ['filters', 'storeViews']);
  })
  .describe('Customer export: Magento customers → PlentyONE contacts with addresses.');

export type CustomerExportConfig = z.infer<typeof customerExportConfigSchema>;
