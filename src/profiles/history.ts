import { createHash } from 'node:crypto';
import { and, desc, eq, getTableColumns, gt, lt, sql, type SQL } from 'drizzle-orm';
import { scrubText } from '../credentials/scrub.js';
import type { Database } from '../db/client.js';
import { rowsOf, runStatement } from '../db/driver.js';
import { profileRunMessages, profileRuns, profiles } from '../db/schema/index.js';
import type { RunInput, RunTrigger } from './profile-type.js';
import { RunSupersededError, heldBy, type RunOwner } from './run-owner.js';
import { linkWriteCtes, linkWriteValues, type PendingLinkWrites } from './links.js';
import { deepFreeze } from './deep-freeze.js';

export type RunRow = typeof profileRuns.$inferSelect;
export type ProfileRow = typeof profiles.$inferSelect;
export type RunMessage = typeof profileRunMessages.$inferSelect;
export interface RunCounts {
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}
export interface NewMessage {
  level: 'info' | 'warn' | 'error';
  recordKey?: string | null;
  message: string;
}

/**
 * A run by id, or held by an execution (`RunOwner`): then a write is made only while the execution still
 * holds the run, and a refused one throws `RunSupersededError` (nothing of it is stored).
 */
export type RunRef = number | RunOwner;
const idOf = (run: RunRef) => (typeof run === 'number' ? run : run.runId);
const ownedBy = (run: RunRef) => (typeof run === 'number' ? undefined : eq(profileRuns.ownerToken, run.token));
const refused = (run: RunRef): never => {
  throw new RunSupersededError(idOf(run));
};

/** What is stored of a message: scrubbed of credentials and cut to length (it may quote an API's answer). */
const stored = (runId: number, m: NewMessage) => ({ runId, level: m.level, recordKey: m.recordKey ?? null, message: scrubText(m.message) });

const parsedJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

type JsonTable = typeof profiles | typeof profileRuns;
/** Per table, each field with its column's name and whether it holds a date: read off drizzle once. */
const jsonColumns = new Map<JsonTable, { field: string; name: string; date: boolean }[]>();

/** A table's row from `to_jsonb(row)`: column names to field names, timestamps to dates. */
function fromJsonRow<T>(table: JsonTable, json: unknown): T {
  const source = parsedJson(json) as Record<string, unknown>;
  let columns = jsonColumns.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)).map(([field, column]) => ({ field, name: column.name, date: column.dataType === 'date' }));
    jsonColumns.set(table, columns);
  }
  const row: Record<string, unknown> = {};
  for (const { field, name, date } of columns) {
    const value = source[name] ?? null;
    row[field] = value !== null && date ? new Date(value as string) : value;
  }
  return row as T;
}

/** What an update of a run row sets, and which row it updates. */
interface RunUpdate {
  /** The counts, checkpoint and heartbeat of a batch save. */
  counts?: { counts: RunCounts; checkpoint: unknown; at: Date };
  total?: number;
  /** The end of the run: status, error, finished_at. */
  end?: { status: RunRow['status']; error: string | null; at: Date };
  /** Only while the run is running. */
  onlyRunning: boolean;
}

const updateTexts = new Map<string, string>();

/**
 * `update profile_runs … returning status` for the run and what `u` sets, its values numbered from
 * `first` (after the values of the statement it goes into), and the values in that order.
 */
function runUpdate(run: RunRef, u: RunUpdate, first: number): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  if (u.counts) {
    const { counts, checkpoint, at } = u.counts;
    params.push(counts.processed, counts.created, counts.updated, counts.skipped, counts.failed,
      checkpoint === undefined || checkpoint === null ? null : JSON.stringify(checkpoint), at.toISOString());
  }
  if (u.total !== undefined) params.push(u.total);
  if (u.end) params.push(u.end.status, u.end.error, u.end.at.toISOString());
  params.push(idOf(run));
  if (typeof run !== 'number') params.push(run.token);
  const key = `${first}:${u.counts ? 'c' : ''}${u.total !== undefined ? 't' : ''}${u.end ? 'e' : ''}${typeof run === 'number' ? '' : 'o'}${u.onlyRunning ? 'r' : ''}`;
  let text = updateTexts.get(key);
  if (!text) {
    let n = first;
    const set: string[] = [];
    if (u.counts) {
      set.push(`processed = $${n++}, created = $${n++}, updated = $${n++}, skipped = $${n++}, failed = $${n++}`,
        `checkpoint = $${n++}::jsonb`, `heartbeat_at = $${n++}::timestamptz`);
    }
    if (u.total !== undefined) set.push(`total = $${n++}`);
    if (u.end) set.push(`status = $${n++}::run_status`, `error = $${n++}::text`, `finished_at = $${n++}::timestamptz`);
    text = `update profile_runs set ${set.join(', ')} where id = $${n++}`
      + (typeof run === 'number' ? '' : ` and owner_token = $${n++}`)
      + (u.onlyRunning ? ` and status = 'running'` : '') + ' returning status';
    updateTexts.set(key, text);
  }
  return { text, params };
}

