/** The stock import's merged warehouse scans: grouping by variation, rows out of order, resumes, and a page read ahead that fails. */
import { describe, expect, it } from 'vitest';
import type { Page, StockEntry } from '../../src/connectors/plenty/index.js';
import { mergeWarehouseScans } from '../../src/profiles/types/plenty_stock_import/merge-scan.js';
import type { StockChunk } from '../../src/profiles/types/plenty_stock_import/source-items.js';
import { sleep } from '../queue/helpers.js';

const entry = (variationId: number, warehouseId: number) => ({ variationId, warehouseId, stockNet: 1 }) as StockEntry;
/** A chunk as [variation id, quantity per warehouse scan…] per variation (NaN: no row in that warehouse). */
const rowsOf = (chunk: StockChunk) => chunk.ids.map((id, i) => [id, ...chunk.quantities.slice(i * chunk.width, (i + 1) * chunk.width)]);

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
      expect(rowsOf(first.value as StockChunk)).toEqual([[1, 1, 1]]);
      // The run writes the first chunk meanwhile; warehouse 2's next page has already failed.
      await sleep(20);
      await expect(scan.chunks.next()).rejects.toThrow('PlentyONE answered 503');
      await sleep(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  /** Pages of [variation id, quantity] rows per warehouse, as PlentyONE would answer them. */
  const scanOf = (pages: Record<number, [number, number][][]>) => async function* open(warehouseId: number, startPage: number): AsyncGenerator<Page<StockEntry>, void, undefined> {
    const list = pages[warehouseId] ?? [];
    for (let i = startPage - 1; i < list.length; i++) {
      yield { page: i + 1, entries: list[i]!.map(([variationId, stockNet]) => ({ variationId, warehouseId, stockNet }) as StockEntry), totalsCount: undefined, isLastPage: i === list.length - 1 };
    }
  };
  const all = async (scan: ReturnType<typeof mergeWarehouseScans>) => {
    const chunks = [];
    for await (const chunk of scan.chunks) chunks.push(rowsOf(chunk));
    return chunks;
  };

  it('hands on each variation once with the rows of every warehouse, in chunks, in id order', async () => {
    const scan = mergeWarehouseScans({
      warehouseIds: [1, 2], chunkSize: 2, quantityOf: (e) => e.stockNet,
      open: scanOf({ 1: [[[10, 1], [11, 2]], [[13, 3]]], 2: [[[10, 5], [12, 6]], [[13, 7], [14, 8]]] }),
    });
    expect(await all(scan)).toEqual([
      [[10, 1, 5], [11, 2, NaN]],
      [[12, NaN, 6], [13, 3, 7]],
      [[14, NaN, 8]],
    ]);
    expect(scan.late.size).toBe(0);
  });

  it('puts a page out of id order in order; a row of a variation still held joins it, one of a variation handed on is late', async () => {
    const scan = mergeWarehouseScans({
      warehouseIds: [1, 2], chunkSize: 2, quantityOf: (e) => e.stockNet,
      open: scanOf({
        // Page 1 of warehouse 1 out of order; its page 2 repeats 20 (handed on by then) and 23 (held).
        1: [[[22, 2], [20, 1], [23, 3]], [[20, 9], [23, 4], [24, 5]]],
        2: [[[20, 6], [21, 7]], [[22, 8], [24, 9]]],
      }),
    });
    const chunks = await all(scan);
    expect(chunks.flat().map(([id]) => id)).toEqual([20, 21, 22, 23, 24]);
    // The later row of a warehouse replaces the earlier one.
    expect(chunks.flat().find(([id]) => id === 23)).toEqual([23, 4, NaN]);
    expect([...scan.late]).toEqual([20]);
  });

  it('resumes after a variation id at the pages it names, with nothing at or below it', async () => {
    const pages = { 1: [[[1, 1], [2, 1]], [[3, 1], [4, 1]], [[5, 1]]], 2: [[[1, 2]], [[4, 2], [6, 2]]] } satisfies Record<number, [number, number][][]>;
    const first = mergeWarehouseScans({ warehouseIds: [1, 2], chunkSize: 2, quantityOf: (e) => e.stockNet, open: scanOf(pages) });
    const [, second] = await all(first);
    expect(second!.map(([id]) => id)).toEqual([3, 4]);
    const restart = first.pagesFor(2);
    expect(restart).toEqual({ 1: 2, 2: 2 });
    const resumed = mergeWarehouseScans({
      warehouseIds: [1, 2], chunkSize: 10, quantityOf: (e) => e.stockNet, open: scanOf(pages), resume: { after: 3, pages: restart },
    });
    expect(await all(resumed)).toEqual([[[4, 1, 2], [5, 1, NaN], [6, NaN, 2]]]);
  });
});
