/**
 * Streams the stock of several warehouses at once, one scan per warehouse (each page at the maximum
 * size), merged by variation id so a source summing several warehouses sees all rows of a variation
 * together. Each scan reads on its own, up to PAGES_AHEAD pages ahead of the merge, so the warehouses
 * are fetched concurrently and at the API's pace: a merge waiting for a database save or a chunk's
 * links does not hold the calls up.
 *
 * Neither PlentyONE nor its spec promises an order; both the sandbox and the real system answer rows
 * by ascending variation id. The merge relies on it only for grouping: each page is put in id order as
 * it arrives, and the scans are merged like sorted lists (the lowest id first, rows of one id from all
 * scans together), so a variation is made only once every scan has gone past its id. A row that arrives
 * after its variation was handed on (out of order) is reported in `late`, and the caller reads that
 * variation again on its own. Memory stays at about PAGES_AHEAD + 1 pages per warehouse plus one chunk.
 *
 * Nothing is made per variation: the complete variations wait as numbers in two flat arrays, and go
 * out as two arrays per chunk (StockChunk). (A variation object made at its first row lived through
 * several young-generation collections and was promoted, with the map that held it: a full
 * reconciliation ran ten full collections for them.)
 */
import type { Page, StockEntry } from '../../../connectors/plenty/index.js';
import { handledLater, readAhead } from '../../read-ahead.js';
import type { StockChunk } from './source-items.js';
import { indexOfId } from './id-search.js';

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
  chunks: AsyncGenerator<StockChunk, void, undefined>;
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
    let ordered = true;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      rows[2 * i] = entry.variationId;
      rows[2 * i + 1] = quantityOf(entry);
      if (i > 0 && entry.variationId < rows[2 * i - 2]!) ordered = false;
    }
    yield { page: page.page, isLastPage: page.isLastPage, rows: ordered ? rows : inIdOrder(rows) };
  }
}

/** A page's rows sorted by variation id (rows of one id keep their order: the later one wins). */
function inIdOrder(rows: number[]): number[] {
  const order = Array.from({ length: rows.length / 2 }, (_, i) => i).sort((a, b) => rows[2 * a]! - rows[2 * b]! || a - b);
  return order.flatMap((i) => [rows[2 * i]!, rows[2 * i + 1]!]);
}

interface Stream {
  warehouseId: number;
  /** This scan's warehouse slot in a variation's quantities (StockChunk). */
  slot: number;
  iterator: AsyncGenerator<CompactPage, void, undefined>;
  next: Promise<IteratorResult<CompactPage, void>> | undefined;
  /** Highest variation id seen; +Infinity once the scan ended. */
  lastSeen: number;
  /** Pages read, with their highest id, for restart points. */
  pages: { page: number; lastId: number }[];
  nextPage: number;
  /** Rows read and not merged yet, page by page (id, quantity, …), and the position in the first page. */
  queue: number[][];
  at: number;
}

export function mergeWarehouseScans(options: MergeOptions): MergeScan {
  const merge = new WarehouseMerge(options);
  return { chunks: merge.chunks(), late: merge.late, pagesFor: (upTo) => merge.pagesFor(upTo) };
}

/**
 * The merge's state and steps. A class rather than closures made per scan: its methods are the same
 * functions in every run, so the code V8 optimised for one run's merge stays valid for the next.
 */
class WarehouseMerge {
  readonly late = new Set<number>();
  private readonly after: number;
  private readonly streams: Stream[];
  /** A quantity per warehouse scan and variation, NaN where the scan has no row (see StockChunk). */
  private readonly width: number;
  /** The complete variations not handed on yet, in id order: their ids, and `width` quantities each. */
  private readonly pendingIds: number[] = [];
  private readonly pendingRows: number[] = [];
  private pending = 0;
  private handedOn: number;

  constructor(private readonly options: MergeOptions) {
    this.after = options.resume?.after ?? -Infinity;
    this.handedOn = this.after;
    this.streams = options.warehouseIds.map((warehouseId, index) => {
      const start = options.resume?.pages[String(warehouseId)] ?? 1;
      const iterator = readAhead(compacted(options.open(warehouseId, start), options.quantityOf), PAGES_AHEAD);
      return { warehouseId, slot: index, iterator, next: handledLater(iterator.next()), lastSeen: -Infinity, pages: [], nextPage: start, queue: [], at: 0 };
    });
    this.width = this.streams.length;
  }

