/** The full run's link reads against a real database: a range of variation ids along the variation number index. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { entityLinks } from '../../src/db/schema/index.js';
import { rowsOf } from '../../src/db/driver.js';
import { LINK_RANGE_PAGE, readLinkRange } from '../../src/profiles/types/plenty_stock_import/skus.js';
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

  it('answers the variation links of (after, upTo] in id order, with the asked hashes', async () => {
    const range = await readLinkRange(db.db, 98, 10_001, ASPECTS);
    expect(range).toEqual({
      ids: [99, 100, 10_000, 10_001],
      skus: ['odd sku: "quoted", 😀', 'no-hashes', 'SKU-0', 'SKU-1'],
      hashes: [[null, null, '0|1', '1|1'], ['no', null, null, null]],
    });
    expect((await readLinkRange(db.db, 100, 9_999, ASPECTS)).ids).toEqual([]);
  });

  it('reads a range of more links than one statement answers, to its end', async () => {
    const range = await readLinkRange(db.db, 100, Infinity, ASPECTS);
    expect(range.ids).toHaveLength(LINK_RANGE_PAGE + 5);
    expect(range.ids[LINK_RANGE_PAGE]).toBe(10_000 + LINK_RANGE_PAGE);
    expect(range.skus.at(-1)).toBe(`SKU-${LINK_RANGE_PAGE + 4}`);
  });

  it.skipIf(engine !== 'postgres')('finds the range along the variation number index', async () => {
    const plan = rowsOf<Record<string, string>>(await db.db.execute(sql.raw(`explain select plenty_id from entity_links
      where entity_type = 'variation' and (case when plenty_id ~ '^[1-9][0-9]{0,14}$' then plenty_id::bigint end) > 10
        and (case when plenty_id ~ '^[1-9][0-9]{0,14}$' then plenty_id::bigint end) <= 20`))).map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('entity_links_variation_number_idx');
  });
});
