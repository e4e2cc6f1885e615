/** The stock import's batch aligner: runner batches hold only writes or only skips, so writes share POSTs. */
import { describe, expect, it } from 'vitest';
import type { Collected } from '../../src/profiles/profile-type.js';
import { BatchAligner } from '../../src/profiles/types/plenty_stock_import/aligner.js';
import type { StockRaw } from '../../src/profiles/types/plenty_stock_import/records.js';

const BATCH = 200;

/** Cuts what the aligner hands on into batches the way the runner does: every BATCH records. */
function runnerBatches(handed: Collected<StockRaw>[]): StockRaw['kind'][][] {
  const batches: StockRaw['kind'][][] = [];
  for (let i = 0; i < handed.length; i += BATCH) batches.push(handed.slice(i, i + BATCH).map((r) => r.raw.kind));
  return batches;
}

describe('batch aligner', () => {
  it('hands on skips in whole runner batches whatever their count, so the writes of a scan share batches', () => {
    const aligner = new BatchAligner(BATCH, (seq) => ({ after: seq }), () => 0);
    const handed: Collected<StockRaw>[] = [];
    let seq = 0;
    // A reconciliation: chunks of 250 variations, one in a hundred changed.
    for (let chunk = 0; chunk < 40; chunk++) {
      for (let i = 0; i < 250; i++, seq++) {
        if (seq % 100 === 7) aligner.addWrite({ kind: 'write', seq, variationId: seq, sku: `S${seq}`, items: [], hashes: {} });
        else aligner.addSkip({ seq, key: `S${seq}`, result: 'skipped', reason: 'unchanged' });
      }
      handed.push(...aligner.drain(false));
    }
    handed.push(...aligner.drain(true));

    const batches = runnerBatches(handed);
    // Every batch but the last is all skips or all writes; the 100 writes sit in one batch.
    for (const kinds of batches.slice(0, -1)) expect(new Set(kinds).size).toBe(1);
    expect(batches.filter((kinds) => kinds.includes('write')).map((kinds) => kinds.filter((k) => k === 'write').length)).toEqual([100]);
    // No key is lost or reported twice.
    const keys = handed.flatMap((r) => (r.raw.kind === 'skip' ? r.raw.entries.map((e) => e.key) : [r.key]));
    expect(keys).toHaveLength(10_000);
    expect(new Set(keys).size).toBe(10_000);
  });
});
