/**
 * Hands records to the runner so that every runner batch is either all writes or all skips. The process
 * stage writes one batch at a time; if the 1 % changed records of a reconciliation were spread over all
 * batches, each would cost its own POST. Held back here, the writes go out `batchSize` at a time, and
 * the records that need no write as one record per hand-over (carrying thousands), each hand-over
 * ending its runner batch (`endsBatch`). Only the end of the run mixes them.
 */
import type { Collected } from '../../profile-type.js';
import type { StockRaw, Skip, Write } from './records.js';

/**
 * Skipped records gathered before they are handed on (bounds the memory of named ones, and sets how
 * often a run of unchanged variations saves its progress and resume point): a reconciliation of
 * 100,000 unchanged variations is 20 runner batches (saves) of one record each.
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
      } else if (held.skips.length + held.unchanged >= SKIP_POOL) {
        yield* this.stamp([this.group()]);
      } else break;
    }
    if (!final) return;
    const rest: Collected<StockRaw>[] = held.writes.splice(0).map(toRecord);
    if (held.skips.length + held.unchanged > 0) rest.push(this.group());
    yield* this.stamp(rest);
  }

  /** All held skips as one record, named by its first key (a group of counted ones only names none). */
  private group(): Collected<StockRaw> {
    const { held } = this;
    const entries = held.skips.splice(0);
    const unchanged = held.unchanged;
    held.unchanged = 0;
    held.unchangedFrom = Infinity;
    return { key: entries[0]?.key ?? UNCHANGED_GROUP_KEY, raw: { kind: 'skip', entries, unchanged } };
  }

  /**
   * The last record of a hand-over ends its runner batch and carries the resume point: just before the
   * oldest record still held.
   */
  private *stamp(records: Collected<StockRaw>[]): Generator<Collected<StockRaw>> {
    if (records.length === 0) return;
    const { held } = this;
    const oldest = Math.min(held.writes[0]?.seq ?? Infinity, held.skips[0]?.seq ?? Infinity, held.unchanged > 0 ? held.unchangedFrom : Infinity);
    const upTo = oldest < Infinity ? oldest - 1 : this.collectedUpTo();
    const last = records[records.length - 1]!;
    last.checkpoint = this.checkpointAt(upTo);
    last.endsBatch = true;
    yield* records;
  }
}

/** A write, keyed by SKU; a retry of it collects its variation again. */
const toRecord = (w: Write): Collected<StockRaw> => ({ key: w.sku, raw: w, retryId: String(w.variationId) });
