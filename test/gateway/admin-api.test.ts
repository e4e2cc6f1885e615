import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../src/queue/errors.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { read, startHarness, waitFor, type Harness } from './support/harness.js';

const token = 'tok-admin-1';
let db: TestDatabase;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startHarness({ db, env: { PLENTYGATE_API_TOKENS: `other-token, ${token}`, MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_DEBOUNCE_MS: '0' } });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await db?.destroy();
});

const api = (path: string, init: RequestInit = {}, bearer: string | null = token) => fetch(`${h.url}/api/v1${path}`, {
  ...init,
  headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
});

describe('authentication', () => {
  it('refuses a missing or wrong token with a 401 problem', async () => {
    for (const bearer of [null, 'tok-admin-2']) {
      const res = await api('/profiles', {}, bearer);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('is off with 503 and says how to turn it on when no tokens are configured', async () => {
    const off = await startHarness({ db, env: {} });
    try {
      const res = await fetch(`${off.url}/api/v1/profiles`, { headers: { authorization: 'Bearer anything' } });
      expect(res.status).toBe(503);
      expect((await read(res)).detail).toContain('PLENTYGATE_API_TOKENS');
    } finally {
      await off.close();
    }
  });
});

describe('profiles', () => {
  it('lists and gets profiles by id or type id', async () => {
    const list = await read(await api('/profiles'));
    expect(list).toEqual([expect.objectContaining({ id: h.listenerId, typeId: 'test_listener', status: 'active' })]);
    const byType = await read(await api('/profiles/test_listener'));
    // A new profile's one schedule: the default delta reconciliation.
    expect(byType).toMatchObject({ id: h.listenerId, missing: [], implemented: true, schedules: [{ cron: '*/15 * * * *', mode: 'delta' }] });
    const missing = await api('/profiles/plenty_nope');
    expect(missing.status).toBe(404);
    expect((await read(missing)).detail).toContain('plenty_nope');
  });

  it('validates config updates (422 with the problems, 400 for a malformed request) and enables/disables', async () => {
    const bad = await api(`/profiles/${h.listenerId}/config`, { method: 'PUT', body: JSON.stringify({ config: { unexpected: 1 } }) });
    expect(bad.status).toBe(422);
    expect((await read(bad)).problems).toEqual([expect.any(String)]);
    const malformed = await api(`/profiles/${h.listenerId}/config`, { method: 'PUT', body: JSON.stringify({ nope: true }) });
    expect(malformed.status).toBe(400);
    expect((await read(malformed)).problems).toEqual([expect.stringContaining('config')]);
    const disabled = await api(`/profiles/${h.listenerId}/disable`, { method: 'POST' });
    expect(await read(disabled)).toMatchObject({ status: 'disabled' });
    expect(await read(await api(`/profiles/${h.listenerId}/enable`, { method: 'POST' }))).toMatchObject({ status: 'active' });
  });

  it('replaces schedules and rejects a bad cron pattern', async () => {
    const res = await api(`/profiles/${h.listenerId}/schedules`, { method: 'PUT', body: JSON.stringify([{ cron: '*/15 * * * *', timezone: 'Europe/Berlin' }]) });
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual([expect.objectContaining({ cron: '*/15 * * * *', timezone: 'Europe/Berlin', mode: 'delta', enabled: true })]);
    const bad = await api(`/profiles/${h.listenerId}/schedules`, { method: 'PUT', body: JSON.stringify([{ cron: 'every day' }]) });
    expect(bad.status).toBe(422);
  });

  it('queues a run (202 with the job id) and shows it in the history once a worker ran it', async () => {
    const res = await api(`/profiles/${h.listenerId}/runs`, { method: 'POST', body: JSON.stringify({ mode: 'ids', ids: ['A-1'] }) });
    expect(res.status).toBe(202);
    const { jobId } = await read(res);
    expect(typeof jobId).toBe('string');
    const { startProfileWorker } = await import('../../src/profiles/worker.js');
    const { pino } = await import('pino');
    const worker = startProfileWorker({ db: db.db, queue: h.queue, registry: h.profiles.registry, log: pino({ level: 'silent' }) });
    try {
      const runs = await waitFor(async () => {
        const r = await read(await api(`/profiles/${h.listenerId}/history?limit=5`));
        return r.length && r[0].status === 'completed' ? r : null;
      }, 'a completed run');
      expect(runs[0]).toMatchObject({ trigger: 'manual', mode: 'ids', processed: 1, created: 1 });
    } finally {
      await worker.close();
    }
  });
});

describe('inbox and dead letters', () => {
  it('lists the inbox, shows a row, and replays it', async () => {
    const post = await fetch(`${h.url}/webhooks/magento`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('m:p').toString('base64')}` },
      body: JSON.stringify({ event: 'update_product', sku: 'INBOX-1' }),
    });
    const { id } = await read(post);
    await waitFor(async () => (await read(await api(`/inbox/${id}`))).status === 'dispatched', 'dispatched row');
    const rows = await read(await api('/inbox?source=magento&limit=10'));
    expect(rows[0]).toMatchObject({ id, format: 'extension', status: 'dispatched', event: { entity: 'product', keys: ['INBOX-1'] } });
    const replay = await api(`/inbox/${id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    await waitFor(async () => (await read(await api(`/inbox/${id}`))).status === 'dispatched', 'dispatched again');
    expect((await api('/inbox/999999')).status).toBe(404);
    expect((await api('/inbox?status=lost')).status).toBe(400);
  });

  it('lists dead jobs with their data and last error, and replays one or all', async () => {
    const q = h.queue.queue(PROFILE_QUEUE);
    await q.add('run', { profileId: h.listenerId, marker: 'dead-1' }, { jobId: 'dead-1', attempts: 1 });
    await q.add('run', { profileId: h.listenerId, marker: 'dead-2' }, { jobId: 'dead-2', attempts: 1 });
    const worker = h.queue.worker(PROFILE_QUEUE, async (job) => {
      throw new NonRetryableError(`mapping missing for ${(job.data as { marker?: string }).marker}`);
    });
    try {
      await waitFor(async () => (await q.counts()).dead >= 2, 'two dead jobs');
    } finally {
      await worker.close();
    }
    const dead = await read(await api('/dead-letters'));
    expect(dead).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'dead-1', queue: PROFILE_QUEUE, data: expect.objectContaining({ marker: 'dead-1' }), lastError: expect.stringContaining('mapping missing for dead-1') }),
    ]));
    expect(await read(await api('/dead-letters/dead-1/replay', { method: 'POST' }))).toEqual({ replayed: 1 });
    expect((await api('/dead-letters/dead-1/replay', { method: 'POST' })).status).toBe(404);
    const stillDead = (await q.counts()).dead;
    expect(stillDead).toBeGreaterThanOrEqual(1);
    expect(await read(await api('/dead-letters/replay', { method: 'POST' }))).toEqual({ replayed: stillDead });
    expect((await q.counts()).dead).toBe(0);
  });
});

describe('documentation', () => {
  it('serves the OpenAPI document and Swagger UI without a token', async () => {
    const doc = await read(await fetch(`${h.url}/api/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/profiles', '/api/v1/profiles/{ref}', '/api/v1/profiles/{ref}/config', '/api/v1/profiles/{ref}/schedules',
      '/api/v1/profiles/{ref}/enable', '/api/v1/profiles/{ref}/disable', '/api/v1/profiles/{ref}/runs',
      '/api/v1/profiles/{ref}/history', '/api/v1/inbox', '/api/v1/inbox/{id}/replay', '/api/v1/dead-letters',
      '/api/v1/dead-letters/{id}/replay', '/api/v1/dead-letters/replay',
    ]));
    expect(doc.components.securitySchemes.Bearer).toEqual({ type: 'http', scheme: 'bearer' });
    const ui = await fetch(`${h.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await fetch(`${h.url}/nowhere`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
