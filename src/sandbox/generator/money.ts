/** Cent-exact rounding for generated amounts. */
export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Net amount contained in a gross amount at `taxPercent`. */
export function netOf(gross: number, taxPercent: number): number {
  return round2(gross / (1 + taxPercent / 100));
}
