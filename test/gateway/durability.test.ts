import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../support/db.js';
import { testRedisPrefix } from '../support/redis.js';
import { itWithRedisServer } from '../support/redis-required.js';
import { startRedis, stopRedis } from '../support/redis-server.js';
import { startGatewayChild } from './support/child.js';
import { startHarness, waitFor } from './support/harness.js';
import { freePort } from '../../src/runtime/free-port.js';

const basic = `Basic ${Buffer.from('m:p').toString('base64')}`;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const post = (url: string, sku: string) => fetch(`${url}/webhooks/magento`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: basic },
  body: JSON.stringify({ event: 'update_product', sku }),
});

/**
 * A database for gateway child processes (PostgreSQL when DATABASE_URL is set, else PGlite in a folder
 * of its own) and the environment they share: embedded queue, no debounce, a sweep every 100 ms.
 */
async function childStore() {
  const pg = await createPostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'plentygate-kill-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  if (pg) cleanups.push(pg.drop);
  const env = {
    DATABASE_URL: pg?.url, PLENTYGATE_TEST_DATA_DIR: dataDir, REDIS_URL: '',
    MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_DEBOUNCE_MS: '0', PLENTYGATE_INBOX_SWEEP_INTERVAL_MS: '100',
  };
  return { env, pg };
}

describe('a webhook answered 2xx is never lost', () => {
  it('survives the process being killed after the answer and before the enqueue', async () => {
    const { env: store } = await childStore();
    const env = { ...store, PLENTYGATE_INBOX_SWEEP_DELAY_MS: '0' };

    const first = await startGatewayChild({ ...env, PLENTYGATE_TEST_RELAY: 'off' });
    const answers = await Promise.all(['KILL-1', 'KILL-2', 'KILL-3'].map((sku) => post(first.url, sku)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    first.process.kill('SIGKILL');
    await first.exited;
    expect(first.processed).toEqual([]);

    const second = await startGatewayChild(env);
    cleanups.push(async () => {
      second.process.kill('SIGTERM');
      await second.exited;
    });
    await waitFor(() => ['KILL-1', 'KILL-2', 'KILL-3'].every((k) => second.processed.includes(k)), 'the events processed after the restart', 60_000);
    // A slow dispatch may be retried by the sweeper: runs are idempotent, so only the set matters.
    expect([...new Set(second.processed)].sort()).toEqual(['KILL-1', 'KILL-2', 'KILL-3']);
  }, 300_000); // two cold starts of an embedded PGlite database take long on a busy machine

  it('survives the process being killed while the event runs in it, without a queue job', async () => {
    const { env, pg } = await childStore();

    // The relay runs both events here: FREE-1 finishes, HOLD-1 is still running when the process dies.
    const first = await startGatewayChild({ ...env, PLENTYGATE_TEST_HOLD: 'HOLD-', PLENTYGATE_INBOX_SWEEP_DELAY_MS: '60000' });
    // Its run never ends: a failed assertion before the kill below must not leave it running.
    cleanups.push(async () => {
      if (first.process.exitCode === null && first.process.signalCode === null) first.process.kill('SIGKILL');
      await first.exited;
    });
    expect((await post(first.url, 'FREE-1')).status).toBe(200);
    expect((await post(first.url, 'HOLD-1')).status).toBe(200);
    await waitFor(() => first.started.includes('HOLD-1') && first.processed.includes('FREE-1'), 'both runs started here', 60_000);
    // Past the relay's mark period (500 ms): a row marked before its run ended would be marked by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    if (pg) {
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      const rows = await sql.unsafe(`select status::text, (select count(*)::int from queue_jobs) as jobs from webhook_inbox order by id`);
      // The finished run is in the history under the job id its inbox row names.
      const [free] = await sql.unsafe(`select r.status::text from webhook_inbox w join profile_runs r on r.job_id = w.jobs->0->>'jobId'
        where w.status = 'dispatched'`);
      await sql.end();
      expect(rows.map((r) => ({ ...r }))).toEqual([{ status: 'dispatched', jobs: 0 }, { status: 'pending', jobs: 0 }]);
      expect(free?.status).toBe('completed');
    }
    first.process.kill('SIGKILL');
    await first.exited;

    const second = await startGatewayChild({ ...env, PLENTYGATE_INBOX_SWEEP_DELAY_MS: '0' });
    cleanups.push(async () => {
      second.process.kill('SIGTERM');
      await second.exited;
    });
    await waitFor(() => second.processed.includes('HOLD-1'), 'the interrupted event run after the restart', 60_000);
    // FREE-1's row was marked once its run ended: the sweeper does not run it again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(second.processed).toEqual(['HOLD-1']);
  }, 300_000);

  itWithRedisServer('survives a Redis outage: webhooks are answered while Redis is down, and every one is processed by the time it is back', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    cleanups.push(() => stopRedis(redis));
    const { prefix } = testRedisPrefix();
    const h = await startHarness({
      redis: { url: `redis://127.0.0.1:${port}`, prefix },
      env: {
        MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_DEBOUNCE_MS: '0', PLENTYGATE_DISPATCH_TIMEOUT_MS: '500',
        PLENTYGATE_INBOX_SWEEP_DELAY_MS: '0', PLENTYGATE_INBOX_SWEEP_INTERVAL_MS: '100',
      },
    });
    cleanups.push(() => h.close());
    const { startProfileWorker } = await import('../../src/profiles/worker.js');
    const { pino } = await import('pino');
    const worker = startProfileWorker({ db: h.db.db, queue: h.queue, registry: h.profiles.registry, log: pino({ level: 'silent' }) });
    cleanups.push(() => worker.close());

    expect((await post(h.url, 'BEFORE')).status).toBe(200);
    await waitFor(() => h.processed.includes('BEFORE'), 'the first event processed');

    await stopRedis(redis);
    const skus = Array.from({ length: 10 }, (_, i) => `OUTAGE-${i}`);
    const answers = await Promise.all(skus.map((sku) => post(h.url, sku)));
    expect(answers.map((r) => r.status)).toEqual(skus.map(() => 200));
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(503);

    redis = await startRedis(port);
    // Run here at once, or through the queue once Redis is back (an event that found no free slot).
    await waitFor(() => skus.every((k) => h.processed.includes(k)), 'every event processed after Redis came back', 30_000);
    // Adds that hung during the outage may finish on reconnect; the sweeper still marks every row dispatched.
    await waitFor(async () => (await h.db.query(`select id from webhook_inbox where status = 'pending'`)).length === 0, 'no pending rows', 30_000);
    expect(new Set(h.processed.filter((k) => k.startsWith('OUTAGE-'))).size).toBe(10);
  }, 120_000);
});
