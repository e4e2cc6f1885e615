/**
 * Stock per (variation, warehouse): an overlay over generated stock. Every variation has one row per
 * warehouse, so unfiltered paging is arithmetic over (variation slot × warehouse); filtered paging
 * scans once per write version and keeps only packed row positions.
 */
import { variationIndexOfId } from '../../generator/ids.js';
import type { Warehouse } from '../../generator/types.js';
import type { ItemStore } from './items.js';

export interface StockRow {
  itemId: number;
  variationId: number;
  warehouseId: number;
  stockPhysical: number;
  reservedStock: number;
  reservedEbay: number;
  reorderDelta: number;
  stockNet: number;
  reordered: number;
  warehousePriority: number;
  reservedBundle: number;
  averagePurchasePrice: number;
  updatedAtMs: number;
}

export interface StockQuery {
  variationId?: number;
  warehouseId?: number;
  updatedFrom?: number;
  updatedTo?: number;
}

export class StockStore {
  private readonly rows = new Map<string, StockRow>();
  private version = 0;
  private cache: { key: string; version: string; positions: Float64Array } | undefined;

  constructor(
    private readonly items: ItemStore,
    readonly warehouses: readonly Warehouse[],
    private readonly now: () => number,
  ) {}

  get(variationId: number, warehouseId: number): StockRow | undefined {
    const own = this.rows.get(`${variationId}:${warehouseId}`);
    if (own) return own;
    const wh = this.warehouses.find((w) => w.warehouseId === warehouseId);
    if (!wh || !this.items.exists(variationId)) return undefined;
    const idx = variationIndexOfId(variationId);
    if (idx !== undefined && idx < this.items.catalog.variationCount) {
      // Generated stock is computed straight from the catalog (no variation record needed).
      const g = this.items.catalog.stock(idx, warehouseId);
      return { ...blank(g.itemId, variationId, wh), stockPhysical: g.stockPhysical, reservedStock: g.reservedStock, stockNet: g.stockNet, reorderDelta: g.reorderDelta, updatedAtMs: g.updatedAt };
    }
    const v = this.items.variation(variationId)!;
    return { ...blank(v.itemId, variationId, wh), updatedAtMs: v.createdAtMs };
  }

  /** Set the physical stock (a correction books the difference); returns the new row. */
  correct(variationId: number, warehouseId: number, quantity: number): StockRow | undefined {
    const row = this.get(variationId, warehouseId);
    if (!row) return undefined;
    const next: StockRow = { ...row, stockPhysical: quantity, stockNet: quantity - row.reservedStock, updatedAtMs: this.now() };
    this.rows.set(`${variationId}:${warehouseId}`, next);
    this.version += 1;
    return next;
  }

  /** Add (or remove, with a negative delta) physical stock, as warehouse activity does. */
  change(variationId: number, warehouseId: number, delta: number): StockRow | undefined {
    const row = this.get(variationId, warehouseId);
    return row ? this.correct(variationId, warehouseId, row.stockPhysical + delta) : undefined;
  }

  /** Rows matching `q`, as a count and a positional accessor (for paging). */
  query(q: StockQuery): { count: number; rowAt: (n: number) => StockRow } {
    const whs = q.warehouseId === undefined ? this.warehouses : this.warehouses.filter((w) => w.warehouseId === q.warehouseId);
    const W = whs.length;
    if (q.variationId !== undefined) {
      const rows = whs.map((w) => this.get(q.variationId!, w.warehouseId)).filter((r): r is StockRow => r !== undefined && inTime(r, q));
      return { count: rows.length, rowAt: (n) => rows[n] as StockRow };
    }
    const at = (pos: number): StockRow | undefined => {
      const slot = Math.floor(pos / W);
      const w = whs[pos % W] as Warehouse;
      return this.get(this.items.variationIdAt(slot), w.warehouseId);
    };
    const total = this.items.variationSlots * W;
    const noDeletes = this.items.counts.deletedVariations === 0;
    if (q.updatedFrom === undefined && q.updatedTo === undefined && noDeletes) {
      return { count: total, rowAt: (n) => at(n) as StockRow };
    }
    const key = `${q.warehouseId ?? '*'}|${q.updatedFrom ?? ''}|${q.updatedTo ?? ''}`;
    const version = `${this.version}:${this.items.version}`;
    if (!this.cache || this.cache.key !== key || this.cache.version !== version) {
      let buf = new Float64Array(1024);
      let n = 0;
      for (let pos = 0; pos < total; pos++) {
        const r = at(pos);
        if (!r || !inTime(r, q)) continue;
        if (n === buf.length) {
          const bigger = new Float64Array(buf.length * 2);
          bigger.set(buf);
          buf = bigger;
        }
        buf[n++] = pos;
      }
      this.cache = { key, version, positions: buf.slice(0, n) };
    }
    const positions = this.cache.positions;
    return { count: positions.length, rowAt: (n) => at(positions[n] as number) as StockRow };
  }

  get writtenRows(): number {
    return this.rows.size;
  }
}

function blank(itemId: number, variationId: number, wh: Warehouse): StockRow {
  return {
    itemId,
    variationId,
    warehouseId: wh.warehouseId,
    stockPhysical: 0,
    reservedStock: 0,
    reservedEbay: 0,
    reorderDelta: 0,
    stockNet: 0,
    reordered: 0,
    warehousePriority: wh.priority,
    reservedBundle: 0,
    averagePurchasePrice: 0,
    updatedAtMs: 0,
  };
}

function inTime(r: StockRow, q: StockQuery): boolean {
  if (q.updatedFrom !== undefined && r.updatedAtMs < q.updatedFrom) return false;
  if (q.updatedTo !== undefined && r.updatedAtMs > q.updatedTo) return false;
  return true;
}

