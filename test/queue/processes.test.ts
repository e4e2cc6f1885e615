/**
 * Behaviour across real processes: a cron tick runs once however many workers run the scheduler, and a
 * job whose worker is SIGKILLed mid-job completes after a restart. Children run the fixtures with tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createQueueBackend } from '../../src/queue/index.js';
import { createPostgresDatabase, engine } from '../support/db.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { itWithRedis } from '../support/redis-required.js';
import { waitFor } from './helpers.js';

// Child processes start slowly on a busy machine (tsx transpiling, PGlite booting from disk).
const slow = { timeout: 120_000 };
const startup = 90_000;

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'plentygate-queue-'));
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
  rmSync(work, { recursive: true, force: true });
});

let files = 0;
function outFile(): string {
  const file = join(work, `out-${++files}.log`);
  writeFileSync(file, '');
  return file;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

const stopping = new Set<ChildProcess>();
const crashes: string[] = [];

function start(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!stopping.has(child)) crashes.push(`${script} exited unexpectedly (${code ?? signal})`);
  });
  return child;
}

/** Waits for `check`, failing at once if a child died on its own. */
function until(check: () => boolean, what: string): Promise<true> {
  return waitFor(() => {
    if (crashes.length) throw new Error(crashes.join('; '));
    return check();
  }, what, startup);
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  stopping.add(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** The tick's epoch ms: the last segment of `<scheduleId>:<epoch>` or BullMQ's `repeat:<id>:<epoch>`. */
const tickOf = (line: string) => Number(line.split(' ')[1]!.split(':').pop());

async function assertEachTickOnce(env: Record<string, string>): Promise<void> {
  const out = outFile();
  const a = start('ticking-worker.ts', { ...env, OUT_FILE: out });
  const b = start('ticking-worker.ts', { ...env, OUT_FILE: out });
  await until(() => lines(out).filter((l) => l.startsWith('ready')).length === 2, 'both workers ready');
  await until(() => lines(out).filter((l) => l.startsWith('tick')).length >= 5, 'five ticks');
  await Promise.all([stop(a, 'SIGTERM'), stop(b, 'SIGTERM')]);
  const ticks = lines(out).filter((l) => l.startsWith('tick')).map(tickOf);
  // Every tick ran once: no duplicates, and from the first to the last every second is there.
  expect(new Set(ticks).size).toBe(ticks.length);
  const sorted = [...ticks].sort((x, y) => x - y);
  for (const t of sorted) expect(t % 1000).toBe(0);
  expect((sorted.at(-1)! - sorted[0]!) / 1000 + 1).toBe(sorted.length);
}

describe('a cron tick fires exactly once across two worker processes', slow, () => {
  itWithRedis('on Redis (BullMQ job schedulers)', async () => {
    const { prefix, cleanup } = testRedisPrefix();
    cleanups.push(cleanup);
    await assertEachTickOnce({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  });

  it.runIf(engine === 'postgres')('on PostgreSQL (embedded: idempotent tick job ids)', async () => {
    const database = (await createPostgresDatabase())!;
    cleanups.push(database.drop);
    await assertEachTickOnce({ REDIS_URL: '', DATABASE_URL: database.url });
  });
});

describe('a job whose worker is killed mid-job completes after a restart', slow, () => {
  async function crashAndRestart(env: Record<string, string>): Promise<string[]> {
    const out = outFile();
    const first = start('crash-worker.ts', { ...env, OUT_FILE: out, ADD_JOB: '1', HANG: '1' });
    await until(() => lines(out).some((l) => l.startsWith('start crash-job')), 'the job to start');
    await stop(first, 'SIGKILL');
    const second = start('crash-worker.ts', { ...env, OUT_FILE: out });
    await until(() => lines(out).some((l) => l.startsWith('done crash-job')), 'the job to complete');
    await stop(second, 'SIGTERM');
    const events = lines(out).filter((l) => !l.startsWith('ready'));
    expect(events).toEqual([`start crash-job ${first.pid}`, `start crash-job ${second.pid}`, `done crash-job ${second.pid}`]);
    return events;
  }

  itWithRedis('BullMQ: the stalled job is taken over once its lock expires', async () => {
    const { prefix, cleanup } = testRedisPrefix();
    cleanups.push(cleanup);
    await crashAndRestart({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LEASE_MS: '1000' });
    const backend = await createQueueBackend({ redisUrl, prefix });
    const job = await backend.queue('crash').get('crash-job');
    await backend.close();
    expect(job).toMatchObject({ state: 'completed', data: { order: 1 } });
  });

  it.runIf(engine === 'postgres')('embedded on PostgreSQL: the job is taken over when its lease expires', async () => {
    const database = (await createPostgresDatabase())!;
    cleanups.push(database.drop);
    await crashAndRestart({ REDIS_URL: '', DATABASE_URL: database.url, LEASE_MS: '1000' });
    const db = await openDatabase({ url: database.url });
    const backend = await createQueueBackend({ db });
    const job = await backend.queue('crash').get('crash-job');
    await backend.close();
    await db.close();
    expect(job).toMatchObject({ state: 'completed', data: { order: 1 }, attemptsMade: 2 });
  });

  it.runIf(engine === 'pglite')('embedded on PGlite: the restarted process runs the job left active', async () => {
    const dataDir = join(work, 'pglite');
    // A long lease: the restart must not wait for it, PGlite being single-process.
    await crashAndRestart({ REDIS_URL: '', DATABASE_URL: '', PGLITE_DIR: dataDir, LEASE_MS: '600000' });
    const db = await openDatabase({ dataDir });
    const backend = await createQueueBackend({ db });
    const job = await backend.queue('crash').get('crash-job');
    await backend.close();
    await db.close();
    expect(job).toMatchObject({ state: 'completed', data: { order: 1 }, attemptsMade: 2 });
  });
});
