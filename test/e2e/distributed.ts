/**
 * plentygate on PostgreSQL + Redis/BullMQ as the end-to-end tests run it: a database and a Redis key
 * prefix of its own, the runtime and the gateway in this process, and worker processes built from the
 * sources (order-export-worker.ts), each with the same environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { createGateway, loadGatewaySettings, serveGateway, type ServedGateway } from '../../src/gateway/index.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime/open.js';
import { createPostgresDatabase } from '../support/db.js';
import { testRedisPrefix } from '../support/redis.js';
import { waitFor } from '../queue/helpers.js';

const workerEntry = fileURLToPath(new URL('./order-export-worker.ts', import.meta.url));

export interface Distributed {
  runtime: Runtime;
  gateway: ServedGateway;
  /** The environment of this process's runtime and gateway and of every worker. */
  env: Record<string, string>;
  /** Worker processes that exited; none should while a test runs. */
  crashes: string[];
  /** Starts a worker process and resolves once it consumes jobs. */
  startWorker(): Promise<ChildProcess>;
  /** Starts `count` worker processes and resolves once each consumes jobs. */
  startWorkers(count: number): Promise<void>;
  /** Stops the workers, the gateway and the runtime, drops the database and the Redis keys, then `closeLast`. */
  close(): Promise<void>;
}

/**
 * `env` adds to (or overrides) the database, Redis, secret key and log level set here. `closeLast`
 * runs at the very end of `close()` (the sandboxes: workers may call them until they stop).
 */
export async function startDistributed(env: Record<string, string>, closeLast?: () => Promise<unknown>): Promise<Distributed> {
  const cleanup: (() => Promise<unknown>)[] = closeLast ? [closeLast] : [];
  const children: ChildProcess[] = [];
  const crashes: string[] = [];
  const close = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    const pg = (await createPostgresDatabase())!;
    cleanup.push(pg.drop);
    const redis = testRedisPrefix();
    cleanup.push(redis.cleanup);
    const full = {
      DATABASE_URL: pg.url, REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: redis.prefix,
      PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'error', PLENTYGATE_WORKER_CONCURRENCY: '4',
      ...env,
    };
    const log = createLogger('error');
    const runtime = await openRuntime(loadConfig(full), log, { command: 'test', queue: true });
    cleanup.push(() => runtime.close());
    const gateway = await serveGateway(createGateway({
      db: runtime.db, queue: runtime.queue!, settings: loadGatewaySettings(full), logger: log, services: { profiles: runtime.service },
    }));
    cleanup.push(() => gateway.close(1_000));

    const startWorker = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], { env: { ...process.env, ...full }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      let exited: string | undefined;
      child.stdout!.on('data', (d) => (out += d));
      child.once('exit', (code, signal) => {
        exited = `worker exited (${code ?? signal})`;
        crashes.push(exited);
      });
      children.push(child);
      await waitFor(() => {
        if (exited) throw new Error(exited);
        return out.includes('ready');
      }, `worker ${children.length} ready`, 60_000);
      return child;
    };
    return {
      runtime, gateway, env: full, crashes, close, startWorker,
      async startWorkers(count) {
        for (let i = 0; i < count; i++) await startWorker();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Ends a worker process: SIGTERM (it finishes its jobs), SIGKILL after 10 s; at once when it is gone. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
