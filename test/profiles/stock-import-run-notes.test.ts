import { describe, expect, it } from 'vitest';
import { IdList, RunNotes } from '../../src/profiles/types/plenty_stock_import/run-notes.js';
import { alignRange, parseLinkRange, type LinkRange } from '../../src/profiles/types/plenty_stock_import/skus.js';

describe('stock import: the variations a full scan found stale (removeStaleOnFullRun)', () => {
  it('keeps every id past the first growth of its list, ids beyond 32 bits exactly', () => {
    const ids = new IdList();
    const big = 2 ** 32 + 5;
    const added = [...Array.from({ length: 5000 }, (_, i) => 1000 + i * 3), 4_294_967_295, big, 9];
    for (const id of added) ids.add(id);
    expect([...ids.values()]).toEqual(added);
  });

  it('leaves out the variations whose rows came late (they were seen after all)', () => {
    const notes = new RunNotes();
    for (const id of [1003, 1007, 1011]) notes.unseen.add(id);
    notes.late = new Set([1007, 2000]);
    expect(notes.stale()).toEqual([1003, 1011]);
  });
});

const emptyRange = (aspects: number): LinkRange => ({ ids: [], skus: [], hashes: Array.from({ length: aspects }, () => []) });

describe('stock import: a full run\'s link range read', () => {
  it('reads SKUs and hashes of any characters by their length, none as null, an empty text as none', () => {
    const sku = 'A 1:-b😀c';
    const text = `1001 ${[...sku].length}:${sku} 4:12|1 - 0: 1002 3:B-2 - 3:yes -`;
    const out = emptyRange(3);
    expect(parseLinkRange(text, 3, out)).toBe(2);
    expect(out).toEqual({ ids: [1001, 1002], skus: [sku, 'B-2'], hashes: [['12|1', null], [null, 'yes'], ['', null]] });
    expect(parseLinkRange('', 3, out)).toBe(0);
    expect(out.ids).toEqual([1001, 1002]);
  });

  it('puts links that came out of id order back in order, after those of an earlier page', () => {
    const out = emptyRange(1);
    parseLinkRange('5 1:e -', 1, out);
    parseLinkRange('9 1:i 1:x 7 1:g -', 1, out);
    expect(out).toEqual({ ids: [5, 7, 9], skus: ['e', 'g', 'i'], hashes: [[null, null, 'x']] });
  });

  it('aligns the links to the chunk\'s variations and names the stocked links the chunk does not hold', () => {
    // Aspects: two sources, then "Manage Stock" (not a source: a link with only that is not stale).
    const range: LinkRange = {
      ids: [3, 4, 4, 6, 8, 9],
      skus: ['c', 'd', 'd2', 'f', 'h', 'i'],
      hashes: [['1|1', '2|1', '9|1', null, null, null], [null, null, null, '4|1', null, null], [null, null, null, null, 'no', null]],
    };
    const { linked, unseen } = alignRange(range, [2, 4, 9], 2);
    // The first link of a variation counts; 2 has none.
    expect(linked).toEqual({ skus: [undefined, 'd', 'i'], hashes: [[null, '2|1', null], [null, null, null], [null, null, null]] });
    expect(unseen).toEqual([3, 6]);
  });
});
