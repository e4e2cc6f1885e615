/**
 * Streams the stock of several warehouses at once, one scan per warehouse (each page at the maximum
 * size), merged by variation id so a source summing several warehouses sees all rows of a variation
 * together. Each scan reads on its own, up to PAGES_AHEAD pages ahead of the merge, so the warehouses
 * are fetched concurrently and at the API's pace: a merge waiting for a database save or a chunk's
 * links does not hold the calls up.
 *
 * Neither PlentyONE nor its spec promises an order; both the sandbox and the real system answer rows
 * by ascending variation id. The merge relies on it only for grouping: a row that arrives after its
 * variation was handed on (out of order) is reported in `late`, and the caller reads that variation
 * again on its own. Memory stays at about PAGES_AHEAD + 1 pages per warehouse plus one chunk.
 */
import type { Page, StockEntry } from '../../../connectors/plenty/index.js';
import { handledLater, readAhead } from '../../read-ahead.js';
import type { VariationStock } from './source-items.js';

/** Pages read ahead per warehouse (250 rows each: well under a megabyte for two warehouses). */
export const PAGES_AHEAD = 4;

export type OpenScan = (warehouseId: number, startPage: number) => AsyncGenerator<Page<StockEntry>, void, undefined>;

export interface MergeOptions {
  warehouseIds: readonly number[];
  open: OpenScan;
  quantityOf: (entry: StockEntry) => number;
  /** Complete variations handed on per chunk (the last one may be smaller). */
  chunkSize: number;
  /** Resume: pages to start at per warehouse, and skip variations up to this id. */
  resume?: { after: number; pages: Record<string, number> } | undefined;
}

export interface MergeScan {
  chunks: AsyncGenerator<VariationStock[], void, undefined>;
  /** Variation ids whose rows came out of order after they were handed on. */
  late: Set<number>;
  /** Where each warehouse scan must restart so that no variation above `after` is missed. */
  pagesFor(after: number): Record<string, number>;
}

/**
 * A page as the merge needs it: variation id and quantity per row, interleaved. Made as soon as the
 * page arrives, before it waits in the read-ahead: the answer's row objects then die young, instead of
 * surviving garbage collections while they wait (a full reconciliation spent more time in GC than in
 * its own code).
 */
interface CompactPage {
  page: number;
  isLastPage: boolean;
  rows: number[];
}

async function* compacted(pages: AsyncGenerator<Page<StockEntry>, void, undefined>, quantityOf: (entry: StockEntry) => number): AsyncGenerator<CompactPage, void, undefined> {
  for await (const page of pages) {
    const { entries } = page;
    // A plain array, not a typed one: typed arrays of this size keep their bytes outside the heap, and
    // V8 answers external memory growing with full collections. Made at its size (pushes would copy it
    // as it grows).
    const rows = new Array<number>(entries.length * 2);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      rows[2 * i] = entry.variationId;
      rows[2 * i + 1] = quantityOf(entry);
    }
    yield { page: page.page, isLastPage: page.isLastPage, rows };
  }
}

interface Stream {
  warehouseId: number;
  /** Where this scan's row goes in a held variation's rows. */
  slot: number;
  iterator: AsyncGenerator<CompactPage, void, undefined>;
  next: Promise<IteratorResult<CompactPage, void>> | undefined;
  /** Highest variation id seen; +Infinity once the scan ended. */
  lastSeen: number;
  /** Pages read, with their highest id, for restart points. */
  pages: { page: number; lastId: number }[];
  nextPage: number;
}

