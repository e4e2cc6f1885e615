import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../queue/helpers.js';
import { isNonRetryable } from '../../src/queue/errors.js';
import { profiles } from '../../src/db/schema/index.js';
import { createHistory } from '../../src/profiles/history.js';
import type { RunInput, RunTrigger } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun, type RunProgress, type RunRequest } from '../../src/profiles/runner.js';
import { createProfileService } from '../../src/profiles/service.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile, memoryType, silentLog, stagelessType, type MemoryTypeOptions } from './support/memory-type.js';

describe(`profile runner on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  /** A memory type with its own profile row, and helpers to run it. */
  async function setup(options: MemoryTypeOptions, config: Record<string, unknown> = {}) {
    const { type, log } = memoryType(options);
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id, config);
    const service = createProfileService({ db: db.db, registry });
    const progress: RunProgress[] = [];
    const run = (request: Partial<RunRequest> = {}) => executeRun(
      { db: db.db, registry, log: silentLog, onProgress: (p) => progress.push(p) },
      { profileId: profile.id, trigger: 'manual' as RunTrigger, input: { mode: 'full' } as RunInput, ...request },
    );
    return { type, log, registry, profile, service, progress, run };
  }

  it('processes in batches of the configured size, else of the type default', async () => {
    const configured = await setup({ records: 10, defaultBatchSize: 4 }, { batchSize: 3 });
    const result = await configured.run();
    expect(configured.log.batches).toEqual([3, 3, 3, 1]);
    expect(result).toMatchObject({ status: 'completed', processed: 10, created: 10, failed: 0 });

    const byDefault = await setup({ records: 10, defaultBatchSize: 4 });
    await byDefault.run();
    expect(byDefault.log.batches).toEqual([4, 4, 2]);
  });

  it('processes a batch early after a record that ends its batch', async () => {
    const t = await setup({ records: 10, defaultBatchSize: 4, endsBatch: ['r2', 'r7'] });
    const result = await t.run();
    expect(t.log.batches).toEqual([2, 4, 1, 3]);
    expect(result).toMatchObject({ status: 'completed', processed: 10, created: 10 });
  });

  it('records a failing record with its reason and goes on with the batch (partial)', async () => {
    const t = await setup({
      records: 8, defaultBatchSize: 4,
      failTransform: ['r2'], failValidate: ['r5'], failProcess: ['r7'], skip: ['r3'], update: ['r4'],
    });
    const result = await t.run();
    expect(result).toMatchObject({ status: 'partial', processed: 8, created: 3, updated: 1, skipped: 1, failed: 3 });
    // Every other record of the same batches still reached the target.
    expect(t.log.processed).toEqual(['r1', 'r3', 'r4', 'r6', 'r7', 'r8']);

    const run = await t.service.run(result.runId);
    expect(run).toMatchObject({ status: 'partial', processed: 8, created: 3, updated: 1, skipped: 1, failed: 3, error: null });
    const reasons = Object.fromEntries(run.messages.filter((m) => m.level === 'error').map((m) => [m.recordKey, m.message]));
    expect(reasons).toEqual({
      r2: 'cannot transform r2: price is missing',
      r5: 'r5 has no SKU. Its name is empty.',
      r7: 'target refused r7',
    });
    // A skip keeps its reason too, as information.
    expect(run.messages.filter((m) => m.level !== 'error')).toEqual([expect.objectContaining({ level: 'info', recordKey: 'r3', message: 'unchanged' })]);
    expect(t.log.finished).toEqual([{ status: 'partial', processed: 8 }]);
  });

  it('writes a history row per run with trigger, start, end and counts, and reports progress after every batch', async () => {
    const t = await setup({ records: 5, defaultBatchSize: 2, estimate: true, skip: ['r1'] });
    const before = Date.now();
    for (const trigger of ['manual', 'cron', 'event'] as const) await t.run({ trigger });
    const runs = await t.service.history(t.profile.id);
    expect(runs.map((r) => r.trigger).sort()).toEqual(['cron', 'event', 'manual']);
    for (const run of runs) {
      expect(run).toMatchObject({ status: 'completed', mode: 'full', processed: 5, created: 4, skipped: 1, failed: 0, total: 5 });
      expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    }
    // Per run: once when the total is known, then after each of the three batches.
    const first = t.progress.filter((p) => p.runId === runs.at(-1)!.id);
    expect(first.map((p) => p.processed)).toEqual([0, 2, 4, 5]);
    expect(first.every((p) => p.total === 5)).toBe(true);
  });

  it('ends the run as failed with the error on a fatal error, and a retried job resumes it from the checkpoint', async () => {
    const t = await setup({ records: 10, defaultBatchSize: 3, fatalAtProcessCall: 2 });
    await expect(t.run({ jobId: 'job-1' })).rejects.toThrow('target unavailable (process call 2)');
    const [failed] = await t.service.history(t.profile.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'target unavailable (process call 2)', processed: 3, jobId: 'job-1' });
    expect(failed!.finishedAt).not.toBeNull();
    expect(failed!.checkpoint).toBe(2);

    // The queue retries the same job: same run, continued after r3, nothing counted twice.
    const retried = await t.run({ jobId: 'job-1' });
    expect(retried).toMatchObject({ runId: failed!.id, status: 'completed', processed: 10, created: 10 });
    expect(t.log.collectedFrom).toEqual([undefined, 2]);
    expect(t.log.processed).toEqual(Array.from({ length: 10 }, (_, i) => `r${i + 1}`));
    const runs = await t.service.history(t.profile.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', error: null, processed: 10 });
    // The history still tells that an attempt failed.
    const { messages } = await t.service.run(failed!.id);
    expect(messages.map((m) => m.message)).toContainEqual(expect.stringContaining('target unavailable (process call 2)'));
  });

  it('resumes by request id, and a reused queue job id (BullMQ restarting its ids after Redis lost its data) starts a new run', async () => {
    const t = await setup({ records: 4, defaultBatchSize: 2, fatalAtProcessCall: 2 });
    await expect(t.run({ jobId: '1', requestId: 'request-a' })).rejects.toThrow('target unavailable (process call 2)');
    const resumed = await t.run({ jobId: '1', requestId: 'request-a' });
    expect(resumed).toMatchObject({ status: 'completed', processed: 4, created: 4 });
    expect(t.log.processed).toEqual(['r1', 'r2', 'r3', 'r4']);
    // Same job id, another request: a run of its own, not the finished one.
    const again = await t.run({ jobId: '1', requestId: 'request-b' });
    expect(again.runId).not.toBe(resumed.runId);
    expect(again).toMatchObject({ status: 'completed', processed: 4 });
    expect(t.log.processed).toHaveLength(8);
    expect((await t.service.history(t.profile.id)).map((r) => r.jobId)).toEqual(['1', '1']);
  });

  it('treats an error thrown by the source as fatal too', async () => {
    const t = await setup({ records: 6, defaultBatchSize: 2, fatalInCollectAfter: 3 });
    await expect(t.run({ jobId: 'collect-job' })).rejects.toThrow('source connection reset');
    const [run] = await t.service.history(t.profile.id);
    expect(run).toMatchObject({ status: 'failed', processed: 2, error: 'source connection reset' });
    const resumed = await t.run({ jobId: 'collect-job' });
    expect(resumed).toMatchObject({ runId: run!.id, status: 'completed', processed: 6 });
    expect(new Set(t.log.processed).size).toBe(6);
    expect(t.log.processed).toHaveLength(6);
  });

  it('pauses between batches when paused from outside, and resumes from the checkpoint without double counting', async () => {
    let pausedRun: number | undefined;
    let service!: ReturnType<typeof createProfileService>;
    const t = await setup({
      records: 10, defaultBatchSize: 3,
      onProcess: async (call, _batch, ctx) => {
        if (call === 2) {
          pausedRun = ctx.run.id;
          expect(await service.pauseRun(ctx.run.id)).toBe(true);
        }
      },
    });
    service = t.service;
    const paused = await t.run();
    expect(paused).toMatchObject({ status: 'paused', processed: 6 });
    expect(paused.runId).toBe(pausedRun);
    expect(t.log.batches).toEqual([3, 3]);
    expect(await t.service.run(paused.runId)).toMatchObject({ status: 'paused', processed: 6, checkpoint: 5 });
    expect(t.log.finished).toEqual([]);

    const resumed = await t.run({ runId: paused.runId });
    expect(resumed).toMatchObject({ runId: paused.runId, status: 'completed', processed: 10, created: 10 });
    expect(t.log.processed).toEqual(Array.from({ length: 10 }, (_, i) => `r${i + 1}`));
    expect(t.log.collectedFrom).toEqual([undefined, 5]);
    expect(await t.service.history(t.profile.id)).toHaveLength(1);
    expect(t.log.finished).toEqual([{ status: 'completed', processed: 10 }]);
  });

  it('keeps a run paused when its job is retried after an error in the paused batch; an explicit resume continues it', async () => {
    let t!: Awaited<ReturnType<typeof setup>>;
    t = await setup({
      records: 6, defaultBatchSize: 2, fatalAtProcessCall: 2,
      onProcess: async (call, _batch, ctx) => {
        if (call === 2) await t.service.pauseRun(ctx.run.id);
      },
    });
    await expect(t.run({ jobId: 'paused-then-failed' })).rejects.toThrow('target unavailable');
    const retried = await t.run({ jobId: 'paused-then-failed' });
    expect(retried).toMatchObject({ status: 'paused', processed: 2 });
    expect(t.log.processCalls).toBe(2);
    const resumed = await t.run({ runId: retried.runId });
    expect(resumed).toMatchObject({ runId: retried.runId, status: 'completed', processed: 6 });
    expect(t.log.processed).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('does not pause a run that is not running, and refuses an unknown run', async () => {
    const t = await setup({ records: 2 });
    const done = await t.run();
    expect(await t.service.pauseRun(done.runId)).toBe(false);
    await expect(t.service.pauseRun(999_999)).rejects.toThrow('No run with id 999999');
  });

  it('returns a finished run as it is when its job is delivered again', async () => {
    const t = await setup({ records: 4, failProcess: ['r1'] });
    const first = await t.run({ jobId: 'twice' });
    const again = await t.run({ jobId: 'twice' });
    expect(again).toEqual({ runId: first.runId, status: 'partial', processed: 4, created: 3, updated: 0, skipped: 0, failed: 1 });
    expect(t.log.processCalls).toBe(1);
  });

  it('fails a type without stages plainly instead of pretending to succeed', async () => {
    const type = stagelessType();
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id, {});
    const error = await executeRun({ db: db.db, registry, log: silentLog }, { profileId: profile.id, trigger: 'manual', input: { mode: 'full' } })
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('has no sync yet');
    expect(isNonRetryable(error)).toBe(true);
    const [run] = await createHistory(db.db).list(profile.id);
    expect(run).toMatchObject({ status: 'failed', processed: 0 });
    expect(run!.error).toContain(`${type.id} has no sync yet`);
  });

  it('fails a run whose stored config is invalid, listing each field', async () => {
    const t = await setup({ records: 3 }, { batchSize: 'ten', colour: 'blue' });
    const error = await t.run().catch((e: unknown) => e as Error);
    expect(isNonRetryable(error)).toBe(true);
    expect((error as Error).message).toContain('batchSize: batchSize must be a number');
    expect((error as Error).message).toContain('colour: unknown setting "colour"');
    const [run] = await t.service.history(t.profile.id);
    expect(run).toMatchObject({ status: 'failed', processed: 0 });
    expect(run!.error).toContain('batchSize');
    expect(t.log.processCalls).toBe(0);
  });

  it('prepares a profile\'s config once for its runs, frozen, and again once the stored config changes', async () => {
    const seen: unknown[] = [];
    const refused: string[] = [];
    const t = await setup({
      records: 2,
      onProcess: async (_call, _batch, ctx) => {
        seen.push(ctx.config);
        try {
          (ctx.config as { batchSize?: number }).batchSize = 99;
        } catch (error) {
          refused.push((error as Error).name);
        }
      },
    }, { batchSize: 1 });
    await t.run();
    await t.run();
    // One config object for every batch of both runs, which no stage could change for the next.
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toEqual({ batchSize: 1 });
    expect(refused).toEqual(['TypeError', 'TypeError', 'TypeError', 'TypeError']);
    expect(t.log.batches).toEqual([1, 1, 1, 1]);
    // The stored config changed (any way, not only through the service): the next run uses it.
    await db.db.update(profiles).set({ config: { batchSize: 2 } }).where(eq(profiles.id, t.profile.id));
    await t.run();
    expect(t.log.batches).toEqual([1, 1, 1, 1, 2]);
    expect(seen.at(-1)).toEqual({ batchSize: 2 });
    // And an invalid one fails the next run, as it always did.
    await db.db.update(profiles).set({ config: { batchSize: 'two' } }).where(eq(profiles.id, t.profile.id));
    await expect(t.run()).rejects.toThrow('batchSize: batchSize must be a number');
  });

  it('refuses a profile that does not exist', async () => {
    const t = await setup({ records: 1 });
    await expect(t.run({ profileId: 987_654 })).rejects.toThrow('Profile 987654 does not exist');
  });

  it('stores at most 1000 messages per run and says that more were only counted', async () => {
    const keys = Array.from({ length: 1205 }, (_, i) => `k${i}`);
    const t = await setup({ records: keys, defaultBatchSize: 500, failProcess: keys });
    const result = await t.run();
    expect(result).toMatchObject({ status: 'partial', processed: 1205, failed: 1205 });
    const rows = await db.query<{ level: string; n: number }>(
      'select level::text as level, count(*)::int as n from profile_run_messages where run_id = $1 group by level order by level',
      [result.runId],
    );
    expect(rows).toEqual([{ level: 'error', n: 1000 }, { level: 'warn', n: 1 }]);
  });

  it('says that messages were dropped even when the limit is reached exactly at a batch boundary, across resumes', async () => {
    const keys = Array.from({ length: 1500 }, (_, i) => `k${i}`);
    let t!: Awaited<ReturnType<typeof setup>>;
    t = await setup({
      records: keys, defaultBatchSize: 500, failProcess: keys,
      onProcess: async (call, _batch, ctx) => {
        if (call === 1) await t.service.pauseRun(ctx.run.id);
      },
    });
    const paused = await t.run();
    expect(paused.status).toBe('paused');
    const resumed = await t.run({ runId: paused.runId });
    expect(resumed).toMatchObject({ status: 'partial', processed: 1500, failed: 1500 });
    const rows = await db.query<{ level: string; n: number }>(
      'select level::text as level, count(*)::int as n from profile_run_messages where run_id = $1 group by level order by level',
      [paused.runId],
    );
    expect(rows).toEqual([{ level: 'error', n: 1000 }, { level: 'warn', n: 1 }]);
  });

  it('keeps the last checkpoint when the records at the end of a batch carry none', async () => {
    // Checkpoints only on every third record (a source that knows its position per page).
    const t = await setup({ records: 9, defaultBatchSize: 2, checkpointEvery: 3, fatalAtProcessCall: 3 });
    await expect(t.run({ jobId: 'sparse' })).rejects.toThrow('target unavailable');
    const [run] = await t.service.history(t.profile.id);
    // Batch 2 (r3, r4) ended on r4 without a checkpoint: r3's (index 2) must survive, not reset to the start.
    expect(run!.checkpoint).toBe(2);
    const resumed = await t.run({ jobId: 'sparse' });
    expect(resumed.status).toBe('completed');
    expect(t.log.collectedFrom).toEqual([undefined, 2]);
  });

  it('fails a record the process stage reported nothing for, instead of losing it', async () => {
    const { type, log } = memoryType({ records: 3 });
    const process = type.stages!.process;
    type.stages!.process = async (batch, ctx) => (await process(batch, ctx)).filter((o) => o.key !== 'r2');
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id);
    const result = await executeRun({ db: db.db, registry, log: silentLog }, { profileId: profile.id, trigger: 'manual', input: { mode: 'full' } });
    expect(log.processed).toEqual(['r1', 'r2', 'r3']);
    expect(result).toMatchObject({ status: 'partial', processed: 3, created: 2, failed: 1 });
    const messages = await createHistory(db.db).messages(result.runId);
    expect(messages).toMatchObject([{ recordKey: 'r2', level: 'error' }]);
    expect(messages[0]!.message).toContain('no outcome');
  });

  it('stops when its signal is aborted (worker shutdown) and a retry resumes from the checkpoint', async () => {
    const controller = new AbortController();
    const { type, log } = memoryType({
      records: 8, defaultBatchSize: 2,
      onProcess: async (call) => {
        if (call === 2) controller.abort(new Error('worker shutting down'));
      },
    });
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id);
    const request: RunRequest = { profileId: profile.id, trigger: 'cron', input: { mode: 'delta' }, jobId: 'aborted' };
    await expect(executeRun({ db: db.db, registry, log: silentLog, signal: controller.signal }, request)).rejects.toThrow('worker shutting down');
    const [run] = await createHistory(db.db).list(profile.id);
    // The batch in progress when the signal came was finished and saved; nothing after it was collected.
    expect(run).toMatchObject({ status: 'failed', processed: 4, checkpoint: 3, error: 'worker shutting down' });
    // A signal that is already aborted stops the run before anything is written.
    await expect(executeRun({ db: db.db, registry, log: silentLog, signal: controller.signal }, request)).rejects.toThrow('worker shutting down');
    expect(log.processed).toHaveLength(4);
    const resumed = await executeRun({ db: db.db, registry, log: silentLog }, request);
    expect(resumed).toMatchObject({ runId: run!.id, status: 'completed', processed: 8 });
    expect(log.processed).toEqual(Array.from({ length: 8 }, (_, i) => `r${i + 1}`));
  });

  it('collects exactly the requested ids in an ids run', async () => {
    const t = await setup({ records: 10 });
    const result = await t.run({ trigger: 'event', input: { mode: 'ids', ids: ['r4', 'r9'] } });
    expect(result).toMatchObject({ status: 'completed', processed: 2 });
    expect(t.log.processed).toEqual(['r4', 'r9']);
    expect(await t.service.run(result.runId)).toMatchObject({ mode: 'ids', trigger: 'event', params: { mode: 'ids', ids: ['r4', 'r9'] } });
  });

  it('does not overlap delta and full runs of a profile: a scheduled one is skipped, a manual one waits, record events go on', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let blocked!: () => void;
    const inFirstBatch = new Promise<void>((resolve) => { blocked = resolve; });
    const t = await setup({
      records: 6, defaultBatchSize: 3,
      onProcess: async (call) => {
        if (call !== 1) return;
        blocked();
        await gate;
      },
    });
    const full = t.run({ trigger: 'manual', input: { mode: 'full' } });
    await inFirstBatch;
    const [running] = await t.service.history(t.profile.id);
    expect(running).toMatchObject({ status: 'running', mode: 'full' });

    // A scheduled delta tick while the full run writes: skipped, saying why, nothing processed.
    const tick = await t.run({ trigger: 'cron', input: { mode: 'delta' } });
    expect(tick).toMatchObject({ status: 'completed', processed: 0 });
    const skipped = await t.service.run(tick.runId);
    expect(skipped.messages.map((m) => m.message)).toEqual([expect.stringMatching(new RegExp(`^Skipped: run ${running!.id} \\(full, manual, started .*still running`))]);

    // An event run of single records is not held back.
    expect(await t.run({ trigger: 'event', input: { mode: 'ids', ids: ['r5'] } })).toMatchObject({ status: 'completed', processed: 1 });

    // A manual delta waits for the full run, and says so in its history.
    const delta = t.run({ trigger: 'manual', input: { mode: 'delta' } });
    const waiting = await waitFor(async () => {
      const runs = await t.service.history(t.profile.id);
      const row = runs.find((r) => r.mode === 'delta' && r.trigger === 'manual');
      if (!row) return undefined;
      const { messages } = await t.service.run(row.id);
      return messages.some((m) => m.message.startsWith(`Waiting for run ${running!.id} (full, manual`)) ? row : undefined;
    }, 'the manual delta waiting');
    const processedWhileWaiting = t.log.processed.length;
    await sleep(1_500);
    expect(t.log.processed.length).toBe(processedWhileWaiting);
    expect((await t.service.run(waiting.id)).status).toBe('running');

    release();
    expect(await full).toMatchObject({ status: 'completed', processed: 6 });
    expect(await delta).toMatchObject({ runId: waiting.id, status: 'completed', processed: 6 });
  });

  it('is not held back by a run whose heartbeat stopped (its process died and nothing resumes it)', async () => {
    const t = await setup({ records: 2 });
    const history = createHistory(db.db);
    const dead = await history.start(t.profile.id, 'manual', { mode: 'full' });
    await db.query(`update profile_runs set heartbeat_at = now() - interval '11 minutes' where id = $1`, [dead.id]);
    expect(await t.run({ trigger: 'cron', input: { mode: 'delta' } })).toMatchObject({ status: 'completed', processed: 2 });
    // The same run a minute ago would still hold the profile.
    await db.query(`update profile_runs set heartbeat_at = now() - interval '1 minute' where id = $1`, [dead.id]);
    expect(await t.run({ trigger: 'cron', input: { mode: 'delta' } })).toMatchObject({ status: 'completed', processed: 0 });
  });
});
