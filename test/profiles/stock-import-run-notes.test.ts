import { describe, expect, it } from 'vitest';
import { IdList, RunNotes } from '../../src/profiles/types/plenty_stock_import/run-notes.js';
import { emptyRangeLinks, parseLinkRange } from '../../src/profiles/types/plenty_stock_import/skus.js';
import { listed } from './support/linked-stock.js';

describe('stock import: the variations a full scan found stale (removeStaleOnFullRun)', () => {
  it('keeps every id past the first growth of its list, ids beyond 32 bits exactly', () => {
    const ids = new IdList();
    const big = 2 ** 32 + 5;
    const added = [...Array.from({ length: 5000 }, (_, i) => 1000 + i * 3), 4_294_967_295, big, 9];
    for (const id of added) ids.add(id);
    expect([...ids.values()]).toEqual(added);
  });

  it('forgets what an earlier attempt found above the point a resumed scan starts from', () => {
    const notes = new RunNotes();
    for (const id of [1003, 1007, 1011]) notes.unseen.add(id);
    notes.scanFrom(1007);
    notes.unseen.add(1012);
    expect(notes.stale()).toEqual([1003, 1007, 1012]);
  });

  it('leaves out the variations whose rows came late (they were seen after all)', () => {
    const notes = new RunNotes();
    for (const id of [1003, 1007, 1011]) notes.unseen.add(id);
    notes.late = new Set([1007, 2000]);
    expect(notes.stale()).toEqual([1003, 1011]);
  });
});

describe('stock import: a full run\'s link range read', () => {
  it('reads SKUs and hashes of any characters by their length, none as null, an empty text as none', () => {
    const sku = 'A 1:-b😀c';
    const text = `1001 ${[...sku].length}:${sku} 4:12|1 - 0: 1002 3:B-2 - 3:yes -`;
    const out = emptyRangeLinks(2, 3);
    expect(parseLinkRange(text, [1001, 1002], 3, out)).toEqual({ count: 2, highest: 1002 });
    expect(listed(out.linked)).toEqual({ skus: [sku, 'B-2'], hashes: [['12|1', null], [null, 'yes'], ['', null]] });
    // A hash is compared where it stands in the text.
    expect([out.linked.holds(0, 0, 12, 1), out.linked.holds(0, 0, 12, 0), out.linked.holds(0, 0, 1, 1), out.linked.holds(0, 1, 12, 1)]).toEqual([true, false, false, false]);
    expect(parseLinkRange('', [1001, 1002], 3, out)).toEqual({ count: 0, highest: -Infinity });
    expect(listed(out.linked).skus).toEqual([sku, 'B-2']);
  });

  it('gives the chunk\'s variations their links in any order and names the stocked links the chunk does not hold', () => {
    // Aspects: two sources, then "Manage Stock" (not a source: a link with only that is not stale).
    const text = '9 1:i - - - 4 1:d 3:2|1 - - 3 1:c 3:1|1 - - 4 2:d2 3:9|1 - - 6 1:f - 3:4|1 - 8 1:h - - 2:no';
    const out = emptyRangeLinks(3, 3);
    expect(parseLinkRange(text, [2, 4, 9], 2, out)).toEqual({ count: 6, highest: 9 });
    // The first link of a variation counts; 2 has none.
    expect(listed(out.linked)).toEqual({ skus: [undefined, 'd', 'i'], hashes: [[null, '2|1', null], [null, null, null], [null, null, null]] });
    expect(out.unseen).toEqual([3, 6]);
    // A variation without a link takes the SKU found elsewhere (its variation number).
    out.linked.setSku(0, 'B-0');
    expect([out.linked.hasSku(0), out.linked.sku(0), out.linked.hash(0, 0)]).toEqual([true, 'B-0', null]);
  });
});
