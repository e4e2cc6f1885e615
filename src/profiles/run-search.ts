import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { profileRuns } from '../db/schema/index.js';
import { createHistory, type RunRow } from './history.js';

export type RunStatus = RunRow['status'];
export type RunTriggerName = RunRow['trigger'];

export interface RunFilters {
  profileId?: number | undefined;
  status?: RunStatus | undefined;
  trigger?: RunTriggerName | undefined;
  /** Runs started at or after this instant. */
  from?: Date | undefined;
  /** Runs started before this instant. */
  to?: Date | undefined;
  /** Runs with a smaller id (the next page). */
  beforeId?: number | undefined;
  limit?: number | undefined;
}

export interface ErrorCounts {
  /** Runs that ended failed. */
  failedRuns: number;
  /** Records that failed, summed over the runs. */
  failedRecords: number;
}

/**
 * Reads of the run history across profiles, for the admin app's dashboard and run list and the admin
 * API: the latest run of each profile, error counts over a period, and a filtered, paged run list.
 */
export function createRunSearch(db: Database) {
  const history = createHistory(db);
  return {
    async search(filters: RunFilters = {}): Promise<RunRow[]> {
      const where: (SQL | undefined)[] = [
        filters.profileId !== undefined ? eq(profileRuns.profileId, filters.profileId) : undefined,
        filters.status ? eq(profileRuns.status, filters.status) : undefined,
        filters.trigger ? eq(profileRuns.trigger, filters.trigger) : undefined,
        filters.from ? gte(profileRuns.startedAt, filters.from) : undefined,
        filters.to ? lt(profileRuns.startedAt, filters.to) : undefined,
        filters.beforeId !== undefined ? lt(profileRuns.id, filters.beforeId) : undefined,
      ];
      return db.select().from(profileRuns).where(and(...where))
        .orderBy(desc(profileRuns.id)).limit(Math.min(Math.max(filters.limit ?? 50, 1), 500));
    },

    /** The most recent run of every profile that has one. */
    async latestPerProfile(): Promise<Map<number, RunRow>> {
      const rows = await db.selectDistinctOn([profileRuns.profileId]).from(profileRuns)
        .orderBy(profileRuns.profileId, desc(profileRuns.startedAt), desc(profileRuns.id));
      return new Map(rows.map((r) => [r.profileId, r]));
    },

    /** Failed runs and failed records per profile among the runs started since `since`. */
    async errorsSince(since: Date): Promise<Map<number, ErrorCounts>> {
      const rows = await db.select({
        profileId: profileRuns.profileId,
        failedRuns: sql<number>`(count(*) filter (where ${profileRuns.status} = 'failed'))::int`,
        failedRecords: sql<number>`coalesce(sum(${profileRuns.failed}), 0)::int`,
      }).from(profileRuns).where(gte(profileRuns.startedAt, since)).groupBy(profileRuns.profileId);
      return new Map(rows.map((r) => [r.profileId, { failedRuns: Number(r.failedRuns), failedRecords: Number(r.failedRecords) }]));
    },

    /** The run a queued job became, once a worker started it. */
    byId: (runId: number): Promise<RunRow | undefined> => history.get(runId),

    byJob: (jobId: string): Promise<RunRow | undefined> => history.byJob(jobId),
  };
}

export type RunSearch = ReturnType<typeof createRunSearch>;
