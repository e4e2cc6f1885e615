/**
 * Writes a batch collects from all its records and sends through PlentyONE's bulk routes (at most
 * 50 rows a call): sales prices and category links. The link state learns of them only once they
 * went out.
 */
import { z } from 'zod';
import type { PlentyClient, PriceRow } from '../../../connectors/plenty/index.js';
import { BULK_LIMIT } from '../../../connectors/plenty/resources/items.js';

export interface CategoryLinkRow { variationId: number; categoryId: number; position: number }

export interface BulkWrites {
  createPrices: PriceRow[];
  updatePrices: PriceRow[];
  categoryLinks: CategoryLinkRow[];
  /** Applied to the variations' link state once the bulk writes succeeded. */
  after: (() => void)[];
}

export const newBulkWrites = (): BulkWrites => ({ createPrices: [], updatePrices: [], categoryLinks: [], after: [] });

export async function sendBulkWrites(plenty: PlentyClient, bulk: BulkWrites, signal: AbortSignal): Promise<void> {
  await plenty.items.savePrices('create', bulk.createPrices, signal);
  await plenty.items.savePrices('update', bulk.updatePrices, signal);
  for (let i = 0; i < bulk.categoryLinks.length; i += BULK_LIMIT) {
    await plenty.request('POST', '/rest/items/variations/variation_categories', { body: bulk.categoryLinks.slice(i, i + BULK_LIMIT), schema: z.unknown(), signal });
  }
  for (const done of bulk.after) done();
}
