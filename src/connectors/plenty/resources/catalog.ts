/** Variations, stock and warehouses. */
import { z } from 'zod';
import { PAGES_ASKED_AHEAD, scan } from '../paging.js';
import type { PageOptions, Scan } from '../paging.js';
import { stockEntrySchema, warehouseSchema } from '../schemas/stock.js';
import type { StockEntry, Warehouse } from '../schemas/stock.js';
import { variationSchema } from '../schemas/variations.js';
import type { Variation } from '../schemas/variations.js';
import { envelopeOf } from '../schemas/common.js';
import type { PlentyTransport } from '../transport.js';
import { between, w3c } from './time.js';
import type { Timestamp } from './time.js';

export interface StockQuery extends PageOptions {
  updatedAtFrom?: Timestamp;
  updatedAtTo?: Timestamp;
  variationId?: number;
  /** Served by `/rest/stockmanagement/warehouses/{warehouseId}/stock`. */
  warehouseId?: number;
}

export interface VariationQuery extends PageOptions {
  updatedBetween?: { from: Timestamp; to?: Timestamp };
  relatedUpdatedBetween?: { from: Timestamp; to?: Timestamp };
  /** Relations to include, e.g. `variationSalesPrices`, `variationBarcodes`. */
  with?: string[];
  isActive?: boolean;
  itemId?: number;
  lang?: string;
}

/** Lookups by SKU go out this many at a time (each is one call). */
const LOOKUP_CONCURRENCY = 4;

export function catalogCalls(t: PlentyTransport) {
  const byNumber = async (sku: string, signal?: AbortSignal): Promise<Variation | undefined> => {
    const answer = await t.request('GET', '/rest/items/variations', {
      query: { numberExact: sku, itemsPerPage: 1 },
      schema: envelopeOf(variationSchema),
      signal,
    });
    // numberExact is exact on PlentyONE; the check guards against a system that treats it loosely.
    return answer.entries.find((v) => v.number === sku);
  };

  return {
    warehouses: (signal?: AbortSignal): Promise<Warehouse[]> =>
      t.request('GET', '/rest/stockmanagement/warehouses', { schema: z.array(warehouseSchema), signal }),

    stock(q: StockQuery = {}): Scan<StockEntry> {
      const query = {
        updatedAtFrom: q.updatedAtFrom === undefined ? undefined : w3c(q.updatedAtFrom),
        updatedAtTo: q.updatedAtTo === undefined ? undefined : w3c(q.updatedAtTo),
        variationId: q.variationId,
      };
      if (q.warehouseId !== undefined) {
        return scan(t, '/rest/stockmanagement/warehouses/{warehouseId}/stock', stockEntrySchema, { ...q, query, path: { warehouseId: q.warehouseId }, pagesAhead: PAGES_ASKED_AHEAD });
      }
      return scan(t, '/rest/stockmanagement/stock', stockEntrySchema, { ...q, query, pagesAhead: PAGES_ASKED_AHEAD });
    },

    variations(q: VariationQuery = {}): Scan<Variation> {
      return scan(t, '/rest/items/variations', variationSchema, {
        ...q,
        query: {
          updatedBetween: q.updatedBetween && between(q.updatedBetween),
          relatedUpdatedBetween: q.relatedUpdatedBetween && between(q.relatedUpdatedBetween),
          with: q.with,
          isActive: q.isActive,
          itemId: q.itemId,
          lang: q.lang,
        },
      });
    },

    variationByNumber: byNumber,

    /** One `numberExact` lookup per SKU (a few at a time); SKUs PlentyONE does not know map to undefined. */
    async variationsByNumber(skus: Iterable<string>, signal?: AbortSignal): Promise<Map<string, Variation | undefined>> {
      const queue = [...new Set(skus)];
      const out = new Map<string, Variation | undefined>();
      const worker = async () => {
        for (let sku = queue.shift(); sku !== undefined; sku = queue.shift()) out.set(sku, await byNumber(sku, signal));
      };
      await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, queue.length) }, worker));
      return out;
    },
  };
}
