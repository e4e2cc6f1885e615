/**
 * One `plentygate serve` process (gateway + worker + scheduler) for an end-to-end test, on the engines
 * the environment names: PostgreSQL when DATABASE_URL is set (a database of its own), else PGlite in a
 * temporary data folder; Redis (a key prefix of its own) when `redis` is asked for, else the embedded
 * queue. Credentials for both sandboxes are stored as a merchant would. Everything it made is undone
 * by `cleanup`, last made first.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startProcess, type RunningProcess } from '../../src/runtime/processes.js';
import type { Runtime } from '../../src/runtime/open.js';
import type { StartedSandboxes } from '../../src/sandbox/start.js';
import { createPostgresDatabase } from '../support/db.js';
import { testRedisPrefix } from '../support/redis.js';

export interface EngineOptions {
  port: number;
  /** Gateway settings a merchant sets (webhook secrets …); the rest stays at its defaults. */
  env: Record<string, string>;
  redis: boolean;
  cleanup: (() => Promise<unknown> | void)[];
}

/**
 * The environment of a `serve` on those engines (a database or data folder and a Redis prefix of its
 * own, removed by `cleanup`); a spawned `plentygate serve` can be given it as it is.
 */
export async function engineEnvironment(options: EngineOptions): Promise<Record<string, string>> {
  const { cleanup } = options;
  const env: Record<string, string> = {
    HOST: '127.0.0.1', PORT: String(options.port), LOG_LEVEL: 'error', PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex'), ...options.env,
  };
  if (process.env.DATABASE_URL) {
    const pg = (await createPostgresDatabase())!;
    cleanup.push(pg.drop);
    env.DATABASE_URL = pg.url;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'plentygate-e2e-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    env.PLENTYGATE_DATA_DIR = dir;
  }
  if (options.redis) {
    const redis = testRedisPrefix();
    cleanup.push(redis.cleanup);
    Object.assign(env, { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: redis.prefix });
  }
  return env;
}

/** Stores the sandboxes' credentials as a merchant would (`credentials:set`). */
export async function storeSandboxCredentials(runtime: Runtime, sandboxes: { plenty: { url: string }; magento: { url: string } }): Promise<void> {
  const credentials = runtime.credentials();
  await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
}

export async function serveOnEngines(options: EngineOptions & { sandboxes: StartedSandboxes }): Promise<RunningProcess> {
  const { sandboxes, cleanup } = options;
  const env = await engineEnvironment(options);
  const serve = await startProcess(loadConfig(env), createLogger('error'), { gateway: true, gatewayEnv: env });
  cleanup.push(() => serve.stop());
  await storeSandboxCredentials(serve.runtime, sandboxes);
  return serve;
}
