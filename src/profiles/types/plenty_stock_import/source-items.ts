/**
 * From stock rows of one variation to MSI source items, and the hash of each (one link aspect per
 * source, so a delta that saw one warehouse can still tell what changed).
 */
import type { SourceItemInput } from '../../../connectors/magento/index.js';
import type { Feeds } from './feeds.js';

/** Quantity per warehouse of one variation (only the warehouses seen). */
export interface VariationStock {
  variationId: number;
  /**
   * Warehouse id, quantity, warehouse id, quantity, …: a variation has a row or two, and a scan holds
   * one of these per variation (a Map each cost a full reconciliation measurable allocation and GC).
   */
  rows: number[];
}

/** Sets a warehouse's quantity (a repeated row of the same warehouse replaces the earlier one). */
export function setRow(stock: VariationStock, warehouseId: number, quantity: number): void {
  const { rows } = stock;
  for (let i = 0; i < rows.length; i += 2) {
    if (rows[i] === warehouseId) {
      rows[i + 1] = quantity;
      return;
    }
  }
  rows.push(warehouseId, quantity);
}

/** A warehouse's quantity, undefined when the variation has no row there. */
export function rowOf(stock: VariationStock, warehouseId: number): number | undefined {
  const { rows } = stock;
  for (let i = 0; i < rows.length; i += 2) if (rows[i] === warehouseId) return rows[i + 1];
  return undefined;
}

export interface SourceValue {
  sourceCode: string;
  quantity: number;
  status: 0 | 1;
}

const aspects = new Map<string, string>();
/** The link aspect of a source (kept: a reconciliation asks it for every variation). */
export const aspectOf = (sourceCode: string): string => {
  let aspect = aspects.get(sourceCode);
  if (aspect === undefined) aspects.set(sourceCode, (aspect = `stock:${sourceCode}`));
  return aspect;
};
export const hashOf = (v: SourceValue) => `${v.quantity}|${v.status}`;

/**
 * The source values this variation's rows determine. `complete`: the rows are all the variation has
 * (full and ids runs), so a source with no row gets 0. Otherwise (delta rows) a source is computed only
 * when every warehouse feeding it was seen; `needsAllRows` says a source was seen only in part, so the
 * caller must read the variation's full stock.
 */
export function sourceValues(stock: VariationStock, feeds: Feeds, options: { complete: boolean; statusFromQuantity: boolean }): { values: SourceValue[]; needsAllRows: boolean } {
  const values: SourceValue[] = [];
  let needsAllRows = false;
  for (const [sourceCode, warehouses] of feeds.sources) {
    let seen = 0;
    // Summed in integer thousandths: stock quantities may be decimal, and 0.1 + 0.2 must not drift.
    let thousandths = 0;
    for (const w of warehouses) {
      const row = rowOf(stock, w);
      if (row === undefined) continue;
      seen++;
      thousandths += Math.round(row * 1000);
    }
    if (!options.complete && seen < warehouses.length) {
      if (seen > 0) needsAllRows = true;
      continue;
    }
    const quantity = thousandths / 1000;
    values.push({ sourceCode, quantity, status: !options.statusFromQuantity || quantity > 0 ? 1 : 0 });
  }
  return { values, needsAllRows };
}

/** The values whose hash differs from what the link says was last written. */
export function changedValues(values: readonly SourceValue[], written: Readonly<Record<string, string>> | null | undefined): SourceValue[] {
  return values.filter((v) => written?.[aspectOf(v.sourceCode)] !== hashOf(v));
}

export function toSourceItems(sku: string, values: readonly SourceValue[]): SourceItemInput[] {
  return values.map((v) => ({ sku, source_code: v.sourceCode, quantity: v.quantity, status: v.status }));
}
