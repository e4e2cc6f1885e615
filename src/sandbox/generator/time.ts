/** Generated timestamps sit in the 30 days before a fixed epoch derived from the seed. */
import { hash3 } from './prng.js';

const DAY_MS = 86_400_000;
export const HISTORY_WINDOW_MS = 30 * DAY_MS;

/** Midnight UTC of a day in 2025 chosen by the seed. */
export function epochForSeed(seed: number): number {
  return Date.UTC(2025, 0, 1) + (hash3(seed, 'epoch', 0) % 365) * DAY_MS;
}

/** Magento's timestamp format: "YYYY-MM-DD HH:mm:ss" in UTC. */
export function toMagentoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** PlentyONE's timestamp format: ISO 8601 with an explicit offset, "2025-03-01T10:00:00+00:00". */
export function toPlentyDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '+00:00';
}
