import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { positiveId, sourceCode, warehouseTypeId, warehouseTypes } from '../../config/ids.js';
import { warehouseMappingSchema } from '../../config/warehouse-mapping.js';

/**
 * Variations per runner batch (one checkpoint, one link write, one history update each). Stock writes
 * are idempotent, so a batch redone after a crash costs calls but never a wrong value; at 20 the
 * bookkeeping took a third of a full import's CPU.
 */
export const STOCK_IMPORT_BATCH_SIZE = 200;
/** Magento's limit for synchronous array inputs when its input limits are on. */
export const STOCK_WRITE_BATCH_SIZE = 20;

export const stockImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: STOCK_IMPORT_BATCH_SIZE }),
    writeBatchSize: z.number().int().min(1).max(5000).default(STOCK_WRITE_BATCH_SIZE)
      .describe(`Source items per POST /V1/inventory/source-items (default ${STOCK_WRITE_BATCH_SIZE}: Magento refuses more per array when its input limits are on; raise it when they are off).`),
    warehouseMapping: warehouseMappingSchema.default([]),
    mainWarehouse: z
      .strictObject({
        warehouseId: positiveId('PlentyONE warehouse id').optional()
          .describe('Fallback: this warehouse feeds the source below when warehouseMapping is empty (single-source shops).'),
        sourceCode: sourceCode().default('default').describe('MSI source fed by the main warehouse.'),
      })
      .prefault({})
      .describe('Main warehouse fallback.'),
    warehouseTypes: z.array(warehouseTypeId()).min(1, 'list at least one warehouse type (0 = sales)').default([warehouseTypes.sales])
      .describe('Only warehouses of these types count; sellable stock lives in sales warehouses (type 0).'),
    quantity: z.enum(['net', 'physical']).default('net')
      .describe('net: physical minus reserved (stockNet), what is left to sell; physical: physical stock (stockPhysical), reservations not subtracted.'),
    skipUnmanaged: z.boolean().default(false)
      .describe('Skip products whose Magento "Manage Stock" is No (counted, and named in the history). Magento lists stock items one product at a time (GET /V1/stockItems/{sku}), so each SKU costs one call when first written; the answer is remembered, and full runs ask again for SKUs found unmanaged.'),
    statusFromQuantity: z.boolean().default(true).describe('A source item is in stock when its quantity is above 0 (written even at 0).'),
    removeStaleOnFullRun: z.boolean().default(true)
      .describe('A full run removes the source items (of mapped sources) of SKUs this import wrote before whose variation no longer has a stock row in any mapped PlentyONE warehouse.'),
    driftReport: z
      .strictObject({
        enabled: z.boolean().default(false)
          .describe('A full run reads Magento\'s source items of every SKU it sees (one call per 300 source items) and writes to the run history the SKUs whose Magento quantity differs from PlentyONE\'s by more than the tolerance; those are written again.'),
        tolerance: z.number().min(0).default(0).describe('Differences up to this many units are neither reported nor rewritten.'),
      })
      .prefault({})
      .describe('Stock drift report on full runs.'),
  })
  .superRefine((c, ctx) => {
    const mapped = c.warehouseMapping.find((r) => r.warehouseId === c.mainWarehouse.warehouseId);
    if (mapped && c.mainWarehouse.warehouseId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mainWarehouse', 'warehouseId'],
        message: `warehouse ${mapped.warehouseId} is already in warehouseMapping; the main warehouse fallback would count it twice, so remove it here`,
      });
    }
    const types = new Set<number>();
    c.warehouseTypes.forEach((t, i) => {
      if (types.has(t)) ctx.addIssue({ code: 'custom', path: ['warehouseTypes', i], message: `warehouse type ${t} is listed twice` });
      types.add(t);
    });
  })
  .describe('Stock import: PlentyONE stock per warehouse → Magento MSI source items.');

export type StockImportConfig = z.infer<typeof stockImportConfigSchema>;
