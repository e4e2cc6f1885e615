import { canonicalDecimal } from '../../config/ids.js';

/**
 * PlentyONE status ids are decimals ("5.7", 5.10 = 5.1) that arrive as numbers or strings. They are
 * compared as decimals, whole part first, then the fraction digit by digit: 5.10 equals 5.1 and lies
 * below 5.9, exactly as PlentyONE orders its statuses.
 */
export function statusKey(status: number | string): string {
  return canonicalDecimal(typeof status === 'number' ? String(status) : status.trim());
}

export function compareStatus(a: number | string, b: number | string): number {
  const [aWhole = '0', aFraction = ''] = statusKey(a).split('.');
  const [bWhole = '0', bFraction = ''] = statusKey(b).split('.');
  const whole = Number(aWhole) - Number(bWhole);
  if (whole !== 0) return Math.sign(whole);
  return aFraction === bFraction ? 0 : aFraction < bFraction ? -1 : 1;
}

/** The value a status map (keys are decimal strings as the merchant wrote them) holds for a status. */
export function lookupStatus<V>(map: Record<string, V>, status: number | string): V | undefined {
  const key = statusKey(status);
  for (const [k, v] of Object.entries(map)) if (statusKey(k) === key) return v;
  return undefined;
}
