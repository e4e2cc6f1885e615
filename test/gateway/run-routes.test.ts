import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHistory } from '../../src/profiles/history.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { startProfileWorker } from '../../src/profiles/worker.js';
import { NonRetryableError } from '../../src/queue/errors.js';
import { read, waitFor, type Harness } from './support/harness.js';
import { startQueueHarness } from './support/queue-harness.js';

const token = 'tok-runs-1';
let h: Harness;
beforeAll(async () => {
  // Dead letters and the resume check go to the queue: BullMQ when REDIS_URL is set, else the embedded queue.
  h = await startQueueHarness({ PLENTYGATE_API_TOKENS: token });
}, 180_000);
afterAll(async () => {
  await h?.close();
});

const api = (path: string, init: RequestInit = {}) => fetch(`${h.url}/api/v1${path}`, {
  ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
});

describe('runs across profiles', () => {
  it('lists runs filtered by profile, status, trigger and time, and shows one with its messages', async () => {
    const worker = startProfileWorker({ db: h.db.db, queue: h.queue, registry: h.profiles.registry, log: pino({ level: 'silent' }) });
    try {
      const { jobId } = await read(await api(`/profiles/${h.listenerId}/runs`, { method: 'POST', body: JSON.stringify({ mode: 'ids', ids: ['R-1', 'R-2'] }) }));
      const run = await waitFor(async () => {
        const [r] = await read(await api(`/runs?profile=${h.listenerId}&status=completed`));
        return r?.jobId === jobId ? r : null;
      }, 'a completed run');
      expect(run).toMatchObject({ trigger: 'manual', mode: 'ids', processed: 2, created: 2 });
      expect(await read(await api('/runs?trigger=cron'))).toEqual([]);
      expect(await read(await api(`/runs?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`))).toEqual([]);
      expect((await read(await api(`/runs?to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)))[0].id).toBe(run.id);
      const details = await read(await api(`/runs/${run.id}`));
      expect(details).toMatchObject({ id: run.id, status: 'completed', messages: expect.any(Array) });
      expect((await api('/runs/999999')).status).toBe(404);
      expect((await api('/runs?status=lost')).status).toBe(400);
      // A finished run is neither paused nor resumed.
      expect(await read(await api(`/runs/${run.id}/pause`, { method: 'POST' }))).toEqual({ paused: false });
      expect((await api(`/runs/${run.id}/resume`, { method: 'POST' })).status).toBe(409);
    } finally {
      await worker.close();
    }
  });
});

describe('resuming a paused run', () => {
  it('waits until the paused run\'s worker has finished its batch (409 before), then queues it', async () => {
    const q = h.queue.queue(PROFILE_QUEUE);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const worker = h.queue.worker(PROFILE_QUEUE, async () => held);
    try {
      await q.add('run', { profileId: h.listenerId, marker: 'held' }, { jobId: 'held-1', attempts: 1 });
      await waitFor(async () => (await q.get('held-1'))?.state === 'active', 'an active job');
      const history = createHistory(h.db.db);
      const run = await history.start(h.listenerId, 'manual', { mode: 'full' }, 'held-1');
      expect(await read(await api(`/runs/${run.id}/pause`, { method: 'POST' }))).toEqual({ paused: true });
      const early = await api(`/runs/${run.id}/resume`, { method: 'POST' });
      expect(early.status).toBe(409);
      expect((await read(early)).detail).toContain('still finishing the current batch');
      release();
      await waitFor(async () => (await q.get('held-1'))?.state !== 'active', 'the job let go');
      const resumed = await api(`/runs/${run.id}/resume`, { method: 'POST' });
      expect(resumed.status).toBe(202);
      expect(await read(resumed)).toMatchObject({ profileId: h.listenerId, jobId: expect.any(String) });
    } finally {
      release();
      await worker.close();
    }
  });
});

describe('profile test, export and import', () => {
  it('tests a profile, and exports and imports its config with schedules', async () => {
    expect(await read(await api(`/profiles/${h.listenerId}/test`, { method: 'POST' }))).toMatchObject({ id: h.listenerId, status: 'active' });
    await api(`/profiles/${h.listenerId}/schedules`, { method: 'PUT', body: JSON.stringify([{ cron: '0 4 * * *', timezone: 'Europe/Berlin' }]) });
    const doc = await read(await api(`/profiles/${h.listenerId}/export`));
    expect(doc).toMatchObject({ typeId: 'test_listener', config: {}, schedules: [expect.objectContaining({ cron: '0 4 * * *', timezone: 'Europe/Berlin' })] });
    const imported = await api('/profiles/import', { method: 'POST', body: JSON.stringify({ ...doc, schedules: [{ cron: '30 5 * * *', timezone: 'UTC' }] }) });
    expect(imported.status).toBe(200);
    expect((await read(imported)).schedules).toEqual([expect.objectContaining({ cron: '30 5 * * *' })]);
    const bad = await api('/profiles/import', { method: 'POST', body: JSON.stringify({ typeId: 'test_listener', config: { nope: 1 } }) });
    expect(bad.status).toBe(422);
    expect((await read(bad)).problems).toEqual([expect.stringContaining('nope')]);
  });
});

describe('collect configuration data', () => {
  it('says so when the process has no connections to collect through', async () => {
    const res = await api(`/profiles/${h.listenerId}/collect`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect((await read(res)).detail).toContain('no connections');
  });
});

describe('dead letters by time range', () => {
  it('replays only the dead jobs that failed within the range', async () => {
    const q = h.queue.queue(PROFILE_QUEUE);
    await q.add('run', { profileId: h.listenerId, marker: 'range-1' }, { jobId: 'range-1', attempts: 1 });
    const worker = h.queue.worker(PROFILE_QUEUE, async () => {
      throw new NonRetryableError('broken on purpose');
    });
    try {
      await waitFor(async () => (await q.get('range-1'))?.state === 'dead', 'a dead job');
    } finally {
      await worker.close();
    }
    const failedAt = (await q.get('range-1'))!.finishedAt!.getTime();
    const range = (from: number, to: number) => api('/dead-letters/replay-range', {
      method: 'POST', body: JSON.stringify({ from: new Date(from).toISOString(), to: new Date(to).toISOString() }),
    });
    expect(await read(await range(failedAt - 3_600_000, failedAt - 1000))).toEqual({ replayed: 0 });
    expect((await q.get('range-1'))!.state).toBe('dead');
    expect(await read(await range(failedAt - 1000, failedAt + 1000))).toEqual({ replayed: 1 });
    expect((await q.get('range-1'))!.state).not.toBe('dead');
    expect((await range(failedAt, failedAt - 1)).status).toBe(400);
  });
});