export function mergeWarehouseScans(options: MergeOptions): MergeScan {
  const after = options.resume?.after ?? -Infinity;
  const late = new Set<number>();
  const streams: Stream[] = options.warehouseIds.map((warehouseId, index) => {
    const start = options.resume?.pages[String(warehouseId)] ?? 1;
    const iterator = readAhead(compacted(options.open(warehouseId, start), options.quantityOf), PAGES_AHEAD);
    return { warehouseId, slot: 2 * index, iterator, next: handledLater(iterator.next()), lastSeen: -Infinity, pages: [], nextPage: start };
  });
  const held = new Map<number, VariationStock>();
  // A held variation's rows have a slot per warehouse scan, its id NaN until a row comes (see
  // VariationStock): one array of the final size per variation, copied from this one.
  const noRows: number[] = [];
  for (let i = 0; i < streams.length; i++) noRows.push(NaN, 0);
  let handedOn = after;

  async function readFrom(stream: Stream): Promise<void> {
    const result = await stream.next!;
    if (result.done) {
      stream.lastSeen = Infinity;
      stream.next = undefined;
      return;
    }
    const page = result.value;
    // Read ahead at once: the next call is in flight while this page is merged.
    stream.next = page.isLastPage ? undefined : handledLater(stream.iterator.next());
    let top = stream.lastSeen;
    const { rows } = page;
    for (let i = 0; i < rows.length; i += 2) {
      const id = rows[i]!;
      if (id <= after) continue;
      if (id <= handedOn) {
        late.add(id);
        continue;
      }
      let stock = held.get(id);
      if (!stock) held.set(id, (stock = { variationId: id, rows: noRows.slice() }));
      // A repeated row of the same warehouse replaces the earlier one.
      stock.rows[stream.slot] = stream.warehouseId;
      stock.rows[stream.slot + 1] = rows[i + 1]!;
      if (id > top) top = id;
    }
    stream.pages.push({ page: page.page, lastId: top });
    stream.nextPage = page.page + 1;
    stream.lastSeen = page.isLastPage ? Infinity : top;
    if (page.isLastPage) {
      stream.next = undefined;
      await stream.iterator.return(undefined);
    }
  }

  async function* chunks(): AsyncGenerator<VariationStock[], void, undefined> {
    try {
      for (;;) {
        const open = streams.filter((s) => s.next !== undefined);
        if (open.length === 0) break;
        // The scan furthest behind decides what is complete, so it is read first.
        const behind = open.reduce((a, b) => (b.lastSeen < a.lastSeen ? b : a));
        await readFrom(behind);
        const frontier = Math.min(...streams.map((s) => (s.next === undefined ? Infinity : s.lastSeen)));
        yield* ready(frontier, false);
      }
      yield* ready(Infinity, true);
    } finally {
      await Promise.all(streams.map((s) => s.iterator.return(undefined)));
    }
  }

  /** Variations below the frontier are complete: every scan has gone past them. */
  function* ready(frontier: number, final: boolean): Generator<VariationStock[]> {
    // Fewer complete than a chunk: nothing to hand on yet (counted first: spares a copy and a sort of
    // the held ids per page).
    if (!final) {
      if (held.size < options.chunkSize) return;
      // Complete ids are whole numbers above the last one handed on and below the frontier: when there
      // is no room for a chunk of them, there is no need to count (a count walks the whole map).
      if (frontier - handedOn - 1 < options.chunkSize) return;
      let complete = 0;
      for (const id of held.keys()) if (id < frontier) complete++;
      if (complete < options.chunkSize) return;
    }
    const ids = [...held.keys()].filter((id) => id < frontier).sort((a, b) => a - b);
    let start = 0;
    while (ids.length - start >= options.chunkSize || (final && start < ids.length)) {
      const slice = ids.slice(start, start + options.chunkSize);
      start += slice.length;
      const chunk = slice.map((variationId) => held.get(variationId)!);
      for (const id of slice) held.delete(id);
      handedOn = Math.max(handedOn, slice[slice.length - 1]!);
      yield chunk;
    }
  }

  return {
    chunks: chunks(),
    late,
    pagesFor(upTo) {
      const out: Record<string, number> = {};
      for (const s of streams) {
        const first = s.pages.find((p) => p.lastId > upTo);
        out[String(s.warehouseId)] = first?.page ?? s.nextPage;
        // Pages wholly at or below the restart point are never needed again.
        while (s.pages.length > 1 && s.pages[0]!.lastId <= upTo) s.pages.shift();
      }
      return out;
    },
  };
}

