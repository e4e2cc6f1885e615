/** The run bookkeeping on the event path: which of its statements run prepared on PostgreSQL, and their plans. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { profiles } from '../../src/db/schema/index.js';
import { createHistory } from '../../src/profiles/history.js';
import { RunSupersededError } from '../../src/profiles/run-owner.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const counts = { processed: 1, created: 1, updated: 0, skipped: 0, failed: 0 };

describe.skipIf(!process.env.DATABASE_URL)('run history statements on postgres', () => {
  let db: TestDatabase;
  // One connection, so the statements it prepared are the ones pg_prepared_statements lists.
  let one: DatabaseHandle;
  beforeAll(async () => {
    db = await createTestDatabase();
    one = await openDatabase({ url: db.url, max: 1 });
  });
  afterAll(async () => {
    await one?.close();
    await db?.destroy();
  });

  const prepared = () => one.query<{ statement: string; types: string }>(
    'select statement, parameter_types::text as types from pg_prepared_statements');

  /** The plan PostgreSQL keeps for any values once it settles on one (a generic plan), of a statement text. */
  async function genericPlan(statement: string, types: string): Promise<string> {
    const name = `generic_${Math.random().toString(36).slice(2, 10)}`;
    const list = types.replace(/^\{|\}$/g, '').split(',').map((t) => t.replaceAll('"', ''));
    await one.query('set plan_cache_mode = force_generic_plan');
    try {
      await one.query(`prepare ${name} (${list.join(', ')}) as ${statement}`);
      const rows = await one.query<Record<string, string>>(`explain execute ${name}(${list.map(() => 'null').join(', ')})`);
      await one.query(`deallocate ${name}`);
      return rows.map((r) => Object.values(r)[0]).join('\n');
    } finally {
      await one.query('reset plan_cache_mode');
    }
  }

  it('opens an event run and completes one without link writes by prepared statements, each planned by an index for any values', async () => {
    const [profile] = await one.db.insert(profiles).values({ typeId: 'plenty_order_export', name: 'prepared', status: 'active' }).returning();
    const history = createHistory(one.db);
    for (let i = 0; i < 6; i++) {
      const opened = await history.openActive(profile!.id, 'event', { mode: 'ids', ids: [`o${i}`] }, `request-${i}`, `job-${i}`);
      expect(opened?.run?.fresh).toBe(true);
      const run = opened!.run!.row;
      expect(await history.complete({ runId: run.id, token: run.ownerToken }, counts, null, [], 'completed')).toBe(true);
      expect(await history.get(run.id)).toMatchObject({ status: 'completed', processed: 1, created: 1 });
    }
    // The same request again finds its run (an earlier attempt's), by the prepared statement too.
    const again = await history.openActive(profile!.id, 'event', { mode: 'ids', ids: ['o0'] }, 'request-0', 'job-0b');
    expect(again?.run).toMatchObject({ fresh: false, row: { status: 'completed', jobId: 'job-0b' } });

    const statements = await prepared();
    const open = statements.find((s) => s.statement.includes('to_jsonb(p)'));
    const complete = statements.find((s) => s.statement.startsWith('update profile_runs') && s.statement.includes('finished_at'));
    expect(open).toBeDefined();
    expect(complete).toBeDefined();
    for (const { statement, types } of [open!, complete!]) {
      const plan = await genericPlan(statement, types);
      expect(plan).toContain('Index Scan');
      expect(plan).not.toContain('Seq Scan');
    }
  });

  it('completes runs with link writes by a prepared statement that finds every link and claim by an index for any values', async () => {
    const [profile] = await one.db.insert(profiles).values({ typeId: 'plenty_item_export', name: 'links', status: 'active' }).returning();
    const history = createHistory(one.db);
    const linksOf = (key: string) => one.query<{ entity_type: string; plenty_id: string }>(
      'select entity_type, plenty_id from entity_links where magento_key = $1 order by entity_type', [key]);
    const claimOf = (key: string, owner: string) => ({ entityType: 'claim:order', magentoKey: key, plentyId: owner });
    const insertClaim = (c: ReturnType<typeof claimOf>) =>
      one.query('insert into entity_links (entity_type, magento_key, plenty_id) values ($1, $2, $3)', [c.entityType, c.magentoKey, c.plentyId]);
    // More than five completions: PostgreSQL may settle on the generic plan from the sixth on.
    for (let i = 0; i < 7; i++) {
      const opened = await history.openActive(profile!.id, 'event', { mode: 'ids', ids: [`k${i}`] }, `request-links-${i}`, `job-links-${i}`);
      const run = opened!.run!.row;
      const claim = claimOf(`k${i}`, `run:${run.id}`);
      await insertClaim(claim);
      // A claim another run holds on a second key is not given up by this run's save, though named.
      const foreign = claimOf(`f${i}`, 'run:other');
      await insertClaim(foreign);
      expect(await history.complete({ runId: run.id, token: run.ownerToken }, counts, null, [], 'completed',
        { links: [{ entityType: 'order', magentoKey: `k${i}`, plentyId: `50${i}` }], releasing: [claim, { ...foreign, plentyId: `run:${run.id}` }] })).toBe(true);
      expect(await linksOf(`k${i}`)).toEqual([{ entity_type: 'order', plenty_id: `50${i}` }]);
      expect(await linksOf(`f${i}`)).toEqual([{ entity_type: 'claim:order', plenty_id: 'run:other' }]);
      expect(await history.get(run.id)).toMatchObject({ status: 'completed', processed: 1 });
    }

    // A superseded execution (its owner token taken over) writes neither the link nor gives up the claim.
    const opened = await history.openActive(profile!.id, 'event', { mode: 'ids', ids: ['late'] }, 'request-late', 'job-late');
    const run = opened!.run!.row;
    const claim = claimOf('late', `run:${run.id}`);
    await insertClaim(claim);
    await history.resume(run.id);
    await expect(history.complete({ runId: run.id, token: run.ownerToken }, counts, null, [], 'completed',
      { links: [{ entityType: 'order', magentoKey: 'late', plentyId: '599' }], releasing: [claim] })).rejects.toBeInstanceOf(RunSupersededError);
    expect(await linksOf('late')).toEqual([{ entity_type: 'claim:order', plenty_id: claim.plentyId }]);

    const statements = (await prepared()).filter((s) => s.statement.includes('released as'));
    expect(statements.length).toBeGreaterThan(0);
    const analysed = await one.query<{ n: number }>(`select count(*)::int as n from pg_stat_user_tables
      where relname = 'entity_links' and (last_analyze is not null or last_autoanalyze is not null)`);
    expect(analysed[0]?.n).toBe(0);
    for (const { statement, types } of statements) {
      const plan = await genericPlan(statement, types);
      // Each claim by the key index, deleted by its row's address; the run row by its primary key.
      expect(plan).toContain('Index Scan using entity_links_magento_unique');
      expect(plan).toContain('Tid Scan on entity_links');
      expect(plan).toContain('Index Scan using profile_runs_pkey');
      expect(plan).not.toMatch(/Seq Scan|Bitmap|Hash Join/);
    }
  });
});
