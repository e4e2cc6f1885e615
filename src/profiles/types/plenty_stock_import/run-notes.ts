/**
 * What a stock run gathers across its batches for the notes written when it finishes: unmanaged SKUs
 * skipped, the drift report, and (full runs) the variations seen, for the removal of stale source items.
 * Kept per run in this process; a run resumed elsewhere reports what its own attempt saw.
 */

export interface DriftEntry {
  sku: string;
  sourceCode: string;
  /** Undefined: Magento has no source item for this source. */
  magento: number | undefined;
  plenty: number;
}

/** Drift entries kept for the history per run; the rest are counted. */
export const MAX_DRIFT_LISTED = 200;

export class RunNotes {
  unmanaged = 0;
  driftCount = 0;
  readonly drift: DriftEntry[] = [];
  /**
   * Variation ids the full scan saw, in the order seen (ascending but for late ones); sorted on read.
   * 4 bytes each (a million variations take 4 MB); an id beyond 32 bits switches to 8 bytes each.
   */
  private seen: Uint32Array | Float64Array = new Uint32Array(1024);
  private seenCount = 0;
  /** A resumed full run saw only the variations after this id. */
  seenAfter = 0;
  /** The MSI sources the mapping feeds (set by collect). */
  sourceCodes: string[] = [];

  addDrift(entry: DriftEntry): void {
    this.driftCount++;
    if (this.drift.length < MAX_DRIFT_LISTED) this.drift.push(entry);
  }

  /** Remembers a variation of the full scan. */
  addSeen(variationId: number): void {
    const wide = this.seen instanceof Uint32Array && !(variationId >= 0 && variationId <= 0xffffffff);
    if (this.seenCount === this.seen.length || wide) {
      const grown = wide ? new Float64Array(this.seen.length * 2) : new (this.seen.constructor as typeof Uint32Array)(this.seen.length * 2);
      grown.set(this.seen);
      this.seen = grown;
    }
    this.seen[this.seenCount++] = variationId;
  }

  /** Whether the full scan saw this variation (binary search over the sorted ids). */
  seenSorted(): (variationId: number) => boolean {
    const ids = this.seen.subarray(0, this.seenCount).sort();
    return (id) => {
      let lo = 0;
      let hi = ids.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = ids[mid]!;
        if (v === id) return true;
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    };
  }
}

const byRun = new Map<number, RunNotes>();
/** Runs that failed never reach `finish` (which forgets their notes): the oldest go past this many. */
const MAX_RUNS_KEPT = 32;

export function notesOf(runId: number): RunNotes {
  let notes = byRun.get(runId);
  if (!notes) {
    notes = new RunNotes();
    byRun.set(runId, notes);
    if (byRun.size > MAX_RUNS_KEPT) byRun.delete(byRun.keys().next().value as number);
  }
  return notes;
}

export function forgetNotes(runId: number): void {
  byRun.delete(runId);
}
