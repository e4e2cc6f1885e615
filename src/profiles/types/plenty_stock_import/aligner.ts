/**
 * Hands records to the runner so that every runner batch is either all writes or all skips. The runner
 * cuts batches every `batchSize` records and the process stage writes one batch at a time; if the 1 %
 * changed records of a reconciliation were spread over all batches, each would cost its own POST.
 * Held back here, they go out `batchSize` at a time, and the records that need no write go out as
 * `batchSize` groups (each carrying many keys), so batch boundaries always fall between the two kinds.
 * Only the end of the run mixes them.
 */
import type { Collected } from '../../profile-type.js';
import type { StockRaw, Skip, Write } from './records.js';

/**
 * Skipped keys gathered before they are handed on (bounds memory and the size of one runner batch): a
 * reconciliation of 100,000 unchanged variations is 20 runner batches (saves) of 200 records, not 50.
 */
const SKIP_POOL = 5000;

export class BatchAligner {
  private writes: Write[] = [];
  private skips: Skip[] = [];

  constructor(
    private readonly batchSize: number,
    /** Where a resumed run must start so that nothing not yet handed on is missed, given a position. */
    private readonly checkpointAt: (seq: number) => unknown,
    /** The position up to which everything has been collected (when nothing is held back). */
    private readonly collectedUpTo: () => number,
  ) {}

  addWrite(write: Write): void {
    this.writes.push(write);
  }

  addSkip(skip: Skip): void {
    this.skips.push(skip);
  }

  /** Full runner batches that can go out now; with `final`, everything. */
  *drain(final: boolean): Generator<Collected<StockRaw>> {
    for (;;) {
      if (this.writes.length >= this.batchSize) {
        yield* this.stamp(this.writes.splice(0, this.batchSize).map(toRecord));
      } else if (this.skips.length >= Math.max(SKIP_POOL, this.batchSize)) {
        yield* this.stamp(this.groupSkips(this.batchSize));
      } else break;
    }
    if (!final) return;
    const rest: Collected<StockRaw>[] = this.writes.splice(0).map(toRecord);
    if (this.skips.length > 0) rest.push(...this.groupSkips(1));
    yield* this.stamp(rest);
  }

  /**
   * All pending skips as exactly `groups` records (fewer only when there are fewer skips), each naming
   * its first key and reporting all of them: one record short, and every later runner batch would
   * straddle a write/skip boundary.
   */
  private groupSkips(groups: number): Collected<StockRaw>[] {
    const all = this.skips.splice(0);
    const count = Math.min(groups, all.length);
    const out: Collected<StockRaw>[] = [];
    for (let g = 0; g < count; g++) {
      const entries = all.slice(Math.floor((g * all.length) / count), Math.floor(((g + 1) * all.length) / count));
      out.push({ key: entries[0]!.key, raw: { kind: 'skip', entries } });
    }
    return out;
  }

  /** The last record of a hand-over carries the resume point: just before the oldest record still held. */
  private *stamp(records: Collected<StockRaw>[]): Generator<Collected<StockRaw>> {
    if (records.length === 0) return;
    const held = [this.writes[0]?.seq, this.skips[0]?.seq].filter((s): s is number => s !== undefined);
    const upTo = held.length > 0 ? Math.min(...held) - 1 : this.collectedUpTo();
    records[records.length - 1]!.checkpoint = this.checkpointAt(upTo);
    yield* records;
  }
}

/** A write, keyed by SKU; a retry of it collects its variation again. */
const toRecord = (w: Write): Collected<StockRaw> => ({ key: w.sku, raw: w, retryId: String(w.variationId) });
