/** Warehouses (a bare array), stock lists (all / per warehouse) and stock corrections. */
import type { ChangeSink } from '../changes.js';
import { parseTimestamp, w3c } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import { envelope, pageRange, pageRequest } from '../paging.js';
import { renderStock } from '../render.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { StockQuery, StockStore } from '../stores/stock.js';

function renderWarehouse(w: StockStore['warehouses'][number]): Record<string, unknown> {
  return {
    id: w.warehouseId,
    name: w.name,
    note: '',
    typeId: w.typeId,
    priority: w.priority,
    allocationReferrerIds: [],
    onStockAvailability: 1,
    outOfStockAvailability: 5,
    splitByShippingProfile: false,
    storageLocationType: 'none',
    storageLocationZone: 0,
    repairWarehouseId: 0,
    isInventoryModeActive: false,
    logisticsType: 'own',
    updatedAt: w3c(0),
    createdAt: w3c(0),
  };
}

export function stockRoutes(r: RestRouter, stock: StockStore, changed: ChangeSink): void {
  const list = (ctx: RestCtx, warehouseId?: number) => {
    const q: StockQuery = {
      warehouseId: warehouseId ?? (ctx.query('warehouseId') ? Number(ctx.query('warehouseId')) : undefined),
      variationId: ctx.query('variationId') ? Number(ctx.query('variationId')) : undefined,
      updatedFrom: parseTimestamp(ctx.query('updatedAtFrom')),
      updatedTo: parseTimestamp(ctx.query('updatedAtTo')),
    };
    const req = pageRequest(ctx.query);
    const m = stock.query(q);
    const { start, end } = pageRange(req, m.count);
    const entries: unknown[] = [];
    for (let n = start; n < end; n++) entries.push(renderStock(m.rowAt(n)));
    return envelope(req, m.count, entries);
  };
  const warehouseOr404 = (ctx: RestCtx) => {
    const w = stock.warehouses.find((x) => x.warehouseId === ctx.id('warehouseId'));
    if (!w) throw notFound('Warehouse');
    return w;
  };

  r.get('/rest/stockmanagement/warehouses', () => stock.warehouses.map(renderWarehouse));
  r.get('/rest/stockmanagement/warehouses/{warehouseId}', (ctx) => renderWarehouse(warehouseOr404(ctx)));
  r.get('/rest/stockmanagement/stock', (ctx) => list(ctx));
  r.get('/rest/stockmanagement/warehouses/{warehouseId}/stock', (ctx) => list(ctx, warehouseOr404(ctx).warehouseId));

  r.put('/rest/stockmanagement/warehouses/{warehouseId}/stock/correction', async (ctx) => {
    const w = warehouseOr404(ctx);
    type Row = { variationId?: number; quantity?: number; storageLocationId?: number; reasonId?: number };
    const body = await ctx.body<Row & { corrections?: Row[] }>();
    const rows = Array.isArray(body.corrections) ? body.corrections : [body];
    const prefix = Array.isArray(body.corrections) ? (i: number) => `corrections.${i}.` : () => '';
    const val = new Validator();
    rows.forEach((row, i) => {
      if (val.required(`${prefix(i)}variationId`, row.variationId)) val.exists(`${prefix(i)}variationId`, stock.get(Number(row.variationId), w.warehouseId) !== undefined);
      if (val.required(`${prefix(i)}quantity`, row.quantity)) val.numeric(`${prefix(i)}quantity`, row.quantity);
      val.required(`${prefix(i)}reasonId`, row.reasonId);
    });
    val.throwIfAny();
    const out = rows.map((row) => renderStock(stock.correct(Number(row.variationId), w.warehouseId, Number(row.quantity))!));
    changed({ entity: 'stock', action: 'updated', ids: rows.map((x) => Number(x.variationId)), variationIds: rows.map((x) => Number(x.variationId)), warehouseIds: [w.warehouseId] });
    return out;
  });
}
