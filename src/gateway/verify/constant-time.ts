import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both sides are hashed first so that inputs of different
 * lengths take the same time and `timingSafeEqual` (which needs equal lengths) never throws.
 */
export function secretsEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** True when `given` equals any of `expected`; every candidate is compared, so timing reveals no index. */
export function matchesAny(given: string, expected: readonly string[]): boolean {
  let found = false;
  for (const candidate of expected) found = secretsEqual(given, candidate) || found;
  return found;
}
