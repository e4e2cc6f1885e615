/**
 * The settings every profile has, end to end: `fullRun` becomes a schedule, `logging.historyDays` is
 * applied by the nightly cleanup job, `retry.failedRecords` retries failed records on later runs up to
 * a limit, and `collection.mode: full` turns delta runs into full runs.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { profileFailedRecords, profileRuns } from '../../src/db/schema/index.js';
import { collectionSchema } from '../../src/profiles/config/collection.js';
import { fullRunSchema } from '../../src/profiles/config/full-run.js';
import { loggingSchema } from '../../src/profiles/config/logging.js';
import { retrySchema } from '../../src/profiles/config/retry.js';
import { createHistory } from '../../src/profiles/history.js';
import type { Outcome, ProfileType, RunInput } from '../../src/profiles/profile-type.js';
import { HISTORY_CLEANUP_JOB, PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { fullRunSchedule, HISTORY_CLEANUP_SCHEDULE, loadScheduleSpecs } from '../../src/profiles/schedules.js';
import { createProfileService } from '../../src/profiles/service.js';
import { startProfileWorker } from '../../src/profiles/worker.js';
import { createQueueBackend } from '../../src/queue/index.js';
import { createScheduler } from '../../src/queue/scheduler.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile, silentLog, uniqueTypeId } from './support/memory-type.js';

const commonConfig = z.strictObject({
  collection: collectionSchema('plenty').prefault({}),
  retry: retrySchema.prefault({}),
  fullRun: fullRunSchema.prefault({}),
  logging: loggingSchema.prefault({}),
});

/**
 * A source of records r1…r5 whose failing records can be changed between runs: delta runs see only the
 * records marked changed, full runs all, ids runs the named ones. `seen` lists what each run collected.
 */
function flakyType() {
  const keys = ['r1', 'r2', 'r3', 'r4', 'r5'];
  const state = { failing: new Set<string>(), changed: new Set<string>(), seen: [] as { mode: string; keys: string[] }[] };
  const type: ProfileType<z.infer<typeof commonConfig>, string, string> = {
    id: uniqueTypeId(), name: 'Flaky', entity: 'memory', direction: 'plenty_to_magento', configSchema: commonConfig,
    triggers: [], defaultBatchSize: 10,
    stages: {
      async *collect(ctx) {
        const input = ctx.run.input;
        const wanted = input.mode === 'ids' ? keys.filter((k) => input.ids?.includes(k)) : input.mode === 'delta' ? keys.filter((k) => state.changed.has(k)) : keys;
        state.seen.push({ mode: input.mode, keys: wanted });
        for (const key of wanted) yield { key, raw: key };
      },
      transform: (raw) => raw,
      async process(batch) {
        return batch.map(({ key }): Outcome => (state.failing.has(key) ? { key, result: 'failed', reason: `target refused ${key}` } : { key, result: 'updated' }));
      },
    },
  };
  return { type, state };
}

