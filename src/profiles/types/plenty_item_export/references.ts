/**
 * Checks, before a run writes anything, that the sales prices and barcode types the config names exist
 * in PlentyONE. A missing one is a config error (the run stops at once and is not retried), not a
 * failure of every product.
 */
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { NonRetryableError } from '../../../queue/errors.js';
import type { ItemExportConfig } from './config.js';

export async function checkReferences(config: ItemExportConfig, plenty: PlentyClient, signal: AbortSignal): Promise<void> {
  const problems: string[] = [];
  const priceIds: [string, number | undefined][] = [
    ['prices.regular', config.prices.regular], ['prices.special', config.prices.special], ['prices.tier', config.prices.tier],
    ...Object.entries(config.prices.customerGroups).map(([group, id]): [string, number] => [`prices.customerGroups.${group}`, id]),
  ];
  if (priceIds.some(([, id]) => id !== undefined)) {
    const known = new Set((await plenty.items.salesPrices(signal)).map((p) => p.id));
    for (const [at, id] of priceIds) {
      if (id !== undefined && !known.has(id)) problems.push(`${at}: PlentyONE has no sales price ${id}; pick one of ${[...known].join(', ') || 'none'}.`);
    }
  }
  if (config.barcodes.length) {
    const known = new Set((await plenty.items.barcodeTypes(signal)).map((b) => b.id));
    config.barcodes.forEach((row, i) => {
      if (!known.has(row.barcodeId)) problems.push(`barcodes.${i}.barcodeId: PlentyONE has no barcode type ${row.barcodeId}; pick one of ${[...known].join(', ') || 'none'}.`);
    });
  }
  if (problems.length) throw new NonRetryableError(`The profile's config is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}
