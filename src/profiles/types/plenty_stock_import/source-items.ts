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
   * A warehouse id NaN marks a slot without a row (the merged scans keep a slot per warehouse).
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
  // A new array of the exact size rather than a push: a push grows an array of two to seventeen
  // elements, and a scan holds one of these per variation.
  stock.rows = rows.length === 0 ? [warehouseId, quantity] : [...rows, warehouseId, quantity];
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
export const hashText = (quantity: number, status: 0 | 1) => `${quantity}|${status}`;
export const hashOf = (v: SourceValue) => hashText(v.quantity, v.status);

const BAR = 124;
const ZERO = 48;

/** `written === hashText(quantity, status)` (see sameHashIn). */
export function sameHash(written: string | null | undefined, quantity: number, status: 0 | 1): boolean {
  return written !== null && written !== undefined && sameHashIn(written, 0, written.length, quantity, status);
}

/**
 * `text.slice(start, end) === hashText(quantity, status)`, read in place and without building the hash
 * text for a whole quantity of up to 15 digits (almost every quantity): a reconciliation compares a
 * hash per source of every variation.
 */
export function sameHashIn(text: string, start: number, end: number, quantity: number, status: 0 | 1): boolean {
  if (!(Number.isInteger(quantity) && quantity >= 0 && quantity < 1e15)) return text.slice(start, end) === hashText(quantity, status);
  const bar = end - 2;
  if (bar < start + 1 || text.charCodeAt(bar) !== BAR || text.charCodeAt(bar + 1) !== ZERO + status) return false;
  // The digits of the quantity, from the last one back to the first (no leading zeros: String's form).
  let rest = quantity;
  for (let i = bar - 1; i >= start; i--) {
    if (text.charCodeAt(i) !== ZERO + (rest % 10)) return false;
    rest = Math.floor(rest / 10);
    if (rest === 0) return i === start;
  }
  return false;
}
export const statusOf = (quantity: number, statusFromQuantity: boolean): 0 | 1 => (!statusFromQuantity || quantity > 0 ? 1 : 0);

/**
 * A source's quantity from the variation's rows of the warehouses feeding it, summed in integer
 * thousandths (stock quantities may be decimal, and 0.1 + 0.2 must not drift). With `complete` (the
 * rows are all the variation has) a warehouse without a row counts 0. Otherwise undefined when no
 * feeding warehouse has a row (the source is not computed), null when only some have (the caller must
 * read the variation's full stock).
 */
export function sourceQuantity(stock: VariationStock, warehouses: readonly number[], complete: boolean): number | null | undefined {
  let seen = 0;
  let thousandths = 0;
  for (const w of warehouses) {
    const row = rowOf(stock, w);
    if (row === undefined) continue;
    seen++;
    thousandths += Math.round(row * 1000);
  }
  if (!complete && seen < warehouses.length) return seen > 0 ? null : undefined;
  return thousandths / 1000;
}

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
    const quantity = sourceQuantity(stock, warehouses, options.complete);
    if (quantity === null) needsAllRows = true;
    if (quantity === null || quantity === undefined) continue;
    values.push({ sourceCode, quantity, status: statusOf(quantity, options.statusFromQuantity) });
  }
  return { values, needsAllRows };
}

export function toSourceItems(sku: string, values: readonly SourceValue[]): SourceItemInput[] {
  return values.map((v) => ({ sku, source_code: v.sourceCode, quantity: v.quantity, status: v.status }));
}
