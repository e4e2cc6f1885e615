import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createQueueBackend } from '../../src/queue/index.js';
import type { JobInfo, QueueBackend, Worker } from '../../src/queue/port.js';
import { profileRuns } from '../../src/db/schema/index.js';
import { RunNotResumableError } from '../../src/profiles/errors.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import type { RunRequest, RunResult } from '../../src/profiles/runner.js';
import { createProfileService } from '../../src/profiles/service.js';
import { startProfileWorker } from '../../src/profiles/worker.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { until } from '../support/until.js';
import { insertProfile, memoryType, silentLog, stagelessType, type MemoryTypeOptions } from './support/memory-type.js';

describe(`profiles through the queue on ${engine}`, () => {
  let db: TestDatabase;
  let backend: QueueBackend;
  const workers: Worker[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    backend = await createQueueBackend({ db, pollIntervalMs: 20, shutdownGraceMs: 2_000 });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
    await db.query('delete from queue_jobs');
  });
  afterAll(async () => {
    await backend?.close();
    await db?.destroy();
  });

  async function setup(options: MemoryTypeOptions, status: 'active' | 'created' = 'active') {
    const { type, log } = memoryType(options);
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id, { target: 'x' }, status);
    const service = createProfileService({ db: db.db, registry, queue: backend });
    const finished: RunResult[] = [];
    const start = () => {
      workers.push(startProfileWorker({
        db: db.db, queue: backend, registry, log: silentLog, concurrency: 2,
        onRunFinished: (_type, result) => finished.push(result),
      }));
    };
    const queue = backend.queue<RunRequest>(PROFILE_QUEUE);
    const job = (id: string, state?: JobInfo['state']) =>
      until(async () => {
        const info = await queue.get(id);
        return info && (!state || info.state === state) ? info : undefined;
      }, `job ${id}${state ? ` to be ${state}` : ''}`);
    return { type, log, profile, service, finished, start, queue, job };
  }

  it('runs a requested run end to end in the worker', async () => {
    const t = await setup({ records: 7, defaultBatchSize: 3 });
    t.start();
    const { jobId, added } = await t.service.requestRun(t.type.id, { trigger: 'manual', input: { mode: 'full' } });
    expect(added).toBe(true);
    await t.job(jobId, 'completed');
    const [run] = await t.service.history(t.type.id);
    expect(run).toMatchObject({ status: 'completed', trigger: 'manual', processed: 7, created: 7, jobId });
    expect(t.finished).toMatchObject([{ runId: run!.id, status: 'completed', processed: 7 }]);
  });

  it('retries a job after a fatal error and resumes the same run from its checkpoint', async () => {
    const t = await setup({ records: 9, defaultBatchSize: 3, fatalAtProcessCall: 2 });
    t.start();
    const { jobId } = await t.service.requestRun(t.type.id, { trigger: 'manual', input: { mode: 'full' } },
      { backoff: { type: 'fixed', delayMs: 10 } });
    const info = await t.job(jobId, 'completed');
    expect(info.attemptsMade).toBe(2);
    const runs = await t.service.history(t.type.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', processed: 9, created: 9, error: null });
    expect(t.log.processed).toEqual(Array.from({ length: 9 }, (_, i) => `r${i + 1}`));
    expect(t.log.collectedFrom).toEqual([undefined, 2]);
  });

  it('sends a run of a type without a sync straight to the dead jobs, without retrying', async () => {
    const type = stagelessType();
    const registry = new ProfileRegistry([type]);
    await insertProfile(db.db, type.id, {}, 'active');
    const service = createProfileService({ db: db.db, registry, queue: backend });
    workers.push(startProfileWorker({ db: db.db, queue: backend, registry, log: silentLog }));
    const { jobId } = await service.requestRun(type.id, { trigger: 'manual', input: { mode: 'full' } }, { backoff: { type: 'fixed', delayMs: 10 } });
    const info = await until(async () => {
      const job = await backend.queue(PROFILE_QUEUE).get(jobId);
      return job?.state === 'dead' ? job : undefined;
    }, 'the job to be dead');
    expect(info.attemptsMade).toBe(1);
    expect(info.lastError).toContain('has no sync yet');
    const [run] = await service.history(type.id);
    expect(run).toMatchObject({ status: 'failed' });
  });

  it("queues runs with the profile's retry settings: manual runs and event runs alike", async () => {
    const { type } = memoryType({ records: 1 });
    const registry = new ProfileRegistry([type]);
    await insertProfile(db.db, type.id, { target: 'x', retry: { attempts: 3, backoff: 'fixed', delaySeconds: 7 } }, 'active');
    const service = createProfileService({ db: db.db, registry, queue: backend });
    const manual = await service.requestRun(type.id, { trigger: 'manual', input: { mode: 'full' } });
    const [event] = await service.dispatchEvent({ source: 'magento', entity: type.id, kind: 'saved', keys: ['r1'] }, { debounceMs: 0 });
    for (const id of [manual.jobId, event!.jobId]) {
      expect((await backend.queue(PROFILE_QUEUE).get(id))?.maxAttempts).toBe(3);
    }
  });

  it('pauses a run from outside and resumes it through the queue', async () => {
    let service!: ReturnType<typeof createProfileService>;
    const t = await setup({
      records: 10, defaultBatchSize: 2,
      onProcess: async (call, _batch, ctx) => {
        if (call === 2) await service.pauseRun(ctx.run.id);
      },
    });
    service = t.service;
    t.start();
    const first = await t.service.requestRun(t.type.id, { trigger: 'cron', input: { mode: 'delta' } });
    await t.job(first.jobId, 'completed');
    const [paused] = await t.service.history(t.type.id);
    expect(paused).toMatchObject({ status: 'paused', processed: 4, trigger: 'cron' });

    // Resuming works for a profile that is no longer active too: the run was already started.
    await db.query(`update profiles set status = 'disabled' where id = $1`, [t.profile.id]);
    const resumed = await t.service.resumeRun(paused!.id);
    await t.job(resumed.jobId, 'completed');
    const runs = await t.service.history(t.type.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: paused!.id, status: 'completed', processed: 10 });
    expect(t.log.processed).toHaveLength(10);
    expect(new Set(t.log.processed).size).toBe(10);
  });

  it('refuses to resume a run that is running or finished', async () => {
    const t = await setup({ records: 2 });
    const [done] = await db.db.insert(profileRuns).values({ profileId: t.profile.id, trigger: 'manual', status: 'completed' }).returning();
    const [running] = await db.db.insert(profileRuns).values({ profileId: t.profile.id, trigger: 'manual', status: 'running' }).returning();
    const refused = await t.service.resumeRun(running!.id).catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(RunNotResumableError);
    expect(refused).toMatchObject({ status: 409, message: `Run ${running!.id} is running: only a paused or failed run can be resumed (pause it first).` });
    await expect(t.service.resumeRun(done!.id)).rejects.toThrow(`Run ${done!.id} is completed: only a paused or failed run can be resumed.`);
    await expect(t.service.resumeRun(987_654)).rejects.toThrow('No run with id 987654');
    expect(await t.queue.counts()).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it('leaves scheduled and event runs of a profile that is not active alone, but runs a manual one', async () => {
    const t = await setup({ records: 2 }, 'created');
    t.start();
    const cron = await t.service.requestRun(t.type.id, { trigger: 'cron', input: { mode: 'delta' } });
    await t.job(cron.jobId, 'completed');
    expect(await t.service.history(t.type.id)).toEqual([]);
    const manual = await t.service.requestRun(t.type.id, { trigger: 'manual', input: { mode: 'full' } });
    await t.job(manual.jobId, 'completed');
    expect(await t.service.history(t.type.id)).toMatchObject([{ status: 'completed', processed: 2 }]);
  });

  it('routes an event to the active profiles it triggers: one job per entity key, debounced', async () => {
    const t = await setup({ records: 5 });
    const idle = await setup({ records: 5 }, 'created');
    const event = { source: 'magento' as const, entity: t.type.id, kind: 'saved', keys: ['r1', 'r2'] };
    const jobs = await t.service.dispatchEvent(event, { debounceMs: 60_000 });
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j) => j.added && j.profileId === t.profile.id)).toBe(true);
    // The same entity saved again inside the window: absorbed by the pending job.
    const again = await t.service.dispatchEvent({ ...event, keys: ['r2'] }, { debounceMs: 60_000 });
    expect(again).toEqual([{ profileId: t.profile.id, jobId: jobs[1]!.jobId, added: false }]);
    const pending = await t.queue.list('delayed');
    expect(pending.map((j) => j.data).sort((a, b) => String(a.input.ids).localeCompare(String(b.input.ids)))).toEqual([
      { profileId: t.profile.id, trigger: 'event', input: { mode: 'ids', ids: ['r1'] }, requestId: expect.any(String) },
      { profileId: t.profile.id, trigger: 'event', input: { mode: 'ids', ids: ['r2'] }, requestId: expect.any(String) },
    ]);
    // An event that names no entity asks for a delta run; an event no type listens to queues nothing.
    const delta = await t.service.dispatchEvent({ ...event, keys: [] }, { debounceMs: 60_000 });
    expect(delta).toHaveLength(1);
    expect((await t.queue.get(delta[0]!.jobId))?.data.input).toEqual({ mode: 'delta' });
    expect(await t.service.dispatchEvent({ ...event, entity: 'unheard_of' }, { debounceMs: 0 })).toEqual([]);
    // The profile of the other type is not active: its events queue nothing.
    expect(await idle.service.dispatchEvent({ ...event, entity: idle.type.id }, { debounceMs: 0 })).toEqual([]);
  });

  it('runs an event job without debounce at once, collecting only the named records', async () => {
    const t = await setup({ records: 5 });
    t.start();
    const [job] = await t.service.dispatchEvent({ source: 'magento', entity: t.type.id, kind: 'saved', keys: ['r4'] }, { debounceMs: 0 });
    await t.job(job!.jobId, 'completed');
    expect(t.log.processed).toEqual(['r4']);
    expect(await t.service.history(t.type.id)).toMatchObject([{ trigger: 'event', mode: 'ids', processed: 1 }]);
  });
});