/**
 * The statement that opens an event run with the profile read (see `openActive`). The profile's config
 * comes as text, and only when its digest differs from $7, the digest of the config the caller holds.
 */
const OPEN_ACTIVE = `
  with p as (select * from profiles where id = $1),
  r as (
    insert into profile_runs (profile_id, trigger, mode, params, job_id, request_id)
    select p.id, $2::run_trigger, $3::run_mode, $4::jsonb, $5::text, $6::text from p where p.status = 'active'
    on conflict (request_id) do update set job_id = coalesce(excluded.job_id, profile_runs.job_id)
    returning profile_runs.*, (xmax = 0) as fresh
  )
  select to_jsonb(p) - 'config' as profile,
    case when md5(p.config::text) = $7::text then null else p.config::text end as config,
    to_jsonb(r) as run
  from p left join r on true`;

/** A stored config as read last, by profile id: its digest (PostgreSQL's `md5` of its text) and the config, frozen. */
type KnownConfigs = Map<number, { digest: string; config: ProfileRow['config'] }>;

const histories = new WeakMap<Database, History>();

/** Execution history: run rows and their messages (one per database: it keeps nothing else). */
export function createHistory(db: Database): History {
  let history = histories.get(db);
  if (!history) histories.set(db, (history = buildHistory(db)));
  return history;
}

