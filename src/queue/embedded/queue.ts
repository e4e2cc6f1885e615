/**
 * The embedded adapter's Queue: jobs are rows of `queue_jobs`. Adds are single statements except for
 * dedupe windows, which take a transaction-scoped advisory lock on (queue, dedupe id) so that processes
 * sharing PostgreSQL cannot both open a window.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.js';
import { resolveRetry } from '../backoff.js';
import type { AddOptions, AddResult, BulkJob, JobInfo, JobState, ListOptions, Queue } from '../port.js';
import { jobStates } from '../port.js';
import { jobColumns, json, stateExpr, toJobInfo, type JobRow } from './rows.js';

type Executor = Pick<DatabaseHandle['db'], 'execute'>;

/** drizzle's execute returns an array on postgres.js and `{ rows }` on PGlite. */
async function run<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const msFromNow = (ms: number): SQL => sql`now() + (${ms}::double precision * interval '1 millisecond')`;

export class EmbeddedQueue<T> implements Queue<T> {
  constructor(
    readonly name: string,
    private readonly handle: DatabaseHandle,
    /** Tells this process's workers that a job may be ready (in `delayMs`). */
    private readonly wake: (queue: string, delayMs: number) => void,
  ) {}

  async add(name: string, data: T, options: AddOptions = {}): Promise<AddResult> {
    const id = options.jobId ?? randomUUID();
    const result = options.dedupe
      ? await this.handle.db.transaction((tx) => this.addDeduped(tx, id, name, data, options))
      : await this.insert(this.handle.db, id, name, data, options, options.delayMs ?? 0);
    if (result.added) this.wake(this.name, result.delayMs);
    return { id: result.id, added: result.added };
  }

  /** One transaction (one commit) for the whole list; each job as `add` would add it, in list order. */
  async addBulk(jobs: BulkJob<T>[]): Promise<AddResult[]> {
    if (jobs.length === 0) return [];
    const results = await this.handle.db.transaction(async (tx) => {
      // Every dedupe lock of the list first, in one order (of the lock key): two lists sharing dedupe ids
      // then wait for each other instead of deadlocking. addDeduped's own lock is then already held.
      const dedupeIds = [...new Set(jobs.flatMap((j) => (j.options?.dedupe ? [j.options.dedupe.id] : [])))];
      if (dedupeIds.length > 0) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${this.name}), h)
          from (select distinct hashtext(d) as h from jsonb_array_elements_text(${JSON.stringify(dedupeIds)}::jsonb) as d order by h) as locks`);
      }
      const added: { id: string; added: boolean; delayMs: number }[] = [];
      for (const { name, data, options = {} } of jobs) {
        const id = options.jobId ?? randomUUID();
        added.push(options.dedupe
          ? await this.addDeduped(tx, id, name, data, options)
          : await this.insert(tx, id, name, data, options, options.delayMs ?? 0));
      }
      return added;
    });
    for (const delayMs of new Set(results.filter((r) => r.added).map((r) => r.delayMs))) this.wake(this.name, delayMs);
    return results.map(({ id, added }) => ({ id, added }));
  }

  private async insert(executor: Executor, id: string, name: string, data: T, options: AddOptions, delayMs: number) {
    const { attempts, backoff } = resolveRetry(options);
    const dedupe = options.dedupe;
    const rows = await run<{ id: string }>(executor, sql`
      insert into queue_jobs (queue, id, name, data, state, priority, max_attempts, backoff, run_at, dedupe_id, dedupe_until)
      values (${this.name}, ${id}, ${name}, ${json(data)}::jsonb, ${delayMs > 0 ? 'delayed' : 'waiting'}::job_state,
        ${options.priority ?? 0}, ${attempts}, ${json(backoff)}::jsonb, ${msFromNow(delayMs)},
        ${dedupe?.id ?? null}, ${dedupe ? msFromNow(dedupe.windowMs) : null})
      on conflict (queue, id) do nothing
      returning id`);
    return { id, added: rows.length > 0, delayMs };
  }

  private async addDeduped(tx: Executor, id: string, name: string, data: T, options: AddOptions) {
    const dedupe = options.dedupe!;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${this.name}), hashtext(${dedupe.id}))`);
    if (dedupe.mode === 'throttle') {
      const [open] = await run<{ id: string }>(tx, sql`
        select id from queue_jobs where queue = ${this.name} and dedupe_id = ${dedupe.id} and dedupe_until > now()
        order by seq desc limit 1`);
      if (open) return { id: open.id, added: false, delayMs: 0 };
      return this.insert(tx, id, name, data, options, options.delayMs ?? 0);
    }
    // Debounce: a pending job with this dedupe id takes the new data and moves its run time to the end
    // of the new window. A running one is left alone; the new job waits for it (see the worker's claim).
    const delayMs = options.delayMs ?? dedupe.windowMs;
    const [pending] = await run<{ id: string }>(tx, sql`
      update queue_jobs set data = ${json(data)}::jsonb, name = ${name}, run_at = ${msFromNow(delayMs)},
        state = 'delayed', dedupe_until = ${msFromNow(dedupe.windowMs)}, updated_at = now()
      where queue = ${this.name} and id = (
        select id from queue_jobs where queue = ${this.name} and dedupe_id = ${dedupe.id}
          and state in ('waiting', 'delayed') order by seq desc limit 1)
        and state in ('waiting', 'delayed')
      returning id`);
    if (pending) return { id: pending.id, added: false, delayMs };
    return this.insert(tx, id, name, data, options, delayMs);
  }

  async get(id: string): Promise<JobInfo<T> | null> {
    const [row] = await this.handle.query<JobRow>(
      `select ${jobColumns} from queue_jobs where queue = $1 and id = $2`, [this.name, id]);
    return row ? toJobInfo<T>(row) : null;
  }

  async counts(): Promise<Record<JobState, number>> {
    const rows = await this.handle.query<{ state: JobState; n: number | string }>(
      `select ${stateExpr} as state, count(*) as n from queue_jobs where queue = $1 group by 1`, [this.name]);
    const counts = Object.fromEntries(jobStates.map((s) => [s, 0])) as Record<JobState, number>;
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  async list(state: JobState, options: ListOptions = {}): Promise<JobInfo<T>[]> {
    const rows = await this.handle.query<JobRow>(
      `select ${jobColumns} from queue_jobs where queue = $1 and ${stateExpr} = $2
       order by priority, run_at, seq limit $3 offset $4`,
      [this.name, state, options.limit ?? 100, options.offset ?? 0]);
    return rows.map((row) => toJobInfo<T>(row));
  }

  async replay(id: string): Promise<boolean> {
    return (await this.replayWhere('and id = $2', [id])) > 0;
  }

  async replayAll(): Promise<number> {
    return this.replayWhere('', []);
  }

  private async replayWhere(filter: string, params: unknown[]): Promise<number> {
    const rows = await this.handle.query(
      `update queue_jobs set state = 'waiting', attempts_made = 0, run_at = now(), finished_at = null,
         locked_by = null, locked_until = null, updated_at = now()
       where queue = $1 and state = 'dead' ${filter} returning id`, [this.name, ...params]);
    if (rows.length) this.wake(this.name, 0);
    return rows.length;
  }

  /** A running job cannot be removed (its worker holds it); false then, as for an unknown id. */
  async remove(id: string): Promise<boolean> {
    const rows = await this.handle.query(
      `delete from queue_jobs where queue = $1 and id = $2 and state <> 'active' returning id`, [this.name, id]);
    return rows.length > 0;
  }
}
