/**
 * Hands records to the runner so that every runner batch is either all writes or all skips. The runner
 * cuts batches every `batchSize` records and the process stage writes one batch at a time; if the 1 %
 * changed records of a reconciliation were spread over all batches, each would cost its own POST.
 * Held back here, they go out `batchSize` at a time, and the records that need no write go out as
 * `batchSize` groups (each carrying many), so batch boundaries always fall between the two kinds.
 * Only the end of the run mixes them.
 */
import type { Collected } from '../../profile-type.js';
import type { StockRaw, Skip, Write } from './records.js';

/**
 * Skipped records gathered before they are handed on (bounds memory and the size of one runner batch): a
 * reconciliation of 100,000 unchanged variations is 20 runner batches (saves) of 200 records, not 50.
 */
const SKIP_POOL = 5000;

/** The key of a group holding only counted unchanged variations (it names no record). */
export const UNCHANGED_GROUP_KEY = 'unchanged variations';

/**
 * What the classification of some variations gave, in their order: writes, skips named one by one, and
 * unchanged variations only counted (a scan's; their positions are not kept, only the first).
 */
export class Sorted {
  readonly writes: Write[] = [];
  readonly skips: Skip[] = [];
  unchanged = 0;
  /** Position of the first counted unchanged variation (for resume points). */
  unchangedFrom = Infinity;

  addWrite(write: Write): void {
    this.writes.push(write);
  }

  addSkip(skip: Skip): void {
    this.skips.push(skip);
  }

  addUnchanged(seq: number): void {
    if (this.unchanged++ === 0) this.unchangedFrom = seq;
  }
}

export class BatchAligner {
  private held = new Sorted();

  constructor(
    private readonly batchSize: number,
    /** Where a resumed run must start so that nothing not yet handed on is missed, given a position. */
    private readonly checkpointAt: (seq: number) => unknown,
    /** The position up to which everything has been collected (when nothing is held back). */
    private readonly collectedUpTo: () => number,
  ) {}

  /** Holds what a classification gave until it can go out. */
  take(sorted: Sorted): void {
    const { held } = this;
    for (const w of sorted.writes) held.writes.push(w);
    for (const s of sorted.skips) held.skips.push(s);
    if (sorted.unchanged > 0) {
      if (held.unchanged === 0) held.unchangedFrom = sorted.unchangedFrom;
      held.unchanged += sorted.unchanged;
    }
  }

  /** Full runner batches that can go out now; with `final`, everything. */
  *drain(final: boolean): Generator<Collected<StockRaw>> {
    const { held } = this;
    for (;;) {
      if (held.writes.length >= this.batchSize) {
        yield* this.stamp(held.writes.splice(0, this.batchSize).map(toRecord));
      } else if (held.skips.length + held.unchanged >= Math.max(SKIP_POOL, this.batchSize)) {
        yield* this.stamp(this.groupSkips(this.batchSize));
      } else break;
    }
    if (!final) return;
    const rest: Collected<StockRaw>[] = held.writes.splice(0).map(toRecord);
    if (held.skips.length + held.unchanged > 0) rest.push(...this.groupSkips(1));
    yield* this.stamp(rest);
  }

  /**
   * All held skips as exactly `groups` records (fewer only when there are fewer skips), the named ones
   * first and then the counted ones spread over them, each group naming its first key: one record
   * short, and every later runner batch would straddle a write/skip boundary.
   */
  private groupSkips(groups: number): Collected<StockRaw>[] {
    const { held } = this;
    const named = held.skips.splice(0);
    const total = named.length + held.unchanged;
    held.unchanged = 0;
    held.unchangedFrom = Infinity;
    const count = Math.min(groups, total);
    const out: Collected<StockRaw>[] = [];
    for (let g = 0; g < count; g++) {
      // Group g holds the items from..to of the named skips followed by the counted ones.
      const from = Math.floor((g * total) / count);
      const to = Math.floor(((g + 1) * total) / count);
      const entries = named.slice(Math.min(from, named.length), Math.min(to, named.length));
      const unchanged = to - Math.max(from, named.length);
      out.push({ key: entries[0]?.key ?? UNCHANGED_GROUP_KEY, raw: { kind: 'skip', entries, unchanged: Math.max(0, unchanged) } });
    }
    return out;
  }

  /** The last record of a hand-over carries the resume point: just before the oldest record still held. */
  private *stamp(records: Collected<StockRaw>[]): Generator<Collected<StockRaw>> {
    if (records.length === 0) return;
    const { held } = this;
    const oldest = Math.min(held.writes[0]?.seq ?? Infinity, held.skips[0]?.seq ?? Infinity, held.unchanged > 0 ? held.unchangedFrom : Infinity);
    const upTo = oldest < Infinity ? oldest - 1 : this.collectedUpTo();
    records[records.length - 1]!.checkpoint = this.checkpointAt(upTo);
    yield* records;
  }
}

/** A write, keyed by SKU; a retry of it collects its variation again. */
const toRecord = (w: Write): Collected<StockRaw> => ({ key: w.sku, raw: w, retryId: String(w.variationId) });
