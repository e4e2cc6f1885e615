import { describe, expect, it } from 'vitest';
import { IdList, RunNotes } from '../../src/profiles/types/plenty_stock_import/run-notes.js';
import { addIds } from '../../src/profiles/types/plenty_stock_import/stale.js';

describe('stock import: variations seen by a full scan (removeStaleOnFullRun)', () => {
  it('remembers every variation past the first growth of its list, in any order, and nothing else', () => {
    const notes = new RunNotes();
    const ids = Array.from({ length: 5000 }, (_, i) => 1000 + i * 3);
    for (const id of [...ids].reverse()) notes.addSeen(id);
    const seen = notes.seenSorted();
    expect(ids.every(seen)).toBe(true);
    expect([999, 1001, 1002, 1000 + 5000 * 3, 0].some(seen)).toBe(false);
  });

  it('keeps ids beyond 32 bits exactly, and the ones seen before them', () => {
    const notes = new RunNotes();
    const big = 2 ** 32 + 5;
    for (const id of [7, 4_294_967_295, big, 9]) notes.addSeen(id);
    const seen = notes.seenSorted();
    expect([7, 9, 4_294_967_295, big].every(seen)).toBe(true);
    expect(seen(5) || seen(2 ** 32 + 4) || seen(big - 2 ** 32)).toBe(false);
  });
});

describe('stock import: the stocked links\' variation ids as the walk answers them', () => {
  it('reads the ids String() writes, in order, and leaves out any other form', () => {
    const ids = new IdList();
    addIds('7,12345,0,007,12a,,-3,1.5,4294967296,9007199254740993,42', ids);
    expect([...ids.values()]).toEqual([7, 12345, 0, 4294967296, 42]);
  });
});
