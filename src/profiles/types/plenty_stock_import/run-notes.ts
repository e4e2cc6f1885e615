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

/**
 * Variation ids in the order added, 4 bytes each (a million take 4 MB); an id beyond 32 bits switches
 * the list to 8 bytes each.
 */
export class IdList {
  private ids: Uint32Array | Float64Array = new Uint32Array(1024);
  private count = 0;

  add(id: number): void {
    const wide = this.ids instanceof Uint32Array && !(id >= 0 && id <= 0xffffffff);
    if (this.count === this.ids.length || wide) {
      const grown = wide ? new Float64Array(this.ids.length * 2) : new (this.ids.constructor as typeof Uint32Array)(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.count++] = id;
  }

  /** The ids added, in that order (a view: valid until the next `add`). */
  values(): Uint32Array | Float64Array {
    return this.ids.subarray(0, this.count);
  }

  /** Whether an id was added (binary search over the ids, sorted in place: call once all are added). */
  sorted(): (id: number) => boolean {
    const ids = this.values().sort();
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

export class RunNotes {
  unmanaged = 0;
  driftCount = 0;
  readonly drift: DriftEntry[] = [];
  /** Variation ids the full scan saw, in the order seen (ascending but for late ones). */
  private readonly seen = new IdList();
  /** A resumed full run saw only the variations after this id. */
  seenAfter = 0;
  /** The MSI sources the mapping feeds (set by collect). */
  sourceCodes: string[] = [];
  /**
   * The variation ids of the links carrying a mapped source's hash, in SKU order (stale.ts), read while
   * the full scan runs; awaited by the removal of stale source items when the run finishes.
   */
  stocked: Promise<IdList> | undefined;

  addDrift(entry: DriftEntry): void {
    this.driftCount++;
    if (this.drift.length < MAX_DRIFT_LISTED) this.drift.push(entry);
  }

  /** Remembers a variation of the full scan. */
  addSeen(variationId: number): void {
    this.seen.add(variationId);
  }

  /** Whether the full scan saw this variation (binary search over the sorted ids). */
  seenSorted(): (variationId: number) => boolean {
    return this.seen.sorted();
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
