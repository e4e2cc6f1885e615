/** The run bookkeeping on the event path: which of its statements run prepared on PostgreSQL, and their plans. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { profiles } from '../../src/db/schema/index.js';
import { createHistory } from '../../src/profiles/history.js';
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

  it('completes a run with link writes by a statement planned for its values (not prepared)', async () => {
    const [profile] = await one.db.insert(profiles).values({ typeId: 'plenty_item_export', name: 'links', status: 'active' }).returning();
    const history = createHistory(one.db);
    const opened = await history.openActive(profile!.id, 'event', { mode: 'ids', ids: ['k1'] }, 'request-links', 'job-links');
    const run = opened!.run!.row;
    const claim = { entityType: 'claim:order', magentoKey: 'k1', plentyId: `run:${run.id}` };
    await one.query('insert into entity_links (entity_type, magento_key, plenty_id) values ($1, $2, $3)', [claim.entityType, claim.magentoKey, claim.plentyId]);
    expect(await history.complete({ runId: run.id, token: run.ownerToken }, counts, null, [], 'completed',
      { links: [{ entityType: 'order', magentoKey: 'k1', plentyId: '501' }], releasing: [claim] })).toBe(true);
    const links = await one.query<{ entity_type: string; plenty_id: string }>('select entity_type, plenty_id from entity_links where magento_key = $1', ['k1']);
    expect(links).toEqual([{ entity_type: 'order', plenty_id: '501' }]);
    // Prepared, PostgreSQL would settle on a plan deleting the claims by a scan of every link.
    expect((await prepared()).filter((s) => s.statement.includes('released as'))).toEqual([]);
  });
});