  private async readFrom(stream: Stream): Promise<void> {
    const result = await stream.next!;
    if (result.done) {
      stream.lastSeen = Infinity;
      stream.next = undefined;
      return;
    }
    const page = result.value;
    // Read ahead at once: the next call is in flight while this page is merged.
    stream.next = page.isLastPage ? undefined : handledLater(stream.iterator.next());
    const { rows } = page;
    let top = stream.lastSeen;
    if (rows.length > 0 && rows[rows.length - 2]! > top) top = rows[rows.length - 2]!;
    stream.queue.push(rows);
    stream.pages.push({ page: page.page, lastId: top });
    stream.nextPage = page.page + 1;
    stream.lastSeen = page.isLastPage ? Infinity : top;
    if (page.isLastPage) {
      stream.next = undefined;
      await stream.iterator.return(undefined);
    }
  }

  /** The id of the stream's next unmerged row (rows at or below `after` skipped), Infinity when none. */
  private head(stream: Stream): number {
    for (;;) {
      const rows = stream.queue[0];
      if (rows === undefined) return Infinity;
      if (stream.at >= rows.length) {
        stream.queue.shift();
        stream.at = 0;
        continue;
      }
      const id = rows[stream.at]!;
      if (id > this.after) return id;
      stream.at += 2;
    }
  }

  /** Takes the stream's row at `at` into the pending variation at `index` (a later row of a scan replaces its earlier one). */
  private take(stream: Stream, index: number): void {
    const rows = stream.queue[0]!;
    this.pendingRows[index * this.width + stream.slot] = rows[stream.at + 1]!;
    stream.at += 2;
  }

  /** Moves the variations below the frontier (every scan has gone past them) to the pending ones. */
  private mergeBelow(frontier: number): void {
    const { streams, pendingIds, pendingRows, width } = this;
    for (;;) {
      let id = Infinity;
      for (const s of streams) id = Math.min(id, this.head(s));
      if (!(id < frontier)) return;
      if (id <= this.handedOn) {
        this.late.add(id);
        for (const s of streams) while (this.head(s) === id) s.at += 2;
        continue;
      }
      // Only a scan out of order gives an id below the last pending one: it joins that variation.
      let index = this.pending > 0 && id <= pendingIds[this.pending - 1]! ? indexOfId(pendingIds, id, this.pending) : -1;
      if (index < 0) {
        index = this.pending++;
        pendingIds[index] = id;
        for (let k = 0; k < width; k++) pendingRows[index * width + k] = NaN;
      }
      for (const s of streams) while (this.head(s) === id) this.take(s, index);
    }
  }

  async *chunks(): AsyncGenerator<StockChunk, void, undefined> {
    const { streams } = this;
    try {
      for (;;) {
        const open = streams.filter((s) => s.next !== undefined);
        if (open.length === 0) break;
        // The scan furthest behind decides what is complete, so it is read first.
        const behind = open.reduce((a, b) => (b.lastSeen < a.lastSeen ? b : a));
        await this.readFrom(behind);
        const frontier = Math.min(...streams.map((s) => (s.next === undefined ? Infinity : s.lastSeen)));
        yield* this.ready(frontier, false);
      }
      yield* this.ready(Infinity, true);
    } finally {
      await Promise.all(streams.map((s) => s.iterator.return(undefined)));
    }
  }

  /** Hands on the complete variations, a chunk at a time; with `final`, the rest too. */
  private *ready(frontier: number, final: boolean): Generator<StockChunk> {
    this.mergeBelow(frontier);
    const { pendingIds, pendingRows, width } = this;
    const { chunkSize } = this.options;
    let start = 0;
    while (this.pending - start >= chunkSize || (final && start < this.pending)) {
      const size = Math.min(chunkSize, this.pending - start);
      const chunk: StockChunk = { ids: pendingIds.slice(start, start + size), quantities: pendingRows.slice(start * width, (start + size) * width), width };
      start += size;
      this.handedOn = chunk.ids[size - 1]!;
      yield chunk;
    }
    // The rest moves to the front (the arrays keep their room: nothing is allocated per chunk).
    if (start > 0) {
      for (let p = start; p < this.pending; p++) {
        pendingIds[p - start] = pendingIds[p]!;
        for (let k = 0; k < width; k++) pendingRows[(p - start) * width + k] = pendingRows[p * width + k]!;
      }
      this.pending -= start;
    }
  }

  pagesFor(upTo: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.streams) {
      const first = s.pages.find((p) => p.lastId > upTo);
      out[String(s.warehouseId)] = first?.page ?? s.nextPage;
      // Pages wholly at or below the restart point are never needed again.
      while (s.pages.length > 1 && s.pages[0]!.lastId <= upTo) s.pages.shift();
    }
    return out;
  }
}
