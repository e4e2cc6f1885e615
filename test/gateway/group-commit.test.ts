import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCommit, InboxTimeoutError, MAX_BATCHES_IN_FLIGHT, type GroupCommitOptions } from '../../src/gateway/inbox/group-commit.js';
import { createInboxStore, type InboxInsert, type InboxStore } from '../../src/gateway/inbox/store.js';
import { loadGatewaySettings } from '../../src/gateway/settings.js';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';
import { ConfigError } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { read, startHarness, waitFor, type Harness } from './support/harness.js';

/**
 * Group commit: concurrent webhooks share one insert statement, each answered only once its own row is
 * committed; duplicates inside a batch are resolved as the table resolves them across batches; a row
 * the database refuses fails only its own webhook.
 */

let db: TestDatabase;
let store: InboxStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createInboxStore(db);
}, 120_000);
afterAll(async () => db?.destroy());

let seq = 0;
const row = (extra: Partial<InboxInsert> = {}): InboxInsert => ({
  source: 'magento', format: 'adobe-commerce', dedupeKey: `gc-${++seq}`, headers: { 'webhook-id': `gc-${seq}` },
  body: `{"n":${seq}}`, event: { source: 'magento', entity: 'order', kind: 'saved', keys: [String(seq)] }, ...extra,
});

const rowsWith = async (keys: string[]) =>
  db.query<{ id: string; dedupe_key: string; body: string }>('select id, dedupe_key, body from webhook_inbox where dedupe_key = any($1::text[]) order by id', [keys]);

/** The wait before a batch is written, driven by hand: `fire` ends every wait scheduled so far. */
function manualWait() {
  const waits: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    waits,
    schedule: (fn: () => void, ms: number) => {
      const w = { fn, ms, cancelled: false };
      waits.push(w);
      return () => { w.cancelled = true; };
    },
    fire() {
      for (const w of waits.splice(0)) if (!w.cancelled) w.fn();
    },
  };
}

function writer(options: Partial<GroupCommitOptions> = {}) {
  const flushes: { rows: number; fallback: boolean }[] = [];
  const wait = manualWait();
  const w = createGroupCommit({
    store, maxRows: 100, maxWaitMs: 5, schedule: wait.schedule, onFlush: (b) => flushes.push(b), ...options,
  });
  return { w, flushes, wait };
}

describe('batches', () => {
  it('writes concurrent rows by statements of at most the max rows, each answered with its own committed id', async () => {
    const { w, flushes, wait } = writer({ maxRows: 5 });
    const rows = Array.from({ length: 12 }, () => row());
    const settled: (number | null)[] = [];
    const answers = rows.map((r) => w.insert(r).then((id) => { settled.push(id); return id; }));
    // Two full batches go at once; the last two rows wait for the batch's wait to end.
    const first = await Promise.all(answers.slice(0, 10));
    expect(flushes).toEqual([{ rows: 5, fallback: false }, { rows: 5, fallback: false }]);
    expect(settled).toHaveLength(10);
    wait.fire();
    const last = await Promise.all(answers.slice(10));
    expect(flushes.at(-1)).toEqual({ rows: 2, fallback: false });

    const stored = await rowsWith(rows.map((r) => r.dedupeKey));
    expect(stored).toHaveLength(12);
    // Each answer is the id of its own row.
    const idOf = new Map(stored.map((s) => [s.dedupe_key, Number(s.id)]));
    expect([...first, ...last]).toEqual(rows.map((r) => idOf.get(r.dedupeKey)));
  });

  it('with max rows 1 writes every row by its own statement', async () => {
    const { w, flushes } = writer({ maxRows: 1 });
    const ids = await Promise.all([row(), row(), row()].map((r) => w.insert(r)));
    expect(new Set(ids).size).toBe(3);
    expect(flushes).toEqual([1, 1, 1].map((rows) => ({ rows, fallback: false })));
  });

  it('writes a batch that is not full once the max wait set for it is over, not before', async () => {
    const { w, flushes, wait } = writer({ maxRows: 100, maxWaitMs: 7 });
    let settled = false;
    const answer = w.insert(row()).then((id) => { settled = true; return id; });
    const second = w.insert(row());
    expect(wait.waits.map((x) => x.ms)).toEqual([7]);
    await db.query('select 1'); // a round trip: nothing was written meanwhile
    expect(settled).toBe(false);
    expect(flushes).toEqual([]);
    wait.fire();
    expect(await answer).toEqual(expect.any(Number));
    expect(await second).toEqual(expect.any(Number));
    expect(flushes).toEqual([{ rows: 2, fallback: false }]);
  });
});

