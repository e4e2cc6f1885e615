import { z } from 'zod';
import { magentoCode, positiveId } from './ids.js';
import { requireUnique } from './unique.js';

/**
 * PlentyONE order property types plentygate fills itself on every exported order; mapping an attribute
 * onto one would overwrite them (type 7 is how duplicates are found, so it must never be mapped).
 */
export const reservedOrderPropertyTypes: Readonly<Record<number, string>> = {
  2: 'shipping profile',
  3: 'payment method',
  6: 'document language',
  7: 'external order id',
};

export const EXTERNAL_ORDER_ID_PROPERTY = 7;

export const orderPropertiesSchema = z
  .array(
    z.strictObject({
      attribute: magentoCode('Magento order field').describe('Magento order field or extension attribute (e.g. "customer_note").'),
      typeId: positiveId('PlentyONE order property type id'),
    }),
    { error: (i) => (i.code === 'invalid_type' ? 'orderProperties is a list of rows such as [{"attribute": "customer_note", "typeId": 21}]' : undefined) },
  )
  .superRefine((rows, ctx) => {
    rows.forEach((row, i) => {
      const reserved = reservedOrderPropertyTypes[row.typeId];
      if (reserved) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'typeId'],
          message: `order property type ${row.typeId} (${reserved}) is set by plentygate; map "${row.attribute}" to another property type`,
        });
      }
    });
    requireUnique(rows, (r) => r.typeId, ctx, { field: 'typeId' },
      (id, first) => `order property type ${id} is already filled by row ${first}; a property type takes one attribute`);
  })
  .describe('Magento order fields → PlentyONE order properties (type ids from /rest/orders/properties/types).');
