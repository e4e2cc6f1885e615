import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { MARK_DISPATCHED, type InboxInsert } from '../../src/gateway/inbox/store.js';
import { engine } from '../support/db.js';
import { useInboxStore } from './support/inbox-store.js';

/**
 * The dispatch mark runs as a prepared statement on PostgreSQL, so on a generic plan: it must look the
 * rows up by primary key whatever the statistics say, and still mark only rows that are pending.
 */

const inbox = useInboxStore();

const row = (key: string): InboxInsert => ({
  source: 'magento', format: 'standard-webhooks', dedupeKey: `webhook-id:${key}`, headers: {}, body: '{}',
  event: { source: 'magento', entity: 'order', kind: 'saved', keys: [key] },
});

describe('inbox dispatch mark', () => {
  it('marks pending rows only, each with its jobs', async () => {
    const { db, store } = inbox;
    const [pending, dispatched, failed] = await store.insertMany([row('m-1'), row('m-2'), row('m-3')]);
    await store.markDispatched([{ id: dispatched!, jobs: ['first'] }]);
    await db.query(`update webhook_inbox set status = 'failed' where id = $1`, [failed]);
    await store.markDispatched([{ id: pending!, jobs: ['a'] }, { id: dispatched!, jobs: ['second'] }, { id: failed!, jobs: ['c'] }]);
    expect(await store.get(pending!)).toMatchObject({ status: 'dispatched', jobs: ['a'] });
    expect(await store.get(dispatched!)).toMatchObject({ status: 'dispatched', jobs: ['first'] });
    expect(await store.get(failed!)).toMatchObject({ status: 'failed', jobs: null, dispatchedAt: null });
  });

  it.skipIf(engine !== 'postgres')('looks the rows up by primary key on a generic plan planned while few rows are pending', async () => {
    const { db, store } = inbox;
    // A steady load as ANALYZE sees it: nearly every row dispatched, a few pending.
    for (let b = 0; b < 20; b++) {
      const ids = await store.insertMany(Array.from({ length: 100 }, (_, i) => row(`p-${b}-${i}`)));
      await store.markDispatched(ids.slice(b === 19 ? 5 : 0).map((id) => ({ id: id!, jobs: [] })));
    }
    await db.query('analyze webhook_inbox');
    const sql = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe('set plan_cache_mode = force_generic_plan');
      await sql.unsafe(`prepare mark(bigint[], text[]) as ${MARK_DISPATCHED}`);
      const plan = (await sql.unsafe(`explain execute mark('{1,2}', '{null,null}')`)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('webhook_inbox_pkey');
      expect(plan).not.toContain('webhook_inbox_status_received_idx');
    } finally {
      await sql.end();
    }
  });
});
