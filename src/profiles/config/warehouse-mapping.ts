import { z } from 'zod';
import { positiveId, sourceCode } from './ids.js';
import { requireUnique } from './unique.js';

/**
 * PlentyONE warehouse → Magento MSI source. A source may take several warehouses (their stock is
 * summed), but a warehouse feeds exactly one source: mapping it twice would count its stock twice.
 */
export const warehouseMappingRowSchema = z
  .strictObject({
    warehouseId: positiveId('PlentyONE warehouse id'),
    sourceCode: sourceCode(),
  })
  .describe('One PlentyONE warehouse and the MSI source it feeds.');

export const warehouseMappingSchema = z
  .array(warehouseMappingRowSchema, {
    error: (i) => (i.code === 'invalid_type'
      ? 'warehouseMapping is a list of rows such as [{"warehouseId": 1, "sourceCode": "default"}]'
      : undefined),
  })
  .superRefine((rows, ctx) => {
    requireUnique(rows, (r) => r.warehouseId, ctx, { field: 'warehouseId' },
      (id, first) => `warehouse ${id} is already mapped in row ${first}; a warehouse feeds one source, so remove one of the rows`);
  })
  .describe('PlentyONE warehouse → Magento MSI source; a source may take several warehouses.');

export type WarehouseMappingRow = z.infer<typeof warehouseMappingRowSchema>;
