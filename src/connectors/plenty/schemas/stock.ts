import { z } from 'zod';
import { int, num, optInt, optNum, optStr } from './common.js';

/** A stock row of `/rest/stockmanagement/stock` (and per warehouse). Sellable = `stockNet` of sales warehouses. */
export const stockEntrySchema = z.looseObject({
  itemId: optInt,
  variationId: int,
  warehouseId: int,
  stockPhysical: num,
  reservedStock: optNum,
  stockNet: num,
  reorderDelta: optNum,
  warehousePriority: optNum,
  updatedAt: optStr,
});
export type StockEntry = z.output<typeof stockEntrySchema>;

/** `typeId`: 0 sales, 1 repair, 4 storage, 5 transit, 6 distribution, 7 other. */
export const warehouseSchema = z.looseObject({
  id: int,
  name: z.string().nullish(),
  typeId: int,
  priority: optNum,
});
export type Warehouse = z.output<typeof warehouseSchema>;

/** One row of a stock correction (`PUT .../stock/correction`). */
export const stockCorrectionSchema = z.object({
  variationId: z.number().int(),
  quantity: z.number(),
  storageLocationId: z.number().int(),
  reasonId: z.number().int(),
});
export type StockCorrection = z.input<typeof stockCorrectionSchema>;