describe('no wait (max wait 0, the default)', () => {
  it('writes the rows inserted in one event-loop turn by one statement', async () => {
    const flushes: { rows: number; fallback: boolean }[] = [];
    const w = createGroupCommit({ store, maxRows: 100, maxWaitMs: 0, onFlush: (b) => flushes.push(b) });
    const ids = await Promise.all([row(), row(), row()].map((r) => w.insert(r)));
    expect(new Set(ids).size).toBe(3);
    expect(flushes).toEqual([{ rows: 3, fallback: false }]);
  });

  it('keeps at most MAX_BATCHES_IN_FLIGHT statements out; rows coming meanwhile go together when one returns', async () => {
    // Each statement is held until released, in order: a database busy committing.
    const releases: (() => void)[] = [];
    const held: InboxStore = {
      ...store,
      insertMany: async (rows) => {
        await new Promise<void>((resolve) => releases.push(resolve));
        return store.insertMany(rows);
      },
    };
    const { w, flushes, wait } = writer({ store: held, maxWaitMs: 0 });
    const answers: Promise<number | null>[] = [];
    for (let i = 0; i < MAX_BATCHES_IN_FLIGHT; i++) {
      answers.push(w.insert(row()));
      wait.fire();
    }
    expect(MAX_BATCHES_IN_FLIGHT).toBe(2);
    expect(releases).toHaveLength(MAX_BATCHES_IN_FLIGHT);
    // Both statements are out: these wait, whatever the wait says.
    answers.push(w.insert(row()), w.insert(row()), w.insert(row()));
    wait.fire();
    await db.query('select 1');
    expect(releases).toHaveLength(MAX_BATCHES_IN_FLIGHT);
    releases.shift()!();
    await answers[0];
    // The first returned: the three waiting rows went by one statement.
    await waitFor(async () => releases.length === MAX_BATCHES_IN_FLIGHT, 'the third statement');
    for (const release of releases.splice(0)) release();
    expect(new Set(await Promise.all(answers)).size).toBe(answers.length);
    expect(flushes.map((f) => f.rows).sort()).toEqual([1, 1, 3]);
  });
});

describe('duplicates inside a batch', () => {
  it('stores a repeated key once: the first is answered with the id, the repeat as a duplicate', async () => {
    const { w, wait } = writer();
    const a = row();
    const answers = [w.insert(a), w.insert({ ...a, body: '{"retry":true}' })];
    wait.fire();
    const [id, repeat] = await Promise.all(answers);
    expect(id).toEqual(expect.any(Number));
    expect(repeat).toBeNull();
    expect(await rowsWith([a.dedupeKey])).toEqual([expect.objectContaining({ body: a.body })]);
  });

  it('treats a body hash of the next bucket as a duplicate of the previous bucket in the same batch', async () => {
    const { w, wait } = writer();
    const answers = [
      w.insert(row({ dedupeKey: 'sha256:gc-batch:10' })),
      w.insert(row({ dedupeKey: 'sha256:gc-batch:11', alsoDuplicateOf: ['sha256:gc-batch:10'], duplicateWithinS: 300 })),
    ];
    wait.fire();
    expect(await Promise.all(answers)).toEqual([expect.any(Number), null]);
    expect(await rowsWith(['sha256:gc-batch:10', 'sha256:gc-batch:11'])).toHaveLength(1);
  });

  it('keeps the same key of two sources apart, and answers a key stored earlier as a duplicate', async () => {
    const stored = row();
    expect(await store.insert(stored)).toEqual(expect.any(Number));
    const { w, wait } = writer();
    const fresh = row();
    const answers = [w.insert({ ...stored }), w.insert(fresh), w.insert({ ...fresh, source: 'plenty' })];
    wait.fire();
    const [again, magento, plenty] = await Promise.all(answers);
    expect(again).toBeNull();
    expect(magento).toEqual(expect.any(Number));
    expect(plenty).toEqual(expect.any(Number));
    expect(plenty).not.toBe(magento);
  });
});

