import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';
import { MAX_KEYS_PER_EVENT } from '../../src/gateway/webhooks/limits.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { read, startHarness, waitFor, type Harness } from './support/harness.js';

/** Authentic webhooks whose content used to make the sender retry forever: each must end. */

const secret = `whsec_${Buffer.from('plentygate-inputs-test-secret-32b').toString('base64')}`;
const signKey = randomBytes(32).toString('base64url');
const token = randomBytes(32).toString('base64url');
let db: TestDatabase;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startHarness({
    db,
    env: {
      MAGENTO_WEBHOOK_SECRET: secret, PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_API_TOKENS: token, PLENTYGATE_DEBOUNCE_MS: '0',
      // The sweeper takes rows older than 30 s (the poison row below is): fresh rows are the fast path's alone.
      PLENTYGATE_INBOX_SWEEP_DELAY_MS: '30000', PLENTYGATE_INBOX_SWEEP_INTERVAL_MS: '100',
    },
  });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await db?.destroy();
});

const signed = (body: string, options: { id?: string } = {}) => h.post('/webhooks/magento', body, signStandardWebhook(body, secret, options));
const orderSaved = (keys: string[]) => JSON.stringify({ type: 'order.saved', data: { keys } });
const count = async () => Number((await db.query<{ n: string }>('select count(*) as n from webhook_inbox'))[0]!.n);
const api = (path: string) => fetch(`${h.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('an authentic webhook with keys the database cannot hold', () => {
  it('refuses a key holding a NUL character with a 400 saying why, and stores nothing', async () => {
    const before = await count();
    // `\\u0000` in the JSON text: a NUL character in the parsed key.
    const res = await signed('{"type":"order.saved","data":{"keys":["0001\\u0000"]}}');
    expect(res.status).toBe(400);
    expect((await read(res)).detail).toMatch(/NUL/);
    expect(await count()).toBe(before);
  });

  it('refuses a key holding a lone surrogate with a 400 saying why', async () => {
    const res = await signed('{"type":"order.saved","data":{"keys":["A-\\ud800"]}}');
    expect(res.status).toBe(400);
    expect((await read(res)).detail).toMatch(/surrogate/i);
  });

  it('stores a webhook whose id is longer than an index entry can be, and dedupes its retry', async () => {
    // Random text does not compress, so the index entry would really be this long.
    const id = `msg_${randomBytes(6000).toString('base64')}`;
    const body = orderSaved(['LONG-ID-1']);
    const first = await signed(body, { id });
    expect(first.status).toBe(200);
    expect(await read(first)).toMatchObject({ status: 'accepted' });
    const retry = await signed(body, { id });
    expect(await read(retry)).toEqual({ status: 'duplicate' });
  });

  it('stores an unknown event name holding a NUL as ignored instead of failing', async () => {
    const res = await signed('{"type":"news\\u0000letter.sent","data":{"keys":["1"]}}');
    expect(res.status).toBe(200);
    expect(await read(res)).toMatchObject({ status: 'ignored' });
  });
});

describe('an event naming more keys than one event may carry', () => {
  it(`becomes a delta sync of the entity (documented cap: ${MAX_KEYS_PER_EVENT} keys), noted on the row`, async () => {
    const keys = Array.from({ length: MAX_KEYS_PER_EVENT + 1 }, (_, i) => `MANY-${i}`);
    const res = await signed(orderSaved(keys));
    expect(res.status).toBe(200);
    const { id } = await read(res);
    const row = await read(await api(`/inbox/${id}`));
    expect(row.event).toEqual({ source: 'magento', entity: 'order', kind: 'saved', keys: [] });
    expect(row.note).toContain(`${MAX_KEYS_PER_EVENT + 1} keys`);
    await waitFor(async () => (await read(await api(`/inbox/${id}`))).status === 'dispatched', 'the row dispatched');
  });

  it('keeps every key up to the cap', async () => {
    const keys = Array.from({ length: MAX_KEYS_PER_EVENT }, (_, i) => `CAP-${i}`);
    const { id } = await read(await signed(orderSaved(keys)));
    const row = await read(await api(`/inbox/${id}`));
    expect(row.event.keys).toHaveLength(MAX_KEYS_PER_EVENT);
    await waitFor(async () => (await read(await api(`/inbox/${id}`))).status === 'dispatched', 'the row dispatched');
    // Dispatched in chunks of 100: every key becomes its job.
    const ids = new Set((await h.jobs()).flatMap((j) => (j.data as { input?: { ids?: string[] } }).input?.ids ?? []).filter((k) => k.startsWith('CAP-')));
    expect(ids.size).toBe(MAX_KEYS_PER_EVENT);
  }, 60_000);
});

describe('a row whose dispatch keeps failing while the queue works', () => {
  it('is marked failed with its reason after a limited number of attempts, visible in the inbox listing', async () => {
    // A row whose stored event is not one plentygate can dispatch (written by hand, or by an older version).
    const [poison] = await db.query<{ id: string }>(
      `insert into webhook_inbox (source, format, dedupe_key, body, event, status, received_at)
       values ('magento', 'extension', 'poison-1', '{}', '{"source":"magento","entity":"product","kind":"saved","keys":"P-1"}'::jsonb,
         'pending', now() - interval '1 minute') returning id`,
    );
    const id = Number(poison!.id);
    const row = await waitFor(async () => {
      const r = await read(await api(`/inbox/${id}`));
      return r.status === 'failed' ? r : null;
    }, 'the row marked failed', 60_000);
    expect(row.lastError).toEqual(expect.any(String));
    expect(row.attempts).toBeGreaterThan(1);
    const failed = await read(await api('/inbox?status=failed'));
    expect(failed.map((r: { id: number }) => r.id)).toContain(id);
    // A healthy webhook behind it is still dispatched.
    const ok = await read(await signed(orderSaved(['AFTER-POISON'])));
    await waitFor(async () => (await read(await api(`/inbox/${ok.id}`))).status === 'dispatched', 'the healthy row dispatched');
  }, 90_000);
});

describe('PlentyONE callbacks with the key in the body', () => {
  it('accepts a very deeply nested body (no 500) and stores it without the key', async () => {
    const depth = 50_000;
    const body = `{"event":"OrderUpdated","orderId":77,"signKey":"${signKey}","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const res = await h.post('/webhooks/plenty', body);
    expect(res.status).toBe(200);
    const { id } = await read(res);
    const [row] = await db.query<{ body: string; event: unknown }>('select body, event from webhook_inbox where id = $1', [id]);
    expect(row!.body).not.toContain(signKey);
    expect(row!.event).toMatchObject({ entity: 'order', keys: ['77'] });
  });

  it('redacts the key wherever it sits in the body, however deep', async () => {
    const nested = { event: 'OrderCreated', orderId: 78, signKey, a: { b: { c: { d: [{ e: { token: signKey, note: `x ${signKey}` } }] } } } };
    const res = await h.post('/webhooks/plenty', nested);
    expect(res.status).toBe(200);
    const { id } = await read(res);
    const [row] = await db.query<{ body: string }>('select body from webhook_inbox where id = $1', [id]);
    expect(row!.body).not.toContain(signKey);
    expect(JSON.parse(row!.body).a.b.c.d[0].e.token).toBe('[redacted]');
  });
});
