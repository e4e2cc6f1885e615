/**
 * From stock rows of one variation to MSI source items, and the hash of each (one link aspect per
 * source, so a delta that saw one warehouse can still tell what changed).
 */
import type { SourceItemInput } from '../../../connectors/magento/index.js';
import type { Feeds } from './feeds.js';

/**
 * The stock of a run of variations, by column: their ids, and per variation one quantity per warehouse
 * slot (the run's fed warehouses, in `slotsOf`'s order), NaN where the variation has no row in that
 * warehouse. A scan hands on a thousand variations as two arrays rather than a thousand objects with an
 * array each: they were a full reconciliation's largest share of allocations, and of what its
 * young-generation collections had to copy.
 */
export interface StockChunk {
  ids: number[];
  /** `width` numbers per variation. */
  quantities: number[];
  width: number;
}

/** The fed warehouses in slot order (`StockChunk`), and per source the slots summed into it. */
export interface Slots {
  warehouseIds: number[];
  sources: { sourceCode: string; slots: number[] }[];
}

export function slotsOf(feeds: Feeds): Slots {
  const warehouseIds = [...feeds.byWarehouse.keys()];
  return {
    warehouseIds,
    sources: [...feeds.sources].map(([sourceCode, warehouses]) => ({ sourceCode, slots: warehouses.map((w) => warehouseIds.indexOf(w)) })),
  };
}

/** A chunk of these variations with no rows yet. */
export const emptyChunk = (ids: number[], width: number): StockChunk => ({ ids, quantities: new Array<number>(ids.length * width).fill(NaN), width });

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
 * A source's quantity from the i-th variation's rows of the warehouses feeding it (`slots`), summed in
 * integer thousandths (stock quantities may be decimal, and 0.1 + 0.2 must not drift). With `complete`
 * (the rows are all the variation has) a warehouse without a row counts 0. Otherwise undefined when no
 * feeding warehouse has a row (the source is not computed), null when only some have (the caller must
 * read the variation's full stock).
 */
export function sourceQuantity(chunk: StockChunk, i: number, slots: readonly number[], complete: boolean): number | null | undefined {
  const { quantities } = chunk;
  const base = i * chunk.width;
  let seen = 0;
  let thousandths = 0;
  for (let k = 0; k < slots.length; k++) {
    const row = quantities[base + slots[k]!]!;
    if (Number.isNaN(row)) continue;
    seen++;
    thousandths += Math.round(row * 1000);
  }
  if (!complete && seen < slots.length) return seen > 0 ? null : undefined;
  return thousandths / 1000;
}

/**
 * The source values the i-th variation's rows determine. `complete`: the rows are all the variation
 * has (full and ids runs), so a source with no row gets 0. Otherwise (delta rows) a source is computed
 * only when every warehouse feeding it was seen; `needsAllRows` says a source was seen only in part, so
 * the caller must read the variation's full stock.
 */
export function sourceValues(chunk: StockChunk, i: number, slots: Slots, options: { complete: boolean; statusFromQuantity: boolean }): { values: SourceValue[]; needsAllRows: boolean } {
  const values: SourceValue[] = [];
  let needsAllRows = false;
  for (const { sourceCode, slots: feeding } of slots.sources) {
    const quantity = sourceQuantity(chunk, i, feeding, options.complete);
    if (quantity === null) needsAllRows = true;
    if (quantity === null || quantity === undefined) continue;
    values.push({ sourceCode, quantity, status: statusOf(quantity, options.statusFromQuantity) });
  }
  return { values, needsAllRows };
}

export function toSourceItems(sku: string, values: readonly SourceValue[]): SourceItemInput[] {
  return values.map((v) => ({ sku, source_code: v.sourceCode, quantity: v.quantity, status: v.status }));
}
