import { and, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm';
import { scrubText } from '../credentials/scrub.js';
import type { Database } from '../db/client.js';
import { profileRunMessages, profileRuns } from '../db/schema/index.js';
import type { RunInput, RunTrigger } from './profile-type.js';
import { RunSupersededError, heldBy, rowsOf, type RunOwner } from './run-owner.js';

export type RunRow = typeof profileRuns.$inferSelect;
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

/** Execution history: run rows and their messages. */
export function createHistory(db: Database) {
  // A batch without messages is one statement; with messages, the run row and the messages commit together.
  const withMessages = async <T>(run: RunRef, messages: NewMessage[], write: (q: Database) => Promise<T>): Promise<T> => {
    if (messages.length === 0) return write(db);
    return db.transaction(async (tx) => {
      const result = await write(tx as unknown as Database);
      await tx.insert(profileRunMessages).values(messages.map((m) => stored(idOf(run), m)));
      return result;
    });
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
    async saveBatch(run: RunRef, counts: RunCounts, checkpoint: unknown, messages: NewMessage[], total?: number): Promise<RunRow['status'] | undefined> {
      return withMessages(run, messages, async (q) => {
        const [row] = await q.update(profileRuns)
          .set({ ...counts, checkpoint: checkpoint ?? null, heartbeatAt: new Date(), ...(total !== undefined ? { total } : {}) })
          .where(and(eq(profileRuns.id, idOf(run)), ownedBy(run)))
          .returning({ status: profileRuns.status });
        if (!row && typeof run !== 'number') refused(run);
        return row?.status;
      });
    },

    /**
     * Saves the last batch and the final status in one statement. Only a run still `running` is
     * finished: when a pause came first, the counts are saved and false is returned.
     */
    async complete(run: RunRef, counts: RunCounts, checkpoint: unknown, messages: NewMessage[], status: RunRow['status']): Promise<boolean> {
      return withMessages(run, messages, async (q) => {
        const now = new Date();
        const done = await q.update(profileRuns)
          .set({ ...counts, checkpoint: checkpoint ?? null, heartbeatAt: now, status, error: null, finishedAt: now })
          .where(and(eq(profileRuns.id, idOf(run)), ownedBy(run), eq(profileRuns.status, 'running')))
          .returning({ id: profileRuns.id });
        if (done.length) return true;
        const saved = await q.update(profileRuns).set({ ...counts, checkpoint: checkpoint ?? null, heartbeatAt: now })
          .where(and(eq(profileRuns.id, idOf(run)), ownedBy(run)))
          .returning({ id: profileRuns.id });
        if (!saved.length && typeof run !== 'number') refused(run);
        return false;
      });
    },

    /** Final status; only a run still `running` is finished (a concurrent pause wins). */
    async finish(run: RunRef, status: RunRow['status'], error?: string): Promise<void> {
      await db.update(profileRuns)
        .set({ status, error: error === undefined ? null : scrubText(error), finishedAt: new Date() })
        .where(and(eq(profileRuns.id, idOf(run)), ownedBy(run), eq(profileRuns.status, 'running')));
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

export type History = ReturnType<typeof createHistory>;
