/** The full run's link reads against a real database: a range of variation ids along the variation number index. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { entityLinks } from '../../src/db/schema/index.js';
import { emptyRangeLinks, LINK_RANGE_PAGE, linkRangeStatement, parseLinkRange, readLinkRange } from '../../src/profiles/types/plenty_stock_import/skus.js';
import { listed } from './support/linked-stock.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';

const ASPECTS = ['stock:berlin', 'magento:manage_stock'];

describe(`stock import link ranges on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const many = Array.from({ length: LINK_RANGE_PAGE + 5 }, (_, i) => ({
      entityType: 'variation', magentoKey: `SKU-${i}`, plentyId: String(10_000 + i), aspectHashes: { 'stock:berlin': `${i}|1` },
    }));
    await db.db.insert(entityLinks).values([
      ...many,
      { entityType: 'variation', magentoKey: 'odd sku: "quoted", 😀', plentyId: '99', aspectHashes: { 'magento:manage_stock': 'no' } },
      { entityType: 'variation', magentoKey: 'no-hashes', plentyId: '100', aspectHashes: null },
      // Not a variation id as String() writes it: never in a range (and inserting it does not fail).
      { entityType: 'variation', magentoKey: 'leading-zero', plentyId: '0101' },
      { entityType: 'variation', magentoKey: 'not-a-number', plentyId: 'abc' },
      // Another entity type with a variation-like id.
      { entityType: 'item', magentoKey: 'ITEM-1', plentyId: '101' },
    ]);
  });
  afterAll(async () => db?.destroy());

  it('answers the links of the chunk\'s variations in (after, upTo] with the asked hashes, and the stale others', async () => {
    const range = await readLinkRange(db.db, 98, 10_002, ASPECTS, [99, 100, 10_001], 1);
    expect(listed(range.linked)).toEqual({
      skus: ['odd sku: "quoted", 😀', 'no-hashes', 'SKU-1'],
      hashes: [[null, null, '1|1'], ['no', null, null]],
    });
    // 10,000 and 10,002 carry a stock hash; 99's only hash is not a stock one.
    expect(range.unseen).toEqual([10_000, 10_002]);
    const empty = await readLinkRange(db.db, 100, 9_999, ASPECTS, [], 1);
    expect({ linked: listed(empty.linked), unseen: empty.unseen }).toEqual({ linked: { skus: [], hashes: [[], []] }, unseen: [] });
  });

  it('reads a range of more links than one statement answers, to its end', async () => {
    const last = 10_000 + LINK_RANGE_PAGE + 4;
    const range = await readLinkRange(db.db, 100, Infinity, ASPECTS, [10_000 + LINK_RANGE_PAGE, last], 1);
    expect(listed(range.linked).skus).toEqual([`SKU-${LINK_RANGE_PAGE}`, `SKU-${LINK_RANGE_PAGE + 4}`]);
    expect(range.unseen).toHaveLength(LINK_RANGE_PAGE + 3);
    expect(range.unseen.at(-1)).toBe(last - 1);
  });

  it.skipIf(engine !== 'postgres').each([
    ['the first read of a range (unordered)', false],
    ['the pages of a range of more than a page (ordered)', true],
  ])('reads %s along the variation number index in the plan a prepared statement keeps, on a table without statistics', async (_, ordered) => {
    // The range read runs prepared: PostgreSQL may settle on one generic plan that cannot know the bounds.
    // Right after a first import the links table has no statistics either.
    const client = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      await client`create table if not exists links_fresh (like entity_links including all)`;
      await client`insert into links_fresh (entity_type, magento_key, plenty_id) select 'variation', 'SKU-' || g, g::text from generate_series(1, 3000) g`;
      const statement = linkRangeStatement(ASPECTS, ordered).replaceAll('entity_links', 'links_fresh');
      await client.unsafe(`prepare link_range(bigint, bigint) as ${statement}`);
      await client`set plan_cache_mode = force_generic_plan`;
      const plan = (await client.unsafe<{ 'QUERY PLAN': string }[]>('explain verbose execute link_range(10, 1010)')).map((r) => r['QUERY PLAN']).join('\n');
      // The copy of entity_links_variation_number_idx (the copy's name is made of the expression's first word).
      expect(plan).toContain('Index Scan using links_fresh_case_idx');
      expect(plan).not.toMatch(/Seq Scan|Bitmap|Sort/);
      // Unordered, the scan hands on no variation number (PostgreSQL would compute one per link).
      const scanOutput = /Index Scan using[^\n]*\n\s*Output: ([^\n]*)/.exec(plan)?.[1] ?? '';
      expect(scanOutput.includes('CASE')).toBe(ordered);
      const [row] = await client.unsafe<{ links: string }[]>('execute link_range(10, 12)');
      const out = emptyRangeLinks(2, ASPECTS.length);
      parseLinkRange(row?.links ?? '', [11, 12], 1, out);
      expect(listed(out.linked).skus).toEqual(['SKU-11', 'SKU-12']);
    } finally {
      await client`drop table if exists links_fresh`;
      await client.end();
    }
  });
});
