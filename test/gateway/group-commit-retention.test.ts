import { describe, expect, it } from 'vitest';
import { runFixture } from '../support/fixture-process.js';

/**
 * A committed webhook's row must not stay reachable after its answer. The timeout's bookkeeping once
 * kept every row in a list until the rows before it had settled: behind one statement that hangs, every
 * webhook committed meanwhile stayed on the heap, and under steady load rows lived long enough to be
 * moved to the old generation by young collections, which made the full collections the gateway's
 * longest pauses (bench/ingest). Counted on the heap of a process of its own.
 */
const ROWS = 1000;

describe('the group commit behind a statement that hangs', () => {
  it('keeps no committed row reachable, and still stores the held one once its statement returns', { timeout: 120_000 }, async () => {
    const { retained, stored, held } = await runFixture<{ retained: number; stored: number; held: string }>(new URL('./fixtures/group-commit-retention.ts', import.meta.url), { ROWS: String(ROWS) });
    expect(retained).toBe(0);
    expect(stored).toBe(ROWS + 1);
    expect(held).toBe('stored');
  });
});
