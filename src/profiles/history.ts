import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { profileRunMessages, profileRuns } from '../db/schema/index.js';
import type { RunInput, RunTrigger } from './profile-type.js';

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

/** Execution history: run rows and their messages. */
export function createHistory(db: Database) {
  return {
    async start(profileId: number, trigger: RunTrigger, input: RunInput, jobId?: string): Promise<RunRow> {
      const [row] = await db.insert(profileRuns)
        .values({ profileId, trigger, mode: input.mode, params: { ...input }, jobId: jobId ?? null })
        .returning();
      return row!;
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

    /** Marks a run running again (resume after pause, retry after a crash or a transient failure). */
    async resume(runId: number): Promise<void> {
      await db.update(profileRuns)
        .set({ status: 'running', finishedAt: null, error: null, heartbeatAt: new Date() })
        .where(eq(profileRuns.id, runId));
    },

    /** Saves a batch's counts, checkpoint and messages together, so a resumed run never counts twice. */
    async saveBatch(runId: number, counts: RunCounts, checkpoint: unknown, messages: NewMessage[], total?: number): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.update(profileRuns)
          .set({ ...counts, checkpoint: checkpoint ?? null, heartbeatAt: new Date(), ...(total !== undefined ? { total } : {}) })
          .where(eq(profileRuns.id, runId));
        if (messages.length) {
          await tx.insert(profileRunMessages).values(messages.map((m) => ({ runId, ...m, recordKey: m.recordKey ?? null })));
        }
      });
    },

    /** Final status; only a run still `running` is finished (a concurrent pause wins). */
    async finish(runId: number, status: RunRow['status'], error?: string): Promise<void> {
      await db.update(profileRuns)
        .set({ status, error: error ?? null, finishedAt: new Date() })
        .where(and(eq(profileRuns.id, runId), eq(profileRuns.status, 'running')));
    },

    async countMessages(runId: number): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(profileRunMessages).where(eq(profileRunMessages.runId, runId));
      return Number(row?.n ?? 0);
    },

    async addMessage(runId: number, message: NewMessage): Promise<void> {
      await db.insert(profileRunMessages).values({ runId, ...message, recordKey: message.recordKey ?? null });
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
