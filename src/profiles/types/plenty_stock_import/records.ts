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
}

export interface Skip {
  seq: number;
  key: string;
  reason: string;
}

export type StockRaw = Write | { kind: 'skip'; entries: Skip[] };

export const UNCHANGED = 'Stock unchanged since the last import.';
