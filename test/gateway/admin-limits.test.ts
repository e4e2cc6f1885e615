import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MAX_BODY_BYTES, MAX_RUN_IDS, MAX_SCHEDULES } from '../../src/gateway/api/limits.js';
import { testRedisPrefix } from '../support/redis.js';
import { read, startHarness, type Harness } from './support/harness.js';

/** The admin API refuses what it cannot use with a 4xx that says why: never a 500, never a huge read. */

const token = randomBytes(32).toString('base64url');
const redis = testRedisPrefix();
let h: Harness;

beforeAll(async () => {
  // The dead-letter routes go to the queue: BullMQ when REDIS_URL is set, else the embedded queue.
  h = await startHarness({
    env: { PLENTYGATE_API_TOKENS: token },
    ...(process.env.REDIS_URL ? { redis: { url: process.env.REDIS_URL, prefix: redis.prefix } } : {}),
  });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await redis.cleanup();
});

const api = (path: string, init: RequestInit = {}) => fetch(`${h.url}/api/v1${path}`, {
  ...init,
  headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
});

describe('request bodies', () => {
  it(`refuses a body over ${ADMIN_MAX_BODY_BYTES} bytes with 413 and Connection: close, before reading it`, async () => {
    const big = JSON.stringify({ config: { blob: 'x'.repeat(ADMIN_MAX_BODY_BYTES + 10) } });
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = request(`${h.url}/api/v1/profiles/${h.listenerId}/config`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) },
      }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      });
      req.on('error', reject);
      req.end(big);
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body).detail).toContain(String(ADMIN_MAX_BODY_BYTES));
  });
});

describe('path parameters', () => {
  it('answers an out-of-range id with 400 saying what an id is', async () => {
    for (const path of ['/profiles/99999999999999999999', '/profiles/2147483648', '/inbox/99999999999999999999', '/profiles/99999999999999999999/history']) {
      const res = await api(path);
      expect(res.status, path).toBe(400);
      expect((await read(res)).problems.join(' ')).toMatch(/id/);
    }
  });

  it('answers a NUL in a profile reference or a dead-letter id with 400', async () => {
    for (const path of ['/profiles/plenty%00item', '/profiles/%00/history']) {
      const res = await api(path);
      expect(res.status, path).toBe(400);
    }
    expect((await api('/dead-letters/a%00b/replay', { method: 'POST' })).status).toBe(400);
  });

  it('answers a dead-letter replay of an unknown id, numeric or not, with 404', async () => {
    for (const id of ['id', '99999999999999999999', 'profiles%2Fx']) {
      const res = await api(`/dead-letters/${id}/replay`, { method: 'POST' });
      expect(res.status, id).toBe(404);
      expect((await read(res)).detail).toMatch(/No dead job/);
    }
  });

  it('answers a non-numeric inbox id with 400', async () => {
    expect((await api('/inbox/abc')).status).toBe(400);
    expect((await api('/inbox/abc/replay', { method: 'POST' })).status).toBe(400);
  });
});

describe('documented caps', () => {
  it(`refuses more than ${MAX_SCHEDULES} schedules for a profile`, async () => {
    const schedules = Array.from({ length: MAX_SCHEDULES + 1 }, () => ({ cron: '*/15 * * * *' }));
    const res = await api(`/profiles/${h.listenerId}/schedules`, { method: 'PUT', body: JSON.stringify(schedules) });
    expect(res.status).toBe(400);
    expect((await read(res)).problems.join(' ')).toContain(String(MAX_SCHEDULES));
    const fine = await api(`/profiles/${h.listenerId}/schedules`, { method: 'PUT', body: JSON.stringify(schedules.slice(0, 2)) });
    expect(fine.status).toBe(200);
  });

  it(`refuses a manual run naming more than ${MAX_RUN_IDS} ids, or an id with a NUL`, async () => {
    const ids = Array.from({ length: MAX_RUN_IDS + 1 }, (_, i) => `ID-${i}`);
    const res = await api(`/profiles/${h.listenerId}/runs`, { method: 'POST', body: JSON.stringify({ mode: 'ids', ids }) });
    expect(res.status).toBe(400);
    expect((await read(res)).problems.join(' ')).toContain(String(MAX_RUN_IDS));
    const nul = await api(`/profiles/${h.listenerId}/runs`, { method: 'POST', body: JSON.stringify({ mode: 'ids', ids: ['A\u0000'] }) });
    expect(nul.status).toBe(400);
  });
});