describe('a row the database refuses', () => {
  it('fails only its own insert; the other rows of the batch are stored', async () => {
    const { w, flushes, wait } = writer();
    // text columns cannot hold a NUL: the multi-row statement fails as a whole.
    const bad = row({ body: 'before\u0000after' });
    const good = [row(), row(), row()];
    const answers = [w.insert(good[0]!), w.insert(bad), w.insert(good[1]!), w.insert(good[2]!)].map((p) =>
      p.then((id) => ({ id }), (error: Error) => ({ error: error.message })));
    wait.fire();
    const [a, refused, b, c] = await Promise.all(answers);
    expect(refused).toEqual({ error: expect.any(String) });
    for (const ok of [a, b, c]) expect(ok).toEqual({ id: expect.any(Number) });
    expect(flushes).toEqual([{ rows: 4, fallback: true }]);
    expect((await rowsWith(good.map((r) => r.dedupeKey))).map((r) => r.dedupe_key).sort()).toEqual(good.map((r) => r.dedupeKey).sort());
    expect(await rowsWith([bad.dedupeKey])).toEqual([]);
  });

  it('fails a repeat of the refused row with it, instead of answering it as a duplicate of nothing', async () => {
    const { w, wait } = writer();
    const bad = row({ body: '\u0000' });
    const answers = [w.insert(bad), w.insert({ ...bad }), w.insert(row())].map((p) => p.then(() => 'stored', () => 'refused'));
    wait.fire();
    expect(await Promise.all(answers)).toEqual(['refused', 'refused', 'stored']);
  });
});

describe('a database that does not answer', () => {
  it('refuses each row after the timeout and keeps the late write', async () => {
    // The statement is held until released: a database that stopped answering, then answered.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const slow: InboxStore = { ...store, insertMany: async (rows) => { await held; return store.insertMany(rows); } };
    const { w, wait } = writer({ store: slow, timeoutMs: 30 });
    const rows = [row(), row(), row()];
    const answers = rows.map((r) => w.insert(r).then(() => 'stored', (error: Error) => error));
    wait.fire();
    for (const answer of await Promise.all(answers)) {
      expect(answer).toBeInstanceOf(InboxTimeoutError);
      expect((answer as Error).message).toBe('no answer from the database within 30 ms');
    }
    release();
    // The write went on: a retry of these webhooks is a duplicate.
    await waitFor(async () => (await rowsWith(rows.map((r) => r.dedupeKey))).length === 3, 'the late write');
    const { w: again, wait: againWait } = writer();
    const retries = rows.map((r) => again.insert({ ...r }));
    againWait.fire();
    expect(await Promise.all(retries)).toEqual([null, null, null]);
  });

  it('refuses rows still waiting for a statement slot after the timeout too, and writes them later', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const slow: InboxStore = { ...store, insertMany: async (rows) => { await held; return store.insertMany(rows); } };
    // One row a statement: MAX_BATCHES_IN_FLIGHT rows are out, the others wait for a slot.
    const { w, wait } = writer({ store: slow, timeoutMs: 30, maxRows: 1 });
    const rows = Array.from({ length: MAX_BATCHES_IN_FLIGHT + 2 }, () => row());
    const answers = rows.map((r) => w.insert(r).then(() => 'stored', (error: Error) => error));
    wait.fire();
    for (const answer of await Promise.all(answers)) expect(answer).toBeInstanceOf(InboxTimeoutError);
    release();
    await waitFor(async () => (await rowsWith(rows.map((r) => r.dedupeKey))).length === rows.length, 'the late writes');
  });

  it('answers rows committed in time as usual when a timeout is set', async () => {
    const { w, wait } = writer({ timeoutMs: 60_000 });
    const answers = [w.insert(row()), w.insert(row())];
    wait.fire();
    expect(await Promise.all(answers)).toEqual([expect.any(Number), expect.any(Number)]);
  });
});

