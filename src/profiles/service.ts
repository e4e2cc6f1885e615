import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { profileSchedules, profiles } from '../db/schema/index.js';
import type { AddOptions, BulkJob, QueueBackend } from '../queue/port.js';
import { describeConfigError } from './config/errors.js';
import { retiredSettingMessage, withoutRetired } from './config/retired.js';
import { runJobRetry } from './run-retry.js';
import { ConfigValidationError, ProfileExistsError, ProfileNotFoundError, RunNotFoundError, RunNotResumableError, RunStillStoppingError } from './errors.js';
import { createHistory } from './history.js';
import { transition, type ProfileStatus } from './lifecycle.js';
import type { AnyProfileType, NormalizedEvent, RunInput, RunTrigger } from './profile-type.js';
import { PROFILE_QUEUE, RUN_JOB } from './queue-names.js';
import type { ProfileRegistry } from './registry.js';
import type { RunRequest } from './runner.js';
import { defaultScheduleRows, listSchedules, parseSchedules, replaceSchedules, type Schedule } from './schedules.js';
import { parseMapping, splitMapping, MAPPING_KEY } from '../mapping/profile-config.js';
import { DEFAULT_DRY_RUN_LIMIT, dryRun, summarize, type DryRunDeps, type DryRunReport } from '../mapping/dry-run.js';

export type ProfileRow = typeof profiles.$inferSelect;
export interface ProfileDetails extends ProfileRow {
  entity: string;
  direction: string;
  /** What is still missing before the profile can run (empty when complete). */
  missing: string[];
  /** False while the type's sync is not built in this version. */
  implemented: boolean;
  schedules: Schedule[];
}

export interface ConfigDocument {
  typeId: string;
  name: string;
  config: Record<string, unknown>;
  schedules: Schedule[];
}

export interface ProfileServiceDeps {
  db: Database;
  registry: ProfileRegistry;
  /** Needed for requestRun / dispatchEvent; commands that only read or configure can do without. */
  queue?: QueueBackend;
  /** How long dispatch may rely on its list of active profiles (default 1000 ms). */
  activeCacheMs?: number;
  /** Called after schedules change so the scheduler picks them up at once. */
  onSchedulesChanged?: () => Promise<void> | void;
  /** The connections and log dry runs (and tests with execution) use; without them those are refused. */
  dryRun?: () => Pick<DryRunDeps, 'services' | 'log'>;
}

/** A test execution that did not succeed: the profile stays untested, the report is in the history. */
export class TestRunFailedError extends Error {
  readonly status = 422;
  constructor(readonly report: DryRunReport) {
    super(`The test run (run ${report.runId}) did not succeed: ${report.error ?? `${report.mappingErrors} record(s) could not be mapped`}. See it with \`plentygate profile:history --run ${report.runId}\`.`);
    this.name = 'TestRunFailedError';
  }
}

export type ProfileRef = number | string;

