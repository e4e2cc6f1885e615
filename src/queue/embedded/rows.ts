/**
 * SQL fragments and row mapping shared by the embedded queue, worker and schedules. Pending jobs are
 * stored as `waiting` or `delayed`, but which of the two a job *is* depends on `run_at` versus the
 * database clock (one clock for every process sharing the database), so reads derive it.
 */
import type { DatabaseHandle } from '../../db/client.js';
import type { JobInfo, JobState } from '../port.js';

/** The job's visible state: a pending job is delayed until its run time, then waiting. */
export const stateExpr = `case when state in ('waiting', 'delayed') then case when run_at > now() then 'delayed' else 'waiting' end else state::text end`;

export const jobColumns = `queue, id, name, data, ${stateExpr} as state, attempts_made, max_attempts, last_error, created_at, finished_at`;

export interface JobRow {
  queue: string;
  id: string;
  name: string;
  data: unknown;
  state: JobState;
  attempts_made: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toJobInfo<T>(row: JobRow): JobInfo<T> {
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    data: row.data as T,
    state: row.state,
    attemptsMade: Number(row.attempts_made),
    maxAttempts: Number(row.max_attempts),
    lastError: row.last_error,
    createdAt: toDate(row.created_at),
    finishedAt: row.finished_at === null ? null : toDate(row.finished_at),
  };
}

/** jsonb parameter: JSON text cast in SQL, the same on postgres.js and PGlite. */
export function json(value: unknown): string {
  try {
    return JSON.stringify(value === undefined ? null : value) ?? 'null';
  } catch {
    // A result that cannot be stored (cycles, BigInt) must not keep the job from completing.
    return 'null';
  }
}

/** `now() + <ms>` in SQL, ms as a parameter. */
export function afterMs(param: string): string {
  return `now() + (${param}::double precision * interval '1 millisecond')`;
}

export type Query = DatabaseHandle['query'];