describe(`common profile settings on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  async function setup(config: Record<string, unknown> = {}) {
    const { type, state } = flakyType();
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id, config);
    const run = (input: RunInput) => executeRun({ db: db.db, registry, log: silentLog }, { profileId: profile.id, trigger: 'cron', input });
    const remembered = () => db.db.select().from(profileFailedRecords).where(eq(profileFailedRecords.profileId, profile.id));
    const messages = async (runId: number) => (await createHistory(db.db).messages(runId)).map((m) => m.message);
    return { type, state, profile, run, remembered, messages };
  }

  describe('retry.failedRecords', () => {
    it('retries a record that failed on the next delta runs and forgets it once it succeeds', async () => {
      const t = await setup();
      t.state.failing.add('r2');
      expect(await t.run({ mode: 'full' })).toMatchObject({ status: 'partial', failed: 1, updated: 4 });
      expect(await t.remembered()).toMatchObject([{ recordKey: 'r2', attempts: 1, reason: 'target refused r2', gaveUpAt: null }]);

      // Nothing changed at the source: the delta run collects nothing of its own, only r2 again.
      expect(await t.run({ mode: 'delta' })).toMatchObject({ status: 'partial', processed: 1, failed: 1 });
      expect(t.state.seen.at(-1)).toEqual({ mode: 'ids', keys: ['r2'] });
      expect((await t.remembered())[0]).toMatchObject({ attempts: 2 });

      t.state.failing.clear();
      expect(await t.run({ mode: 'delta' })).toMatchObject({ status: 'completed', processed: 1, updated: 1 });
      expect(await t.remembered()).toEqual([]);
      // Nothing left to retry: the next delta run collects nothing at all.
      expect(await t.run({ mode: 'delta' })).toMatchObject({ status: 'completed', processed: 0 });
    });

    it('gives a record up after maxAttempts failures, saying so in the run history', async () => {
      const t = await setup({ retry: { failedRecords: { maxAttempts: 2 } } });
      t.state.failing.add('r4');
      await t.run({ mode: 'full' });
      const second = await t.run({ mode: 'delta' });
      expect(second).toMatchObject({ failed: 1 });
      expect((await t.messages(second.runId)).join('\n')).toMatch(/Not retried any more: failed 2 times \(retry\.failedRecords\.maxAttempts\), last with: target refused r4/);
      expect((await t.remembered())[0]).toMatchObject({ attempts: 2, gaveUpAt: expect.any(Date) });
      const third = await t.run({ mode: 'delta' });
      expect(third).toMatchObject({ status: 'completed', processed: 0 });
    });

    it('gives up a record failing for longer than maxAgeDays', async () => {
      const t = await setup({ retry: { failedRecords: { maxAgeDays: 3 } } });
      t.state.failing.add('r1');
      await t.run({ mode: 'full' });
      await db.db.update(profileFailedRecords).set({ firstFailedAt: new Date(Date.now() - 4 * 86_400_000) })
        .where(eq(profileFailedRecords.profileId, t.profile.id));
      const next = await t.run({ mode: 'delta' });
      expect(next).toMatchObject({ processed: 0 });
      expect((await t.messages(next.runId)).join('\n')).toContain('Not retried any more: still failing after 3 days (retry.failedRecords.maxAgeDays');
    });

    it('event runs record failures too; one they fix is tried once more by the next delta run, then forgotten', async () => {
      const t = await setup();
      t.state.failing.add('r5');
      expect(await t.run({ mode: 'ids', ids: ['r5'] })).toMatchObject({ failed: 1 });
      expect(await t.remembered()).toMatchObject([{ recordKey: 'r5', attempts: 1 }]);
      t.state.failing.clear();
      expect(await t.run({ mode: 'ids', ids: ['r5'] })).toMatchObject({ updated: 1 });
      expect(await t.run({ mode: 'delta' })).toMatchObject({ processed: 1, updated: 1 });
      expect(await t.remembered()).toEqual([]);
    });

    it('retries nothing when turned off', async () => {
      const t = await setup({ retry: { failedRecords: { enabled: false } } });
      t.state.failing.add('r2');
      await t.run({ mode: 'full' });
      expect(await t.remembered()).toEqual([]);
      expect(await t.run({ mode: 'delta' })).toMatchObject({ processed: 0 });
    });
  });

  it('collection.mode "full" turns a delta run into a full run; named records stay a run for them', async () => {
    const t = await setup({ collection: { mode: 'full' } });
    const result = await t.run({ mode: 'delta' });
    expect(result).toMatchObject({ processed: 5 });
    expect(t.state.seen.at(-1)).toEqual({ mode: 'full', keys: ['r1', 'r2', 'r3', 'r4', 'r5'] });
    expect((await createHistory(db.db).get(result.runId))?.mode).toBe('full');
    await t.run({ mode: 'ids', ids: ['r3'] });
    expect(t.state.seen.at(-1)).toEqual({ mode: 'ids', keys: ['r3'] });
  });

  it('fullRun becomes a schedule of the profile in its time zone, registered with the scheduler', async () => {
    const t = await setup({ fullRun: { frequency: 'weekly', weekday: 'sun', at: '02:30', timezone: 'Europe/Berlin' } });
    const monthly = await setup({ fullRun: { frequency: 'monthly', dayOfMonth: 15, at: '23:05' } });
    const off = await setup();
    expect(fullRunSchedule(t.profile.config)).toEqual({ cron: '30 2 * * 0', timezone: 'Europe/Berlin', mode: 'full', enabled: true, source: 'fullRun' });
    expect(fullRunSchedule(off.profile.config)).toBeUndefined();

    const specs = await loadScheduleSpecs(db.db);
    expect(specs.find((s) => s.id === `fullrun-${t.profile.id}`)).toMatchObject({
      cron: '30 2 * * 0', timezone: 'Europe/Berlin', jobName: 'run', data: { profileId: t.profile.id, trigger: 'cron', input: { mode: 'full' } },
    });
    expect(specs.find((s) => s.id === `fullrun-${monthly.profile.id}`)).toMatchObject({ cron: '5 23 15 * *', timezone: 'UTC' });
    expect(specs.some((s) => s.id === `fullrun-${off.profile.id}`)).toBe(false);

    const backend = await createQueueBackend({ db, pollIntervalMs: 20 });
    const scheduler = createScheduler(backend, { queue: PROFILE_QUEUE, load: () => loadScheduleSpecs(db.db), reloadIntervalMs: 0 });
    try {
      const applied = await scheduler.start();
      expect(applied.active).toEqual(expect.arrayContaining([`fullrun-${t.profile.id}`, `fullrun-${monthly.profile.id}`, HISTORY_CLEANUP_SCHEDULE.id]));
      expect(applied.rejected).toEqual([]);
    } finally {
      await scheduler.stop();
      await backend.close();
    }
  });

  it('the nightly cleanup job deletes runs older than each profile\'s historyDays and keeps recent ones', async () => {
    const short = await setup({ logging: { historyDays: 3 } });
    const long = await setup({ logging: { historyDays: 30 } });
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
    const insertRun = async (profileId: number, startedAt: Date, status: 'completed' | 'running' = 'completed') =>
      (await db.db.insert(profileRuns).values({ profileId, trigger: 'cron', status, startedAt }).returning({ id: profileRuns.id }))[0]!.id;
    const shortOld = await insertRun(short.profile.id, daysAgo(5));
    const shortNew = await insertRun(short.profile.id, daysAgo(1));
    const shortRunning = await insertRun(short.profile.id, daysAgo(10), 'running');
    const longMid = await insertRun(long.profile.id, daysAgo(5));
    const longOld = await insertRun(long.profile.id, daysAgo(40));

    const spec = (await loadScheduleSpecs(db.db)).find((s) => s.id === HISTORY_CLEANUP_SCHEDULE.id);
    expect(spec).toMatchObject({ cron: '15 3 * * *', timezone: 'UTC', jobName: HISTORY_CLEANUP_JOB });

    // The job as the scheduler adds it, run by the profile worker.
    const backend = await createQueueBackend({ db, pollIntervalMs: 20, shutdownGraceMs: 2_000 });
    const registry = new ProfileRegistry([short.type, long.type]);
    const worker = startProfileWorker({ db: db.db, queue: backend, registry, log: silentLog });
    try {
      const queue = backend.queue(PROFILE_QUEUE);
      const { id } = await queue.add(HISTORY_CLEANUP_JOB, spec!.data);
      const deadline = Date.now() + 20_000;
      while ((await queue.get(id))?.state !== 'completed') {
        if (Date.now() > deadline) throw new Error(`cleanup job ${id} did not complete: ${JSON.stringify(await queue.get(id))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await worker.close();
      await backend.close();
    }
    const left = (await db.db.select({ id: profileRuns.id }).from(profileRuns)
      .where(sql`${profileRuns.profileId} in (${short.profile.id}, ${long.profile.id})`)).map((r) => r.id).sort((a, b) => a - b);
    expect(left).toEqual([shortNew, shortRunning, longMid].sort((a, b) => a - b));
    expect(left).not.toContain(shortOld);
    expect(left).not.toContain(longOld);
  });
});
