/** The link store's one-statement forms the event path relies on: several types read at once, a write that gives up a claim. */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profiles } from '../../src/db/schema/index.js';
import { createHistory } from '../../src/profiles/history.js';
import { createLinkStore, getEachQuery, linkKey } from '../../src/profiles/links.js';
import { RunSupersededError } from '../../src/profiles/run-owner.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';

describe(`link store round trips on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  it('reads links of several entity types by one call, answering only those that exist', async () => {
    const links = createLinkStore(db.db);
    await links.upsertMany([
      { entityType: 'order', magentoKey: '100000001', plentyId: '501' },
      { entityType: 'variation', magentoKey: 'SKU-1', plentyId: '1001' },
      { entityType: 'variation', magentoKey: 'SKU-2', plentyId: '1002' },
    ]);
    const found = await links.getEach([
      { entityType: 'order', magentoKey: '100000001' },
      { entityType: 'variation', magentoKey: 'SKU-1' },
      { entityType: 'variation', magentoKey: 'SKU-3' },
      // Same key, other type: a separate namespace.
      { entityType: 'order', magentoKey: 'SKU-2' },
    ]);
    expect([...found.keys()].sort()).toEqual([linkKey('order', '100000001'), linkKey('variation', 'SKU-1')].sort());
    expect(found.get(linkKey('variation', 'SKU-1'))?.plentyId).toBe('1001');
    expect(await links.getEach([])).toEqual(new Map());
  });

  it.skipIf(engine !== 'postgres')('looks each key of a several-type read up by the key index in the plan a prepared statement keeps, on a table without statistics', async () => {
    // A prepared statement's generic plan (PostgreSQL settles on one after five executions) cannot know
    // how many keys the arrays hold; on a new installation's links table the earlier `in (unnest …)` form
    // was then a sequential scan of every link, for every order.
    const sql = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      await sql`create table links_fresh (like entity_links including all)`;
      await sql`insert into links_fresh (entity_type, magento_key, plenty_id) select 'variation', 'SKU-' || g, g::text from generate_series(1, 3000) g`;
      const [stats] = await sql<{ analyzed: number }[]>`select count(*)::int as analyzed from pg_stat_user_tables where relname = 'links_fresh' and (last_analyze is not null or last_autoanalyze is not null)`;
      expect(stats?.analyzed).toBe(0);
      const query = getEachQuery(db.db).toSQL().sql.replaceAll('"entity_links"', 'links_fresh');
      expect(query).toContain('links_fresh');
      await sql.unsafe(`prepare get_each(text[], text[], bigint) as ${query}`);
      await sql`set plan_cache_mode = force_generic_plan`;
      const plan = (await sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain execute get_each('{variation,order}', '{SKU-1,100000001}', 1)`)).map((r) => r['QUERY PLAN']).join('\n');
      // By the (type, key) index: neither a scan of the table nor a bitmap of every link of a type.
      expect(plan).toContain('Index Scan using links_fresh_entity_type_magento_key_idx');
      expect(plan).not.toMatch(/Seq Scan|Bitmap|plenty_id_idx/);
    } finally {
      await sql.end();
    }
  });

  it('writes a link and gives up the claim it was written under in one statement, only a claim still held as given', async () => {
    const links = createLinkStore(db.db);
    await links.upsert({ entityType: 'claim:order', magentoKey: '100000002', plentyId: 'run:7' });
    await links.upsert({ entityType: 'claim:order', magentoKey: '100000003', plentyId: 'run:8' });
    await links.upsert({ entityType: 'order', magentoKey: '100000002', plentyId: '502' },
      { releasing: { entityType: 'claim:order', magentoKey: '100000002', plentyId: 'run:7' } });
    // Another run holds this claim: the link is written, the claim stays.
    await links.upsert({ entityType: 'order', magentoKey: '100000003', plentyId: '503' },
      { releasing: { entityType: 'claim:order', magentoKey: '100000003', plentyId: 'run:7' } });
    expect(await links.get('claim:order', '100000002')).toBeUndefined();
    expect(await links.get('claim:order', '100000003')).toMatchObject({ plentyId: 'run:8' });
    expect(await links.get('order', '100000002')).toMatchObject({ plentyId: '502' });
    expect(await links.get('order', '100000003')).toMatchObject({ plentyId: '503' });
  });

  it('holds a write for the run\'s save (atBatchSave): the run\'s completion writes it and gives up the claim; a superseded execution\'s held write is refused', async () => {
    const [profile] = await db.db.insert(profiles).values({ typeId: 'plenty_order_export', name: 'held writes' }).returning();
    const history = createHistory(db.db);
    const counts = { processed: 1, created: 1, updated: 0, skipped: 0, failed: 0 };
    const run = await history.start(profile!.id, 'event', { mode: 'ids', ids: ['100000004'] });
    const owner = { runId: run.id, token: run.ownerToken };
    const claim = { entityType: 'claim:order', magentoKey: '100000004', plentyId: `run:${run.id}` };
    await createLinkStore(db.db).upsert(claim);
    const links = createLinkStore(db.db, owner);
    await links.upsert({ entityType: 'order', magentoKey: '100000004', plentyId: '504' }, { releasing: claim, atBatchSave: true });
    // Not written yet: it goes with the run's statement.
    expect(await links.get('order', '100000004')).toBeUndefined();
    expect(await history.complete(owner, counts, null, [], 'completed', links.takePending())).toBe(true);
    expect(await links.get('order', '100000004')).toMatchObject({ plentyId: '504' });
    expect(await links.get('claim:order', '100000004')).toBeUndefined();
    expect((await history.get(run.id))?.status).toBe('completed');
    expect(links.takePending()).toBeUndefined();

    // Another execution took the run over: the first one's held write is refused with its save.
    const second = await history.start(profile!.id, 'event', { mode: 'ids', ids: ['100000005'] });
    const first = { runId: second.id, token: second.ownerToken };
    const stale = createLinkStore(db.db, first);
    await stale.upsert({ entityType: 'order', magentoKey: '100000005', plentyId: '505' }, { atBatchSave: true });
    await history.resume(second.id);
    await expect(history.saveBatch(first, counts, null, [], undefined, stale.takePending())).rejects.toBeInstanceOf(RunSupersededError);
    expect(await stale.get('order', '100000005')).toBeUndefined();
  });
});
