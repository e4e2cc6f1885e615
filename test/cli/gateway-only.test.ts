/**
 * `plentygate serve --gateway-only`: a gateway that runs no jobs, for a deployment whose `worker`
 * processes run them (its event loop then answers webhooks only). Refused on the embedded default,
 * where no other process could run the jobs.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startProcess, type RunningProcess } from '../../src/runtime/processes.js';
import { createPostgresDatabase } from '../support/db.js';
import { distributedMissing } from '../support/redis-required.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { cliEnvironment } from './cli.js';

describe('serve --gateway-only on the embedded default', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  beforeAll(async () => {
    cli = await cliEnvironment({ engine: 'pglite' });
  });
  afterAll(async () => cli?.cleanup());

  it('is refused with what to do instead', async () => {
    const result = await cli.run(['serve', '--gateway-only'], { PORT: String(await freePort()), HOST: '127.0.0.1' });
    // A configuration error (exit 2, as for any invalid setting), said before anything opens.
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('serve --gateway-only runs no jobs');
    expect(result.stderr).toContain('set DATABASE_URL and REDIS_URL');
  });
});

describe.skipIf(Boolean(distributedMissing))('serve --gateway-only on PostgreSQL + Redis', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  let env: Record<string, string>;
  let queue: Queue;
  beforeAll(async () => {
    const pg = (await createPostgresDatabase())!;
    cleanup.push(pg.drop);
    const redis = testRedisPrefix();
    cleanup.push(redis.cleanup);
    env = {
      DATABASE_URL: pg.url, REDIS_URL: redisUrl, REDIS_PREFIX: redis.prefix, HOST: '127.0.0.1',
      PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'error',
    };
    queue = new Queue(PROFILE_QUEUE, { connection: { url: redisUrl }, prefix: redis.prefix });
    cleanup.push(() => queue.close());
  }, 60_000);
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  }, 60_000);

  it('answers as a gateway, takes no job itself, and a worker process runs what it queued', { timeout: 120_000 }, async () => {
    const config = loadConfig({ ...env, PORT: String(await freePort()) });
    const serve: RunningProcess = await startProcess(config, createLogger('error'), { gateway: true, jobs: false, gatewayEnv: env });
    cleanup.push(() => serve.stop());
    expect((await fetch(`${serve.gateway!.url}/healthz`)).status).toBe(200);
    // BullMQ names the Redis connections of its workers: none is this process's.
    expect(await queue.getWorkers()).toHaveLength(0);

    const { jobId } = await serve.runtime.service.requestRun('plenty_stock_import', { trigger: 'manual', input: { mode: 'full' } });
    expect(await queue.getJobState(jobId)).toMatch(/^(waiting|prioritized)$/);

    const worker = await startProcess(loadConfig(env), createLogger('error'), { gateway: false });
    cleanup.push(() => worker.stop());
    await expect.poll(async () => (await queue.getWorkers()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    // The stock import has no connections configured: the worker runs it, and it fails saying so.
    await expect.poll(() => queue.getJobState(jobId), { timeout: 60_000 }).toMatch(/^(completed|failed)$/);
  });
});
