/** What collect hands to the runner: writes (changed source items of one SKU) and groups of skips. */
import type { SourceItemInput } from '../../../connectors/magento/index.js';

export interface Write {
  kind: 'write';
  /** Position in the scan (variation id, or index of an ids run): resume points are derived from it. */
  seq: number;
  variationId: number;
  sku: string;
  /** Only the source items whose values changed. */
  items: SourceItemInput[];
  /** Link aspect hashes to record once written. */
  hashes: Record<string, string>;
  /** Magento's "Manage Stock" of the SKU as last asked (skipUnmanaged); set by the process stage when it asks. */
  managed?: 'yes' | 'no' | undefined;
}

/** A record that needs no write; already in the shape of the runner's outcome, so it is handed on as is. */
export interface Skip {
  seq: number;
  key: string;
  result: 'skipped';
  reason: string;
}

/**
 * A group of records that need no write: `entries` named one by one, and `unchanged` variations of a
 * scan that are only counted (the process stage answers them as one counted outcome, see Outcome).
 */
export interface SkipGroup {
  kind: 'skip';
  entries: Skip[];
  unchanged: number;
}

export type StockRaw = Write | SkipGroup;

export const UNCHANGED = 'Stock unchanged since the last import.';
/** The reason of a scan's counted unchanged variations (said once per run). */
export const UNCHANGED_COUNTED = 'Stock unchanged since the last import: not written again (counted as skipped, not listed one by one).';

/** Link aspect remembering Magento's "Manage Stock" of a SKU (not `stock:`-prefixed: those are sources). */
export const MANAGED_ASPECT = 'magento:manage_stock';

export const notInMagento = (sku: string) => `SKU ${sku} is not in Magento: its PlentyONE stock was not imported.`;

export const unmanagedReason = (sku: string) =>
  `Magento does not manage the stock of ${sku} ("Manage Stock" is No): skipped (skipUnmanaged).`;
