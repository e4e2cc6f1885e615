/**
 * What a stock run gathers across its batches for the notes written when it finishes: unmanaged SKUs
 * skipped, the drift report, and (full runs) the variations linked but not seen, for the removal of stale
 * source items.
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
}

export class RunNotes {
  unmanaged = 0;
  driftCount = 0;
  readonly drift: DriftEntry[] = [];
  /** The MSI sources the mapping feeds (set by collect). */
  sourceCodes: string[] = [];
  /**
   * Variations a full scan's link reads found linked, with a mapped source's hash, but without stock in
   * the scanned warehouses (skus.ts `parseLinkRange`): the stale ones, unless their rows came late.
   */
  unseen = new IdList();
  /** Variations whose rows came out of order (read again one by one): seen after all. */
  late: ReadonlySet<number> = new Set();

  addDrift(entry: DriftEntry): void {
    this.driftCount++;
    if (this.drift.length < MAX_DRIFT_LISTED) this.drift.push(entry);
  }

  /**
   * A full scan (re)starting after this variation id reads the links above it again: what an earlier
   * attempt of the run found there is forgotten (a variation may have stock by now).
   */
  scanFrom(after: number): void {
    const kept = new IdList();
    for (const id of this.unseen.values()) if (id <= after) kept.add(id);
    this.unseen = kept;
  }

  /** The variation ids whose source items the full scan found stale. */
  stale(): number[] {
    return [...this.unseen.values()].filter((id) => !this.late.has(id));
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
