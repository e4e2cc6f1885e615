/** The stock import's merged warehouse scans when a page read ahead fails. */
import { describe, expect, it } from 'vitest';
import type { Page, StockEntry } from '../../src/connectors/plenty/index.js';
import { mergeWarehouseScans } from '../../src/profiles/types/plenty_stock_import/merge-scan.js';
import { sleep } from '../queue/helpers.js';

const entry = (variationId: number, warehouseId: number) => ({ variationId, warehouseId, stockNet: 1 }) as StockEntry;

describe('merged warehouse scans', () => {
  it('a page read ahead that fails while the run is busy fails the scan when reached, not the process', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const scan = mergeWarehouseScans({
        warehouseIds: [1, 2],
        chunkSize: 1,
        quantityOf: (e) => e.stockNet,
        async *open(warehouseId): AsyncGenerator<Page<StockEntry>, void, undefined> {
          yield { page: 1, entries: [entry(1, warehouseId), entry(2, warehouseId)], totalsCount: undefined, isLastPage: false };
          if (warehouseId === 2) throw new Error('PlentyONE answered 503');
          yield { page: 2, entries: [entry(3, warehouseId)], totalsCount: undefined, isLastPage: true };
        },
      });
      const first = await scan.chunks.next();
      expect(first.value).toEqual([{ variationId: 1, rows: [1, 1, 2, 1] }]);
      // The run writes the first chunk meanwhile; warehouse 2's next page has already failed.
      await sleep(20);
      await expect(scan.chunks.next()).rejects.toThrow('PlentyONE answered 503');
      await sleep(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
