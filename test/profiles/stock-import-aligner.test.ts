/** The stock import's batch aligner: runner batches hold only writes or only skips, so writes share POSTs. */
import { describe, expect, it } from 'vitest';
import type { Collected } from '../../src/profiles/profile-type.js';
import { BatchAligner, Sorted, UNCHANGED_GROUP_KEY } from '../../src/profiles/types/plenty_stock_import/aligner.js';
import type { StockRaw } from '../../src/profiles/types/plenty_stock_import/records.js';

const BATCH = 200;

/** Cuts what the aligner hands on into batches the way the runner does: every BATCH records, or after one that ends its batch. */
function runnerBatches(handed: Collected<StockRaw>[]): StockRaw['kind'][][] {
  const batches: StockRaw['kind'][][] = [];
  let batch: StockRaw['kind'][] = [];
  for (const record of handed) {
    batch.push(record.raw.kind);
    if (batch.length < BATCH && !record.endsBatch) continue;
    batches.push(batch);
    batch = [];
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * A reconciliation of 10,000 variations in chunks of 250, one in a hundred changed (written); `sort`
 * files each other variation. Answers what the aligner handed on.
 */
function reconcile(sort: (sorted: Sorted, seq: number) => void): Collected<StockRaw>[] {
  const aligner = new BatchAligner(BATCH, (seq) => ({ after: seq }), () => 0);
  const handed: Collected<StockRaw>[] = [];
  let seq = 0;
  for (let chunk = 0; chunk < 40; chunk++) {
    const sorted = new Sorted();
    for (let i = 0; i < 250; i++, seq++) {
      if (seq % 100 === 7) sorted.addWrite({ kind: 'write', seq, variationId: seq, sku: `S${seq}`, items: [], hashes: {} });
      else sort(sorted, seq);
    }
    aligner.take(sorted);
    handed.push(...aligner.drain(false));
  }
  handed.push(...aligner.drain(true));
  return handed;
}

describe('batch aligner', () => {
  it('hands on skips in runner batches of their own, so the writes of a scan share batches', () => {
    const handed = reconcile((sorted, seq) => sorted.addSkip({ seq, key: `S${seq}`, result: 'skipped', reason: 'unchanged' }));

    const batches = runnerBatches(handed);
    // Every batch but the last is all skips or all writes; the 100 writes sit in one batch, and each
    // hand-over of skips is one record.
    for (const kinds of batches.slice(0, -1)) expect(new Set(kinds).size).toBe(1);
    expect(batches.filter((kinds) => kinds.includes('write')).map((kinds) => kinds.filter((k) => k === 'write').length)).toEqual([100]);
    expect(batches.slice(0, -1).filter((kinds) => kinds.includes('skip')).every((kinds) => kinds.length === 1)).toBe(true);
    // No key is lost or reported twice.
    const keys = handed.flatMap((r) => (r.raw.kind === 'skip' ? r.raw.entries.map((e) => e.key) : [r.key]));
    expect(keys).toHaveLength(10_000);
    expect(new Set(keys).size).toBe(10_000);
  });

  it('hands on counted unchanged variations in runner batches of their own beside named skips, losing none', () => {
    // Counting its unchanged variations, naming a gone one now and then.
    const handed = reconcile((sorted, seq) => {
      if (seq % 1000 === 3) sorted.addSkip({ seq, key: `gone ${seq}`, result: 'skipped', reason: 'gone' });
      else sorted.addUnchanged(seq);
    });

    const batches = runnerBatches(handed);
    for (const kinds of batches.slice(0, -1)) expect(new Set(kinds).size).toBe(1);
    expect(batches.filter((kinds) => kinds.includes('write')).map((kinds) => kinds.filter((k) => k === 'write').length)).toEqual([100]);
    expect(batches.slice(0, -1).filter((kinds) => kinds.includes('skip')).every((kinds) => kinds.length === 1)).toBe(true);
    const groups = handed.flatMap((r) => (r.raw.kind === 'skip' ? [r.raw] : []));
    expect(groups.flatMap((g) => g.entries.map((e) => e.key))).toEqual(Array.from({ length: 10 }, (_, i) => `gone ${i * 1000 + 3}`));
    expect(groups.reduce((sum, g) => sum + g.unchanged, 0)).toBe(10_000 - 100 - 10);
    // A group of counted variations only is keyed as such (it names no record).
    expect(handed.filter((r) => r.raw.kind === 'skip' && r.raw.entries.length === 0).every((r) => r.key === UNCHANGED_GROUP_KEY)).toBe(true);
  });

  it('resumes before the first counted unchanged variation still held', () => {
    const aligner = new BatchAligner(2, (seq) => ({ after: seq }), () => 99);
    const sorted = new Sorted();
    sorted.addWrite({ kind: 'write', seq: 10, variationId: 10, sku: 'S10', items: [], hashes: {} });
    sorted.addUnchanged(11);
    sorted.addUnchanged(12);
    sorted.addWrite({ kind: 'write', seq: 13, variationId: 13, sku: 'S13', items: [], hashes: {} });
    aligner.take(sorted);
    // The two writes go out; the unchanged 11 and 12 are still held (fewer than a pool).
    const handed = [...aligner.drain(false)];
    expect(handed.map((r) => r.key)).toEqual(['S10', 'S13']);
    expect(handed[1]!.checkpoint).toEqual({ after: 10 });
    const rest = [...aligner.drain(true)];
    expect(rest).toHaveLength(1);
    expect(rest[0]!.raw).toEqual({ kind: 'skip', entries: [], unchanged: 2 });
    expect(rest[0]!.checkpoint).toEqual({ after: 99 });
  });
});
