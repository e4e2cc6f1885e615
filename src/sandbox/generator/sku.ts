/**
 * SKUs are invertible so a sandbox can find a record by SKU in O(1):
 * variation i ↔ `PG-0000042`, configurable parent of item k ↔ `PGC-0000042`.
 * Numbers are zero-padded to 7 digits and simply grow beyond that.
 */
export const VARIATION_SKU_PREFIX = 'PG-';
export const CONFIGURABLE_SKU_PREFIX = 'PGC-';
const PAD = 7;

export function variationSku(index: number): string {
  return VARIATION_SKU_PREFIX + String(index).padStart(PAD, '0');
}

export function configurableSku(itemIndex: number): string {
  return CONFIGURABLE_SKU_PREFIX + String(itemIndex).padStart(PAD, '0');
}

function parseNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  // Reject non-canonical forms ("PG-42", "PG-00000042") so sku → index → sku round-trips.
  if (text.length < PAD || (text.length > PAD && text.startsWith('0'))) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Variation index of a generated variation SKU, or undefined if `sku` is not one. */
export function parseVariationSku(sku: string): number | undefined {
  return sku.startsWith(VARIATION_SKU_PREFIX) ? parseNumber(sku.slice(VARIATION_SKU_PREFIX.length)) : undefined;
}

/** Item index of a generated configurable parent SKU, or undefined if `sku` is not one. */
export function parseConfigurableSku(sku: string): number | undefined {
  return sku.startsWith(CONFIGURABLE_SKU_PREFIX) ? parseNumber(sku.slice(CONFIGURABLE_SKU_PREFIX.length)) : undefined;
}
