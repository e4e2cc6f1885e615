import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileRuns } from '../../src/db/schema/index.js';
import { ConfigValidationError, ProfileExistsError, ProfileNotFoundError } from '../../src/profiles/errors.js';
import { createHistory } from '../../src/profiles/history.js';
import { LifecycleError } from '../../src/profiles/lifecycle.js';
import { ProfileRegistry, UnknownProfileTypeError } from '../../src/profiles/registry.js';
import type { RunRequest } from '../../src/profiles/runner.js';
import { loadScheduleSpecs } from '../../src/profiles/schedules.js';
import { createProfileService } from '../../src/profiles/service.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { memoryType, stagelessType } from './support/memory-type.js';

describe(`profile service on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  function setup() {
    const { type } = memoryType({ records: 3 });
    const stageless = stagelessType();
    const registry = new ProfileRegistry([type, stageless]);
    let schedulesChanged = 0;
    const service = createProfileService({ db: db.db, registry, onSchedulesChanged: () => { schedulesChanged++; } });
    return { type, stageless, registry, service, schedulesChanged: () => schedulesChanged };
  }

  async function errorOf(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a rejection');
  }

  describe('create', () => {
    it('creates a profile with the type name and its default config, in status created', async () => {
      const { type, service } = setup();
      const row = await service.create(type.id);
      expect(row).toMatchObject({ typeId: type.id, name: type.name, status: 'created', config: {} });
      const details = await service.get(type.id);
      expect(details).toMatchObject({
        id: row.id, entity: 'memory', direction: 'magento_to_plenty', implemented: true,
        // Every new profile comes with a delta reconciliation every 15 minutes.
        schedules: [{ id: expect.any(Number), cron: '*/15 * * * *', timezone: 'UTC', mode: 'delta', enabled: true }],
        missing: ['target: set the target the records are written to'],
      });
      expect(await service.get(String(row.id))).toMatchObject({ id: row.id });
    });

    it('refuses a second profile of the same type with a clear ProfileExistsError', async () => {
      const { type, service } = setup();
      const first = await service.create(type.id, 'First');
      const error = await errorOf(service.create(type.id, 'Second'));
      expect(error).toBeInstanceOf(ProfileExistsError);
      expect(error.message).toBe(`A profile of type ${type.id} already exists (id ${first.id}): there is at most one profile per type.`);
      expect((error as ProfileExistsError).status).toBe(409);
    });

    it('lets the database decide a race of two creates: one wins, the other gets ProfileExistsError', async () => {
      const { type, service } = setup();
      const other = createProfileService({ db: db.db, registry: service.registry });
      const results = await Promise.allSettled([service.create(type.id), other.create(type.id)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(ProfileExistsError);
      const rows = await db.query<{ n: number }>('select count(*)::int as n from profiles where type_id = $1', [type.id]);
      expect(rows[0]!.n).toBe(1);
    });

    it('enforces one profile per type in the database itself', async () => {
      const { type } = setup();
      await db.query(`insert into profiles (type_id, name) values ($1, 'a')`, [type.id]);
      await expect(db.query(`insert into profiles (type_id, name) values ($1, 'b')`, [type.id])).rejects.toThrow();
    });

    it('refuses an unknown type and an unknown profile', async () => {
      const { service } = setup();
      await expect(service.create('plenty_teleport_export')).rejects.toBeInstanceOf(UnknownProfileTypeError);
      await expect(service.create('plenty_teleport_export')).rejects.toThrow('Unknown profile type "plenty_teleport_export". Known types:');
      const error = await errorOf(service.get('no_such_type'));
      expect(error).toBeInstanceOf(ProfileNotFoundError);
      expect(error.message).toBe('No profile "no_such_type". List them with `plentygate profile:list`.');
      await expect(service.get(424242)).rejects.toThrow('No profile with id 424242.');
    });
  });

  describe('config and lifecycle', () => {
    it('lists every invalid field of a config', async () => {
      const { type, service } = setup();
      await service.create(type.id);
      const error = await errorOf(service.updateConfig(type.id, { batchSize: -1, target: '', colour: 'red' }));
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).status).toBe(422);
      const problems = (error as ConfigValidationError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['batchSize', 'colour', 'target']);
      expect(error.message).toContain('The config is invalid:\n  ');
      expect(error.message).toContain('target: target must not be empty');
      expect(error.message).toContain('colour: unknown setting "colour"');
      // Nothing was stored.
      expect((await service.get(type.id)).config).toEqual({});
    });

    it('moves created → configured on a complete config, and back to created when it becomes incomplete', async () => {
      const { type, service } = setup();
      await service.create(type.id);
      const incomplete = await service.updateConfig(type.id, { batchSize: 5 });
      expect(incomplete).toMatchObject({ status: 'created', config: { batchSize: 5 }, missing: [expect.stringContaining('target')] });
      const configured = await service.updateConfig(type.id, { target: 'warehouse' }, 'Renamed');
      expect(configured).toMatchObject({ status: 'configured', name: 'Renamed', config: { target: 'warehouse' }, missing: [] });
      expect(await service.updateConfig(type.id, {})).toMatchObject({ status: 'created' });
    });

    it('tests, enables and disables along the lifecycle, refusing the moves that skip a step', async () => {
      const { type, service } = setup();
      await service.create(type.id);
      const notReady = await errorOf(service.test(type.id));
      expect(notReady).toBeInstanceOf(ConfigValidationError);
      expect((notReady as ConfigValidationError).problems).toEqual(['target: set the target the records are written to']);

      const enableEarly = await errorOf(service.enable(type.id));
      expect(enableEarly).toBeInstanceOf(LifecycleError);
      expect(enableEarly.message).toContain('test it first');

      await service.updateConfig(type.id, { target: 'x' });
      expect(await service.test(type.id)).toMatchObject({ status: 'tested' });
      // A config change on a tested profile asks for another test.
      expect(await service.updateConfig(type.id, { target: 'y' })).toMatchObject({ status: 'configured' });
      await service.test(type.id);
      expect(await service.enable(type.id)).toMatchObject({ status: 'active' });
      // An active profile keeps running with a changed complete config, but cannot lose a required field.
      expect(await service.updateConfig(type.id, { target: 'z' })).toMatchObject({ status: 'active' });
      const lose = await errorOf(service.updateConfig(type.id, {}));
      expect(lose).toBeInstanceOf(LifecycleError);
      expect(lose.message).toBe('A profile that is active cannot lose required config: disable it first, then change the config.');
      expect((await service.get(type.id)).config).toEqual({ target: 'z' });

      expect(await service.disable(type.id)).toMatchObject({ status: 'disabled' });
      expect(await service.enable(type.id)).toMatchObject({ status: 'active' });
      await service.disable(type.id);
      // Disabled is not running: its config may become incomplete, which sends it back to created.
      expect(await service.updateConfig(type.id, {})).toMatchObject({ status: 'created' });
      await expect(service.disable(type.id)).rejects.toThrow('only an active profile can be disabled');
    });

    it('refuses to test a type whose sync is not built', async () => {
      const { stageless, service } = setup();
      await service.create(stageless.id);
      await service.updateConfig(stageless.id, { target: 'x' });
      const details = await service.get(stageless.id);
      expect(details).toMatchObject({ implemented: false, status: 'configured' });
      await expect(service.test(stageless.id)).rejects.toThrow('has no sync yet in this version, so it cannot be tested');
    });
  });

  describe('schedules', () => {
    it('stores schedules with defaults and tells the scheduler', async () => {
      const t = setup();
      await t.service.create(t.type.id);
      const stored = await t.service.setSchedules(t.type.id, [
        { cron: '*/15 * * * *' },
        { cron: '0 2 * * *', timezone: 'Europe/Berlin', mode: 'full', window: { start: '22:00', end: '06:00' }, enabled: false },
      ]);
      expect(stored).toEqual([
        { id: expect.any(Number), cron: '*/15 * * * *', timezone: 'UTC', mode: 'delta', enabled: true },
        { id: expect.any(Number), cron: '0 2 * * *', timezone: 'Europe/Berlin', mode: 'full', enabled: false, window: { start: '22:00', end: '06:00' } },
      ]);
      expect(t.schedulesChanged()).toBe(1);
      expect((await t.service.get(t.type.id)).schedules).toEqual(stored);
      // Replaced as a whole.
      expect(await t.service.setSchedules(t.type.id, [])).toEqual([]);
    });

    it('hands the enabled schedules of every active profile to the scheduler', async () => {
      const t = setup();
      const profile = await t.service.create(t.type.id);
      await t.service.setSchedules(t.type.id, [
        { cron: '*/5 * * * *', mode: 'full', window: { start: '08:00', end: '18:00' }, timezone: 'Europe/Berlin' },
        { cron: '0 0 * * *', enabled: false },
      ]);
      const specsOf = async () => (await loadScheduleSpecs(db.db)).filter((s) => (s.data as RunRequest).profileId === profile.id);
      // Not active yet: its runs would be skipped, so its schedules wait.
      expect(await specsOf()).toEqual([]);
      await db.query(`update profiles set status = 'active' where id = ${profile.id}`);
      const specs = await specsOf();
      expect(specs).toEqual([{
        id: expect.stringMatching(/^schedule-\d+$/), cron: '*/5 * * * *', timezone: 'Europe/Berlin', window: { start: '08:00', end: '18:00' },
        jobName: 'run', data: { profileId: profile.id, trigger: 'cron', input: { mode: 'full' } },
        // The profile says nothing about retries: the defaults of its retry block.
        retry: { attempts: 5, backoff: { type: 'exponential', delayMs: 2000, jitter: 0.2 } },
      }]);
    });

    it('refuses an invalid cron pattern, time zone or window with a clear error, keeping the old schedules', async () => {
      const t = setup();
      await t.service.create(t.type.id);
      await t.service.setSchedules(t.type.id, [{ cron: '0 * * * *' }]);
      const cases: [unknown, string][] = [
        [[{ cron: '61 * * * *' }], "Invalid schedule cron: '61 * * * *' does not parse"],
        [[{ cron: 'every hour' }], "Invalid schedule cron: 'every hour' has 2 fields, expected 5 or 6"],
        [[{ cron: '0 * * * *', timezone: 'Europe/Atlantis' }], "Invalid schedule timezone: 'Europe/Atlantis' is not an IANA time zone"],
        [[{ cron: '0 * * * *', window: { start: '25:00', end: '06:00' } }], '0.window.start: expected a local time as HH:MM, e.g. "22:00"'],
        [[{ cron: '' }], '0.cron:'],
        [{ cron: '0 * * * *' }, '(config): '],
      ];
      for (const [input, message] of cases) {
        const error = await errorOf(t.service.setSchedules(t.type.id, input));
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect(error.message).toContain('The schedule is invalid:');
        expect((error as ConfigValidationError).problems.join('\n')).toContain(message);
      }
      expect((await t.service.get(t.type.id)).schedules).toMatchObject([{ cron: '0 * * * *' }]);
      expect(t.schedulesChanged()).toBe(1);
    });
  });

  describe('history', () => {
    it('lists runs newest first and cleans finished runs older than the given days', async () => {
      const t = setup();
      const profile = await t.service.create(t.type.id);
      const other = await t.service.create(t.stageless.id);
      const old = new Date(Date.now() - 40 * 86_400_000);
      const rows = await db.db.insert(profileRuns).values([
        { profileId: profile.id, trigger: 'cron', status: 'completed', startedAt: old, finishedAt: old },
        { profileId: profile.id, trigger: 'cron', status: 'failed', startedAt: old, finishedAt: old, error: 'x' },
        { profileId: profile.id, trigger: 'manual', status: 'running', startedAt: old },
        { profileId: profile.id, trigger: 'event', status: 'completed' },
        { profileId: other.id, trigger: 'cron', status: 'completed', startedAt: old, finishedAt: old },
      ]).returning();
      await createHistory(db.db).addMessage(rows[0]!.id, { level: 'error', recordKey: 'r1', message: 'gone with its run' });

      const listed = await t.service.history(t.type.id);
      expect(listed.map((r) => r.id)).toEqual([rows[3]!.id, rows[2]!.id, rows[1]!.id, rows[0]!.id]);
      expect(await t.service.history(t.type.id, 2)).toHaveLength(2);

      expect(await t.service.cleanHistory(30, t.type.id)).toBe(2);
      expect((await t.service.history(t.type.id)).map((r) => r.status)).toEqual(['completed', 'running']);
      expect(await db.query('select * from profile_run_messages where run_id = $1', [rows[0]!.id])).toEqual([]);
      // The other profile's old run was left alone, until cleaned without a profile.
      expect(await t.service.history(t.stageless.id)).toHaveLength(1);
      expect(await t.service.cleanHistory(30)).toBeGreaterThanOrEqual(1);
      expect(await t.service.history(t.stageless.id)).toHaveLength(0);
      await expect(t.service.run(rows[0]!.id)).rejects.toThrow(`No run with id ${rows[0]!.id}.`);
    });
  });

  describe('config export and import', () => {
    it('round-trips config, name and schedules, creating the profile when it does not exist', async () => {
      const t = setup();
      await t.service.create(t.type.id, 'Exported');
      await t.service.updateConfig(t.type.id, { target: 'eu', batchSize: 50 });
      await t.service.setSchedules(t.type.id, [{ cron: '0 3 * * *', timezone: 'Europe/Vienna', window: { start: '01:00', end: '05:00' } }]);
      const exported = await t.service.exportConfig(t.type.id);
      expect(exported).toEqual({
        typeId: t.type.id, name: 'Exported', config: { target: 'eu', batchSize: 50 },
        schedules: [{ cron: '0 3 * * *', timezone: 'Europe/Vienna', mode: 'delta', enabled: true, window: { start: '01:00', end: '05:00' } }],
      });
      // Through JSON, as the CLI writes and reads it; onto a database without the profile.
      const document = JSON.parse(JSON.stringify(exported)) as unknown;
      await db.query('delete from profiles where type_id = $1', [t.type.id]);
      const imported = await t.service.importConfig(document);
      expect(imported).toMatchObject({ typeId: t.type.id, name: 'Exported', status: 'configured', config: exported.config });
      expect(await t.service.exportConfig(t.type.id)).toEqual(exported);
      // Again onto the existing profile: nothing changes, nothing is duplicated.
      await t.service.importConfig(document);
      expect(await t.service.exportConfig(t.type.id)).toEqual(exported);
    });

    it('refuses a document that is not an export, and an invalid config in one', async () => {
      const t = setup();
      await expect(t.service.importConfig({ name: 'x' })).rejects.toThrow('typeId: expected the profile type id');
      await expect(t.service.importConfig(null)).rejects.toBeInstanceOf(ConfigValidationError);
      await expect(t.service.importConfig({ typeId: 'plenty_nothing' })).rejects.toBeInstanceOf(UnknownProfileTypeError);
      const error = await errorOf(t.service.importConfig({ typeId: t.type.id, config: { batchSize: 'many' } }));
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect(error.message).toContain('batchSize: batchSize must be a number');
    });
  });

  it('needs a queue backend to queue runs', async () => {
    const t = setup();
    await t.service.create(t.type.id);
    await expect(t.service.requestRun(t.type.id, { trigger: 'manual', input: { mode: 'full' } }))
      .rejects.toThrow('This operation needs the queue');
  });
});