/** Everything the CLI and the admin API do with profiles, in one place. */
export function createProfileService(deps: ProfileServiceDeps) {
  const { db, registry } = deps;
  const history = createHistory(db);

  const find = async (ref: ProfileRef): Promise<ProfileRow> => {
    const numeric = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
    const [row] = await db.select().from(profiles)
      .where(numeric !== undefined ? eq(profiles.id, numeric) : eq(profiles.typeId, String(ref)));
    if (!row) throw new ProfileNotFoundError(ref);
    return row;
  };

  const parseConfig = (type: AnyProfileType, config: unknown): Record<string, unknown> => {
    const { removed } = withoutRetired(config, type.retiredSettings);
    if (removed.length) throw new ConfigValidationError(removed.map(retiredSettingMessage));
    // The mapping (src/mapping) is every type's, checked against the fields the type declares.
    const { rest, mapping } = splitMapping(config);
    const parsed = type.configSchema.safeParse(rest);
    const mapped = mapping === undefined ? undefined : parseMapping(type, mapping);
    const problems = [...(parsed.success ? [] : describeConfigError(parsed.error)), ...(mapped?.problems ?? [])];
    if (!parsed.success || problems.length) throw new ConfigValidationError(problems);
    return { ...(parsed.data as Record<string, unknown>), ...(mapped ? { [MAPPING_KEY]: mapped.mapping } : {}) };
  };

  // Which profiles are active, read at most once per `activeCacheMs` on the webhook hot path (one query
  // per webhook otherwise). Changes made through this service are seen at once; another process's
  // enable/disable within the window.
  type ActiveProfile = { id: number; typeId: string; retry: ReturnType<typeof runJobRetry> };
  let activeCache: { at: number; rows: Promise<ActiveProfile[]> } | undefined;
  const activeProfiles = () => {
    const now = Date.now();
    if (!activeCache || now - activeCache.at > (deps.activeCacheMs ?? 1000)) {
      // execute(): a drizzle query is a thenable that runs again on every await; the cache needs one promise.
      const rows = db.select({ id: profiles.id, typeId: profiles.typeId, config: profiles.config }).from(profiles).where(eq(profiles.status, 'active'))
        .execute().then((found) => found.map(({ config, ...p }) => ({ ...p, retry: runJobRetry(config) })));
      activeCache = { at: now, rows };
      rows.catch(() => (activeCache = undefined));
    }
    return activeCache.rows;
  };

  /** Queues a run job; `options` carry the profile's retry settings (see runJobRetry). */
  const enqueueRun = async (profileId: number, request: { trigger: RunTrigger; input: RunInput; runId?: number }, options: AddOptions) => {
    const data: RunRequest = {
      profileId, trigger: request.trigger, input: request.input, requestId: randomUUID(), ...(request.runId ? { runId: request.runId } : {}),
    };
    const result = await queue().add(RUN_JOB, data, options);
    return { profileId, jobId: result.id, added: result.added };
  };

  const setStatus = async (row: ProfileRow, status: ProfileStatus, extra: Partial<ProfileRow> = {}) => {
    const [updated] = await db.update(profiles).set({ ...extra, status, updatedAt: new Date() })
      .where(eq(profiles.id, row.id)).returning();
    activeCache = undefined;
    return updated!;
  };

  const queue = () => {
    if (!deps.queue) throw new Error('This operation needs the queue: start it with a queue backend');
    return deps.queue.queue<RunRequest>(PROFILE_QUEUE);
  };

  const service = {
    registry,

    async list(): Promise<ProfileRow[]> {
      return db.select().from(profiles).orderBy(profiles.id);
    },

    async get(ref: ProfileRef): Promise<ProfileDetails> {
      const row = await find(ref);
      const type = registry.get(row.typeId);
      // A stored config may still hold settings earlier versions accepted without an effect (config/retired.ts).
      const parsed = type.configSchema.safeParse(splitMapping(withoutRetired(row.config, type.retiredSettings).config).rest);
      const missing = parsed.success ? type.readiness?.(parsed.data) ?? [] : describeConfigError(parsed.error);
      return {
        ...row, entity: type.entity, direction: type.direction, missing, implemented: Boolean(type.stages),
        schedules: await listSchedules(db, row.id),
      };
    },

    async create(typeId: string, name?: string): Promise<ProfileRow> {
      const type = registry.get(typeId);
      const [existing] = await db.select({ id: profiles.id }).from(profiles).where(eq(profiles.typeId, typeId));
      if (existing) throw new ProfileExistsError(typeId, existing.id);
      const inserted = await db.insert(profiles)
        .values({ typeId, name: name ?? type.name, config: parseConfig(type, {}) })
        .onConflictDoNothing().returning();
      if (!inserted[0]) {
        // Lost a race with another process creating the same type: the unique index decided.
        const [winner] = await db.select({ id: profiles.id }).from(profiles).where(eq(profiles.typeId, typeId));
        throw new ProfileExistsError(typeId, winner?.id ?? 0);
      }
      await db.insert(profileSchedules).values(defaultScheduleRows(inserted[0].id));
      return inserted[0];
    },

    /** Validates and stores a config; a complete config moves a new profile to `configured`. */
    async updateConfig(ref: ProfileRef, config: unknown, name?: string): Promise<ProfileDetails> {
      const row = await find(ref);
      const type = registry.get(row.typeId);
      const parsed = parseConfig(type, config);
      const missing = type.readiness?.(parsed) ?? [];
      const status = transition(row.status, missing.length ? 'unconfigure' : 'configure');
      await setStatus(row, status, { config: parsed, ...(name ? { name } : {}) });
      return service.get(row.id);
    },

    async setSchedules(ref: ProfileRef, schedules: unknown): Promise<Schedule[]> {
      const row = await find(ref);
      let parsed: Schedule[];
      try {
        parsed = parseSchedules(schedules);
      } catch (error) {
        const problems = error instanceof Error && 'issues' in error
          ? describeConfigError(error as never)
          : [error instanceof Error ? error.message : String(error)];
        throw new ConfigValidationError(problems, 'schedule');
      }
      await replaceSchedules(db, row.id, parsed);
      await deps.onSchedulesChanged?.();
      return listSchedules(db, row.id);
    },

    /**
     * Marks a complete profile as tested. With `execute`, only after a dry run on a sample (`sample`
     * records of a full collect) ran through against the real systems and mapped every record: the
     * report is stored in the run history either way, and a failed one leaves the status as it was.
     */
    async test(ref: ProfileRef, options: { execute?: boolean; sample?: number } = {}): Promise<ProfileDetails & { testRun?: { runId: number; summary: string } }> {
      const details = await service.get(ref);
      if (!details.implemented) {
        throw new ConfigValidationError([`The profile type ${details.typeId} has no sync yet in this version, so it cannot be tested.`], 'profile');
      }
      if (details.missing.length) throw new ConfigValidationError(details.missing, 'config');
      // A move the lifecycle refuses is refused before anything is run.
      const next = transition(details.status, 'test');
      let testRun: { runId: number; summary: string } | undefined;
      if (options.execute) {
        const report = await service.dryRun(details.id, { mode: 'full' }, options.sample ?? DEFAULT_DRY_RUN_LIMIT);
        if (report.error || report.mappingErrors > 0) throw new TestRunFailedError(report);
        testRun = { runId: report.runId, summary: summarize(report) };
      }
      await setStatus(details, next);
      return { ...(await service.get(details.id)), ...(testRun ? { testRun } : {}) };
    },

    /** A dry run (src/mapping/dry-run.ts): what a run would do, written to neither system. */
    async dryRun(ref: ProfileRef, input: RunInput, limit = DEFAULT_DRY_RUN_LIMIT): Promise<DryRunReport> {
      const row = await find(ref);
      const host = deps.dryRun?.();
      if (!host) throw new Error('Dry runs need the connections: run them from the CLI or the gateway.');
      return dryRun({ db, registry, ...host }, row.id, input, limit);
    },

    async enable(ref: ProfileRef): Promise<ProfileRow> {
      const row = await find(ref);
      return setStatus(row, transition(row.status, 'enable'));
    },

    async disable(ref: ProfileRef): Promise<ProfileRow> {
      const row = await find(ref);
      return setStatus(row, transition(row.status, 'disable'));
    },

    /** Queues a run for the workers. */
    async requestRun(ref: ProfileRef, request: { trigger: RunTrigger; input: RunInput; runId?: number }, options: AddOptions = {}) {
      const row = await find(ref);
      return enqueueRun(row.id, request, { ...runJobRetry(row.config), ...options });
    },

    /**
     * Routes a normalized event to the active profiles whose triggers match: one job per profile and
     * entity key, and saves of the same entity within `debounceMs` collapse into one job. An event
     * without keys (an authentic callback of unknown shape) asks for a delta run instead.
     */
    async dispatchEvent(event: NormalizedEvent, options: { debounceMs: number }) {
      return (await service.dispatchEvents([event], options))[0]!;
    },

    /**
     * dispatchEvent for several events (the relay's batch of just-committed webhooks): every job of
     * every event added by one bulk add, in event order. The jobs each event became, per event. With
     * `runHere` the caller keeps the events durable until each job's `settled`, so a job may run in this
     * process at once (`local`, src/queue/local-runs.ts).
     */
    async dispatchEvents(events: NormalizedEvent[], options: { debounceMs: number; runHere?: boolean }) {
      const perEvent: BulkJob<RunRequest>[][] = [];
      for (const event of events) {
        const typeIds = registry.triggeredBy(event).map((t) => t.id);
        const active = typeIds.length ? (await activeProfiles()).filter((p) => typeIds.includes(p.typeId)) : [];
        const jobs: BulkJob<RunRequest>[] = [];
        for (const profile of active) {
          const targets = event.keys.length ? event.keys.map((key) => ({ key, input: { mode: 'ids', ids: [key] } as RunInput }))
            : [{ key: '*delta*', input: { mode: 'delta' } as RunInput }];
          for (const { key, input } of targets) {
            const dedupeId = `${profile.id}:${event.entity}:${key}`;
            jobs.push({
              name: RUN_JOB,
              data: { profileId: profile.id, trigger: 'event', input, requestId: randomUUID() },
              options: { ...profile.retry, ...eventJobOptions(dedupeId, options.debounceMs), ...(options.runHere && { local: true }) },
            });
          }
        }
        perEvent.push(jobs);
      }
      const all = perEvent.flat();
      const results = all.length ? await queue().addBulk(all) : [];
      let at = 0;
      return perEvent.map((jobs) => jobs.map((job) => {
        const result = results[at++]!;
        return { profileId: job.data.profileId, jobId: result.id, added: result.added, ...(result.settled && { settled: result.settled }) };
      }));
    },

    async history(ref: ProfileRef, limit = 20) {
      const row = await find(ref);
      return history.list(row.id, limit);
    },

    async run(runId: number) {
      const run = await history.get(runId);
      if (!run) throw new RunNotFoundError(runId);
      return { ...run, messages: await history.messages(runId) };
    },

    async pauseRun(runId: number): Promise<boolean> {
      if (!(await history.get(runId))) throw new RunNotFoundError(runId);
      return history.requestPause(runId);
    },

    /** Continues a paused (or failed) run from its checkpoint, through the queue. */
    async resumeRun(runId: number) {
      const run = await history.get(runId);
      if (!run) throw new RunNotFoundError(runId);
      // A running run resumed a second time would be processed twice at once; a finished one has nothing left.
      if (run.status !== 'paused' && run.status !== 'failed') throw new RunNotResumableError(runId, run.status);
      // A pause takes effect after the current batch: resumed before its worker let go, two workers would share the run.
      if (run.jobId && (await queue().get(run.jobId))?.state === 'active') throw new RunStillStoppingError(runId);
      return service.requestRun(run.profileId, { trigger: run.trigger, input: run.params as unknown as RunInput, runId });
    },

    async cleanHistory(days: number, ref?: ProfileRef): Promise<number> {
      const profileId = ref === undefined ? undefined : (await find(ref)).id;
      return history.clean(days, profileId);
    },

    async exportConfig(ref: ProfileRef): Promise<ConfigDocument> {
      const row = await find(ref);
      const schedules = (await listSchedules(db, row.id)).map(({ id: _id, ...s }) => s);
      const { config } = withoutRetired(row.config, registry.get(row.typeId).retiredSettings);
      return { typeId: row.typeId, name: row.name, config: config as Record<string, unknown>, schedules };
    },

    /** Applies an exported document to the profile of its type (created if it does not exist yet). */
    async importConfig(document: unknown): Promise<ProfileDetails> {
      if (typeof document !== 'object' || document === null || typeof (document as ConfigDocument).typeId !== 'string') {
        throw new ConfigValidationError(['typeId: expected the profile type id, as written by profile:config:export']);
      }
      const doc = document as Partial<ConfigDocument> & { typeId: string };
      registry.get(doc.typeId);
      const [existing] = await db.select().from(profiles).where(eq(profiles.typeId, doc.typeId));
      const row = existing ?? (await service.create(doc.typeId, doc.name));
      await service.updateConfig(row.id, doc.config ?? {}, doc.name);
      if (doc.schedules) await service.setSchedules(row.id, doc.schedules);
      return service.get(row.id);
    },
  };
  return service;
}

/** Debounced by entity: the job runs once, `debounceMs` after the last event for that entity. */
function eventJobOptions(dedupeId: string, debounceMs: number): AddOptions {
  return debounceMs > 0
    ? { dedupe: { id: dedupeId, windowMs: debounceMs, mode: 'debounce' } }
    : {};
}

export type ProfileService = ReturnType<typeof createProfileService>;