function buildHistory(db: Database) {
  // Every event run reads its profile; the config (the largest part of the row) travels, is parsed and
  // is frozen only when it changed. Shared by the runs of the process, which only read it.
  const configs: KnownConfigs = new Map();

  // A batch without messages is one statement; with messages, the run row and the messages commit together.
  const withMessages = async <T>(run: RunRef, messages: NewMessage[], write: (q: Database) => Promise<T>): Promise<T> => {
    if (messages.length === 0) return write(db);
    return db.transaction(async (tx) => {
      const result = await write(tx as unknown as Database);
      await tx.insert(profileRunMessages).values(messages.map((m) => stored(idOf(run), m)));
      return result;
    });
  };

  /**
   * Updates the run row (only while `run` is held by its execution) and, in the same statement, makes
   * the link writes the run held for its save (`atBatchSave`, see links.ts): only when the update changed
   * the row, which for an execution's run means it still holds it (the update checks the owner token
   * and locks the row against a takeover). Answers the updated row's status, none when nothing was updated.
   */
  const updateRun = async (q: Database, run: RunRef, u: RunUpdate, links: PendingLinkWrites | undefined): Promise<RunRow['status'][]> => {
    if (!links) {
      const { text, params } = runUpdate(run, u, 1);
      return (await runStatement<{ status: RunRow['status'] }>(q, text, params, true)).map((r) => r.status);
    }
    // Prepared too: the link writes' text is the same for any number of links and claims (they travel as
    // arrays and JSON), one per kind of update, and every row in it is found by an index in any plan
    // (linkWriteCtes looks each given-up claim up by the key index; test/profiles/history-statements.test.ts
    // checks the generic plan on an unanalysed links table).
    const update = runUpdate(run, u, 4);
    return (await runStatement<{ status: RunRow['status'] }>(q, `with run as (${update.text}), ${linkWriteCtes(1, 'exists (select 1 from run)')} select status from run`,
      [...linkWriteValues(links), ...update.params], true)).map((r) => r.status);
  };

  return {
    async start(profileId: number, trigger: RunTrigger, input: RunInput, jobId?: string): Promise<RunRow> {
      const [row] = await db.insert(profileRuns)
        .values({ profileId, trigger, mode: input.mode, params: { ...input }, jobId: jobId ?? null })
        .returning();
      return row!;
    },

    /**
     * The run of a queued request: a new row, or the one an earlier attempt of the same request started
     * (`fresh` false), in one statement on the hot path of event runs.
     */
    async open(profileId: number, trigger: RunTrigger, input: RunInput, requestId: string, jobId?: string): Promise<{ row: RunRow; fresh: boolean }> {
      const [row] = await db.insert(profileRuns)
        .values({ profileId, trigger, mode: input.mode, params: { ...input }, jobId: jobId ?? null, requestId })
        .onConflictDoUpdate({ target: profileRuns.requestId, set: { jobId: sql`coalesce(excluded.job_id, ${profileRuns.jobId})` } })
        // xmax is 0 on a row this statement inserted, the updating transaction's id on one it found.
        .returning({ ...getTableColumns(profileRuns), fresh: sql<boolean>`(xmax = 0)` });
      const { fresh, ...run } = row!;
      return { row: run, fresh: Boolean(fresh) };
    },

    /**
     * `open` for a queued request of an active profile, with the profile read by the same statement:
     * every event run needs both, and this is one round trip instead of two. Without a row the profile
     * does not exist; without `run` it is not active (and no run was opened). The request's input is
     * stored as given: the caller uses this only where `effectiveInput` leaves it unchanged.
     */
    async openActive(profileId: number, trigger: RunTrigger, input: RunInput, requestId: string, jobId?: string): Promise<{ profile: ProfileRow; run?: { row: RunRow; fresh: boolean } } | undefined> {
      const known = configs.get(profileId);
      const [found] = await runStatement<{ profile: unknown; config: string | null; run: unknown }>(db, OPEN_ACTIVE,
        [profileId, trigger, input.mode, JSON.stringify(input), jobId ?? null, requestId, known?.digest ?? ''], true);
      if (!found) return undefined;
      const profile = fromJsonRow<ProfileRow>(profiles, found.profile);
      if (found.config === null && known) profile.config = known.config;
      else {
        const text = found.config ?? '{}';
        profile.config = deepFreeze(JSON.parse(text) as ProfileRow['config']);
        configs.set(profileId, { digest: createHash('md5').update(text).digest('hex'), config: profile.config });
      }
      if (found.run === null || found.run === undefined) return { profile };
      const run = parsedJson(found.run) as Record<string, unknown>;
      return { profile, run: { row: fromJsonRow<RunRow>(profileRuns, run), fresh: run.fresh === true } };
    },

    async get(runId: number): Promise<RunRow | undefined> {
      const [row] = await db.select().from(profileRuns).where(eq(profileRuns.id, runId));
      return row;
    },

    async byJob(jobId: string): Promise<RunRow | undefined> {
      const [row] = await db.select().from(profileRuns).where(eq(profileRuns.jobId, jobId))
        .orderBy(desc(profileRuns.id)).limit(1);
      return row;
    },

    /**
     * Marks a run running again (resume after pause, retry after a crash or a transient failure) and
     * takes it for this execution: the new owner token, which every earlier execution's writes now miss.
     */
    async resume(runId: number): Promise<RunOwner> {
      const [row] = await db.update(profileRuns)
        .set({ status: 'running', finishedAt: null, error: null, heartbeatAt: new Date(), ownerToken: sql`${profileRuns.ownerToken} + 1` })
        .where(eq(profileRuns.id, runId))
        .returning({ token: profileRuns.ownerToken });
      return { runId, token: row?.token ?? 0 };
    },

    /**
     * Saves a batch's counts, checkpoint and messages together, so a resumed run never counts twice.
     * Returns the run's status as stored (`paused` when a pause was asked for meanwhile).
     */
    async saveBatch(run: RunRef, counts: RunCounts, checkpoint: unknown, messages: NewMessage[], total?: number, links?: PendingLinkWrites): Promise<RunRow['status'] | undefined> {
      return withMessages(run, messages, async (q) => {
        const [status] = await updateRun(q, run, { counts: { counts, checkpoint, at: new Date() }, total, onlyRunning: false }, links);
        if (!status && typeof run !== 'number') refused(run);
        return status;
      });
    },

    /**
     * Saves the last batch and the final status in one statement. Only a run still `running` is
     * finished: when a pause came first, the counts are saved and false is returned.
     */
    async complete(run: RunRef, counts: RunCounts, checkpoint: unknown, messages: NewMessage[], status: RunRow['status'], links?: PendingLinkWrites): Promise<boolean> {
      return withMessages(run, messages, async (q) => {
        const now = new Date();
        const batch = { counts, checkpoint, at: now };
        const done = await updateRun(q, run, { counts: batch, end: { status, error: null, at: now }, onlyRunning: true }, links);
        if (done.length) return true;
        // Paused meanwhile: the counts and the held link writes are saved without finishing the run.
        const saved = await updateRun(q, run, { counts: batch, onlyRunning: false }, links);
        if (!saved.length && typeof run !== 'number') refused(run);
        return false;
      });
    },

    /** Final status; only a run still `running` is finished (a concurrent pause wins). */
    async finish(run: RunRef, status: RunRow['status'], error?: string, links?: PendingLinkWrites): Promise<void> {
      await updateRun(db, run, { end: { status, error: error === undefined ? null : scrubText(error), at: new Date() }, onlyRunning: true }, links);
    },

    /**
     * The oldest delta or full run of the profile started before `run` that is still running, with a
     * heartbeat (a batch saved, or a wait noted) since `since`; a run whose process died stops counting
     * once its heartbeat is older.
     */
    async olderBatchRun(run: Pick<RunRow, 'id' | 'profileId'>, since: Date): Promise<Pick<RunRow, 'id' | 'mode' | 'trigger' | 'startedAt'> | undefined> {
      const [row] = await db.select({ id: profileRuns.id, mode: profileRuns.mode, trigger: profileRuns.trigger, startedAt: profileRuns.startedAt })
        .from(profileRuns)
        .where(and(
          eq(profileRuns.profileId, run.profileId), lt(profileRuns.id, run.id), eq(profileRuns.status, 'running'),
          sql`${profileRuns.mode} in ('delta', 'full')`, gt(profileRuns.heartbeatAt, since),
        ))
        .orderBy(profileRuns.id).limit(1);
      return row;
    },

    /** Moves the run's heartbeat to now (a run waiting to start shows it is alive). */
    async touch(run: RunOwner): Promise<void> {
      const rows = await db.update(profileRuns).set({ heartbeatAt: new Date() })
        .where(and(eq(profileRuns.id, run.runId), ownedBy(run))).returning({ id: profileRuns.id });
      if (!rows.length) refused(run);
    },

    async countMessages(runId: number): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(profileRunMessages).where(eq(profileRunMessages.runId, runId));
      return Number(row?.n ?? 0);
    },

    /** Adds a message; for an execution's run (`RunOwner`) only while it still holds the run. */
    async addMessage(run: RunRef, message: NewMessage): Promise<void> {
      if (typeof run === 'number') {
        await db.insert(profileRunMessages).values(stored(run, message));
        return;
      }
      const m = stored(run.runId, message);
      const rows = rowsOf(await db.execute(sql`
        insert into ${profileRunMessages} (run_id, level, record_key, message)
        select ${m.runId}, ${m.level}, ${m.recordKey}, ${m.message} where ${heldBy(run)}
        returning id`));
      if (!rows.length) refused(run);
    },

    /** Asks a running run to stop after its current batch. */
    async requestPause(runId: number): Promise<boolean> {
      const rows = await db.update(profileRuns).set({ status: 'paused' })
        .where(and(eq(profileRuns.id, runId), eq(profileRuns.status, 'running')))
        .returning({ id: profileRuns.id });
      return rows.length > 0;
    },

    async list(profileId: number, limit = 20): Promise<RunRow[]> {
      return db.select().from(profileRuns).where(eq(profileRuns.profileId, profileId))
        .orderBy(desc(profileRuns.startedAt), desc(profileRuns.id)).limit(limit);
    },

    async messages(runId: number, limit = 100): Promise<RunMessage[]> {
      return db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, runId))
        .orderBy(profileRunMessages.id).limit(limit);
    },

    /** Deletes finished runs older than `days` (messages go with them). */
    async clean(days: number, profileId?: number): Promise<number> {
      const cutoff = new Date(Date.now() - days * 86_400_000);
      const rows = await db.delete(profileRuns)
        .where(and(
          lt(profileRuns.startedAt, cutoff),
          sql`${profileRuns.status} <> 'running'`,
          profileId === undefined ? undefined : eq(profileRuns.profileId, profileId),
        ))
        .returning({ id: profileRuns.id });
      return rows.length;
    },
  };
}

export type History = ReturnType<typeof buildHistory>;