describe('settings', () => {
  it('reads the max rows and max wait from the environment, with defaults', () => {
    expect(loadGatewaySettings({}).inbox.batch).toEqual({ maxRows: 200, maxWaitMs: 0 });
    expect(loadGatewaySettings({ PLENTYGATE_INBOX_BATCH_MAX_ROWS: '50', PLENTYGATE_INBOX_BATCH_MAX_WAIT_MS: '3' }).inbox.batch)
      .toEqual({ maxRows: 50, maxWaitMs: 3 });
  });

  it('refuses a max of 0 rows or a negative wait, naming the setting', () => {
    expect(() => loadGatewaySettings({ PLENTYGATE_INBOX_BATCH_MAX_ROWS: '0' })).toThrow(/PLENTYGATE_INBOX_BATCH_MAX_ROWS/);
    expect(() => loadGatewaySettings({ PLENTYGATE_INBOX_BATCH_MAX_WAIT_MS: '-1' })).toThrow(ConfigError);
  });
});

describe('through the gateway', () => {
  const secret = `whsec_${Buffer.from('plentygate-group-commit-test-secret').toString('base64')}`;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        MAGENTO_WEBHOOK_SECRET: secret, PLENTYGATE_DEBOUNCE_MS: '0',
        PLENTYGATE_INBOX_BATCH_MAX_ROWS: '8', PLENTYGATE_INBOX_BATCH_MAX_WAIT_MS: '20',
      },
    });
  }, 180_000);
  afterAll(async () => h?.close());

  const send = (key: string, id: string) => {
    const body = JSON.stringify({ type: 'order.saved', data: { keys: [key] } });
    return h.post('/webhooks/magento', body, signStandardWebhook(body, secret, { id }));
  };

  it('accepts concurrent webhooks, each with its own stored row, and dispatches every one', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `GC-${i}`);
    const responses = await Promise.all(keys.map((k) => send(k, `msg_gc_${k}`)));
    const bodies = await Promise.all(responses.map((r) => read(r)));
    expect(responses.map((r) => r.status)).toEqual(keys.map(() => 200));
    expect(bodies.map((b) => b.status)).toEqual(keys.map(() => 'accepted'));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(30);
    const rows = await h.db.query<{ id: string; headers: { 'webhook-id': string } }>(
      `select id, headers from webhook_inbox where headers->>'webhook-id' like 'msg_gc_%'`);
    expect(rows).toHaveLength(30);
    // The answer's id is the row holding that webhook.
    const byMessage = new Map(rows.map((r) => [r.headers['webhook-id'], Number(r.id)]));
    expect(bodies.map((b) => b.id)).toEqual(keys.map((k) => byMessage.get(`msg_gc_${k}`)));
    const statuses = async () => (await h.db.query<{ status: string; n: string }>(
      `select status, count(*) as n from webhook_inbox where headers->>'webhook-id' like 'msg_gc_%' group by status`));
    await waitFor(async () => { const s = await statuses(); return s.length === 1 && s[0]!.status === 'dispatched'; }, 'the 30 rows dispatched', 60_000);
    // Dispatched together, each webhook still became the job of its own key.
    const jobs = await h.jobs();
    const jobKeys = jobs.map((j) => (j.data as { input: { ids?: string[] } }).input.ids?.[0]).filter((k) => k?.startsWith('GC-'));
    expect(jobKeys.sort()).toEqual([...keys].sort());
  });

  it('answers one of two concurrent deliveries of the same webhook as accepted and the other as a duplicate', async () => {
    const [a, b] = await Promise.all([send('GC-DUP', 'msg_gc_dup'), send('GC-DUP', 'msg_gc_dup')]);
    const outcomes = [(await read(a)).status, (await read(b)).status].sort();
    expect(outcomes).toEqual(['accepted', 'duplicate']);
    expect(await h.db.query(`select id from webhook_inbox where headers->>'webhook-id' = 'msg_gc_dup'`)).toHaveLength(1);
  });
});
