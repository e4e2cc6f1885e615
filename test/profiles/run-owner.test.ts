/**
 * Two executions of one run, through the real queue (embedded on the test database, or BullMQ when
 * REDIS_URL is set): the second takes the run over, and every write the first makes afterwards — its
 * batch's counts and checkpoint, links, profile state, messages — is refused; it stops without writing.
 */
import { Redis } from 'ioredis';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { entityLinks, profileRunMessages, profileRuns, profileState } from '../../src/db/schema/index.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import type { RunRequest, RunResult } from '../../src/profiles/runner.js';
import { createProfileService } from '../../src/profiles/service.js';
import { startProfileWorker } from '../../src/profiles/worker.js';
import { createQueueBackend } from '../../src/queue/index.js';
import type { QueueBackend, Worker } from '../../src/queue/port.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { until } from '../support/until.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { insertProfile, memoryType, silentLog } from './support/memory-type.js';
import type { RunContext } from '../../src/profiles/profile-type.js';

const withRedis = Boolean(process.env.REDIS_URL);
const LEASE_MS = 3_000;


/** A promise with its resolve, to hold an execution inside its process stage. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { open, opened };
}

describe(`two executions of one run on ${engine}${withRedis ? ' + BullMQ' : ''}`, () => {
  let db: TestDatabase;
  let backend: QueueBackend;
  const redis = testRedisPrefix();
  const workers: Worker[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    backend = await createQueueBackend({
      db, redisUrl: process.env.REDIS_URL, prefix: redis.prefix, pollIntervalMs: 20, shutdownGraceMs: 2_000, leaseMs: LEASE_MS,
    });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
  });
  afterAll(async () => {
    await backend?.close();
    await redis.cleanup();
    await db?.destroy();
  });

  /**
   * A memory type of 6 records in batches of 3 whose process stage writes a link per record and a
   * state key naming the execution (its job), and holds the first execution in its first batch
   * until `release` opens.
   */
  async function setup() {
    const release = gate();
    const entered = gate();
    let first: string | undefined;
    const refusals: string[] = [];
    // The run context is built once per execution: executions are told apart by it.
    const executions = new WeakMap<object, string>();
    const jobOf = (ctx: RunContext<unknown>) => {
      let name = executions.get(ctx.links);
      if (!name) executions.set(ctx.links, (name = `execution ${seen.count += 1}`));
      return name;
    };
    const seen = { count: 0 };
    const { type } = memoryType({
      records: 6, defaultBatchSize: 3,
      onProcess: async (_call, batch, ctx) => {
        const execution = jobOf(ctx);
        first ??= execution;
        if (execution === first) {
          entered.open();
          await release.opened;
        }
        try {
          await ctx.links.upsertMany(batch.map(({ key }) => ({ entityType: type.id, magentoKey: key, plentyId: execution })));
          await ctx.state.set('writer', execution);
        } catch (error) {
          refusals.push(`${execution}: ${(error as Error).name}`);
          throw error;
        }
      },
    });
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id, { target: 'x' });
    const service = createProfileService({ db: db.db, registry, queue: backend });
    const finished: RunResult[] = [];
    const start = () => workers.push(startProfileWorker({
      db: db.db, queue: backend, registry, log: silentLog, concurrency: 1,
      onRunFinished: (_type, result) => finished.push(result),
    }));
    const queue = backend.queue<RunRequest>(PROFILE_QUEUE);
    const completed = (id: string) => until(async () => (await queue.get(id))?.state === 'completed', `job ${id} to complete`);
    const readRun = async () => (await db.db.select().from(profileRuns).where(eq(profileRuns.profileId, profile.id)))[0]!;
    const links = async () => (await db.db.select().from(entityLinks).where(eq(entityLinks.entityType, type.id)))
      .map((l) => [l.magentoKey, l.plentyId]).sort();
    const state = async () => (await db.db.select().from(profileState)
      .where(and(eq(profileState.profileId, profile.id), eq(profileState.key, 'writer'))))[0]?.value;
    const messages = async (runId: number) => db.db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, runId));
    return { type, profile, service, finished, start, queue, completed, release, entered, refusals, readRun, links, state, messages };
  }

  it('a second job of the same run request takes the run over; the first, released later, writes nothing', async () => {
    const t = await setup();
    t.start();
    t.start();
    const { jobId } = await t.service.requestRun(t.type.id, { trigger: 'manual', input: { mode: 'full' } });
    await t.entered.opened;
    // What a lapsed lease amounts to: another job carrying the same request (a retry, a take-over).
    const data = (await t.queue.get(jobId))!.data;
    const second = await t.queue.add('run', data);
    await until(async () => (await t.readRun()).status === 'completed', 'the second execution to finish the run');
    const done = await t.readRun();
    t.release.open();
    await t.completed(jobId);
    await t.completed(second.id);

    const run = await t.readRun();
    // The run as the second execution left it: every record counted once, nothing of the first's batch.
    expect(run).toMatchObject({ status: 'completed', processed: 6, created: 6, failed: 0, error: null });
    expect(run.checkpoint).toEqual(done.checkpoint);
    expect(run.ownerToken).toBe(2);
    expect(await t.links()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((k) => [k, 'execution 2']));
    expect(await t.state()).toBe('execution 2');
    expect(t.refusals).toEqual(['execution 1: RunSupersededError']);
    expect(await t.messages(run.id)).toEqual([]);
    // Only the execution that finished reports a finished run.
    expect(t.finished).toMatchObject([{ runId: run.id, status: 'completed', processed: 6 }]);
  });

  it('a job whose lease lapses is run by a second worker; the first worker writes nothing after the take-over', async () => {
    const t = await setup();
    t.start();
    const { jobId } = await t.service.requestRun(t.type.id, { trigger: 'manual', input: { mode: 'full' } });
    await t.entered.opened;
    // The lease lapses as on a worker starved of CPU: its lock is gone, the queue hands the job on.
    await lapse(jobId);
    t.start();
    await until(async () => (await t.readRun()).status === 'completed', 'the second worker to finish the run');
    t.release.open();
    await t.completed(jobId);
    // The job id is the same for both executions and it completed with the second: wait for the first's
    // (refused) write, which a busy machine may run only now.
    await until(async () => t.refusals.length > 0, 'the first execution to try its write');

    const run = await t.readRun();
    expect(run).toMatchObject({ status: 'completed', processed: 6, created: 6, failed: 0, error: null, ownerToken: 2 });
    expect(await t.links()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((k) => [k, 'execution 2']));
    expect(await t.state()).toBe('execution 2');
    expect(t.refusals).toEqual(['execution 1: RunSupersededError']);
    expect(await t.messages(run.id)).toEqual([]);
    expect(t.finished).toMatchObject([{ runId: run.id, status: 'completed', processed: 6 }]);
  });

  /** Ends the first worker's hold on a job the way a missed renewal does, on the queue in use. */
  async function lapse(jobId: string): Promise<void> {
    if (backend.kind === 'embedded') {
      // The first worker keeps renewing its lease (it is alive); stop it from renewing by moving the
      // lease to another, dead worker id, as a renewal that came too late finds it.
      await db.query(`update queue_jobs set locked_by = 'a-worker-that-missed-its-renewal', locked_until = now() - interval '1 second' where id = $1`, [jobId]);
      return;
    }
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      // BullMQ's lock key: once gone, the stalled-job check moves the job back to waiting.
      await client.del(`${redis.prefix}:${PROFILE_QUEUE}:${jobId}:lock`);
    } finally {
      client.disconnect();
    }
  }
});
