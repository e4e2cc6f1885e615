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
  /** Bumped on every stock write (filters that depend on stock include it in their cache key). */
  version = 0;
  /** Few entries: at a million variations one list of row positions is ~12 MB. */
  private readonly generated = new Map<string, Uint32Array>();
  private cache: { key: string; version: string; positions: Uint32Array } | undefined;

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
      this.cache = { key, version, positions: this.merge(key, q, whs, at) };
    }
    const positions = this.cache.positions;
    return { count: positions.length, rowAt: (n) => at(positions[n] as number) as StockRow };
  }

  /**
   * Matching row positions: generated rows are scanned once per filter (they never change), then
   * written rows, rows of deleted variations and rows of created variations are re-checked.
   */
  private merge(key: string, q: StockQuery, whs: readonly Warehouse[], at: (pos: number) => StockRow | undefined): Uint32Array {
    const W = whs.length;
    const generatedSlots = this.items.catalog.variationCount;
    let base = this.generated.get(key);
    if (!base) {
      const found: number[] = [];
      for (let slot = 0; slot < generatedSlots; slot++) {
        for (let k = 0; k < W; k++) {
          const g = this.items.catalog.stock(slot, (whs[k] as Warehouse).warehouseId);
          if (inTime({ updatedAtMs: g.updatedAt } as StockRow, q)) found.push(slot * W + k);
        }
      }
      base = Uint32Array.from(found);
      if (this.generated.size >= 2) this.generated.delete(this.generated.keys().next().value as string);
      this.generated.set(key, base);
    }
    const touched = new Set<number>();
    for (const row of this.rows.values()) {
      const slot = this.items.slotOf(row.variationId);
      const k = whs.findIndex((w) => w.warehouseId === row.warehouseId);
      if (slot !== undefined && k >= 0) touched.add(slot * W + k);
    }
    for (let slot = generatedSlots; slot < this.items.variationSlots; slot++) for (let k = 0; k < W; k++) touched.add(slot * W + k);
    const anyDeleted = this.items.counts.deletedVariations > 0;
    const out = new Uint32Array(base.length + touched.size);
    let n = 0;
    for (let i = 0; i < base.length; i++) {
      const pos = base[i] as number;
      if (touched.has(pos)) continue;
      if (anyDeleted && this.items.isDeleted(this.items.variationIdAt(Math.floor(pos / W)))) continue;
      out[n++] = pos;
    }
    const extra: number[] = [];
    for (const pos of touched) {
      const r = at(pos);
      if (r && inTime(r, q)) extra.push(pos);
    }
    if (extra.length === 0) return out.slice(0, n);
    for (const pos of extra) out[n++] = pos;
    return out.slice(0, n).sort();
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

