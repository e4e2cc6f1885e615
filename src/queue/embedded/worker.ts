/**
 * The embedded adapter's Worker. It claims due jobs with `FOR UPDATE SKIP LOCKED` (so processes sharing
 * PostgreSQL never take the same job), holds each under a lease (`locked_until`) that it renews while the
 * job runs, and polls briefly plus reacts at once to in-process wake-ups (an add in this process).
 */
import { isNonRetryable } from '../errors.js';
import { sharedAbort } from '../../runtime/shared-abort.js';
import { defaultBackoff, errorText, retryDelay } from '../backoff.js';
import type { BackoffOptions, Job, Processor, Worker } from '../port.js';
import { afterMs, json, type Query } from './rows.js';
import { settleOrAbort } from '../settles.js';

interface ClaimedRow {
  id: string;
  name: string;
  data: unknown;
  attempts_made: number;
  max_attempts: number;
  backoff: BackoffOptions | null;
}

export interface EmbeddedWorkerSettings {
  query: Query;
  workerId: string;
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  shutdownGraceMs: number;
  onError: (error: unknown) => void;
  onClosed: () => void;
}

const claimSql = `
  with picked as (
    select j.queue, j.id from queue_jobs j
    where j.queue = $1 and j.state in ('waiting', 'delayed') and j.run_at <= now()
      -- one job per dedupe id at a time: a debounced follow-up waits for the run in progress
      and (j.dedupe_id is null or not exists (
        select 1 from queue_jobs a where a.queue = j.queue and a.dedupe_id = j.dedupe_id and a.state = 'active'))
    order by j.priority, j.run_at, j.seq
    limit $2
    for update of j skip locked
  )
  update queue_jobs q set state = 'active', locked_by = $3, locked_until = ${afterMs('$4')}, updated_at = now()
  from picked where q.queue = picked.queue and q.id = picked.id
  returning q.id, q.name, q.data, q.attempts_made, q.max_attempts, q.backoff`;

/**
 * Jobs whose worker vanished (lease expired, or on PGlite: held by another, necessarily dead, process)
 * go back to waiting. The lost run counts as a failed attempt, so a job that kills its worker every
 * time ends up dead instead of looping.
 */
export function orphanRecoverySql(condition: string): string {
  return `
    update queue_jobs set attempts_made = attempts_made + 1,
      last_error = 'the worker stopped while running the job (lease expired)',
      state = (case when attempts_made + 1 >= max_attempts then 'dead' else 'waiting' end)::job_state,
      finished_at = case when attempts_made + 1 >= max_attempts then now() end,
      run_at = now(), locked_by = null, locked_until = null, updated_at = now()
    where state = 'active' and ${condition}
    returning id`;
}
const reapSql = orphanRecoverySql('queue = $1 and locked_until < now()');

export class EmbeddedWorker<T> implements Worker {
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly abort = sharedAbort();
  private readonly pollTimer: NodeJS.Timeout;
  private readonly renewTimer: NodeJS.Timeout;
  private readonly wakeTimers = new Set<NodeJS.Timeout>();
  private pumping: Promise<void> | undefined;
  private again = false;
  private closing = false;
  private closed: Promise<void> | undefined;
  private lastReap = 0;

  constructor(
    private readonly queue: string,
    private readonly processor: Processor<T>,
    private readonly settings: EmbeddedWorkerSettings,
  ) {
    this.pollTimer = setInterval(() => this.nudge(0), settings.pollIntervalMs);
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(settings.leaseMs / 3)));
    this.nudge(0);
  }

  /** A job may be ready now or in `delayMs`: look then rather than at the next poll. */
  nudge(delayMs: number): void {
    if (this.closing) return;
    if (delayMs <= 0) {
      void this.pump();
      return;
    }
    if (delayMs >= this.settings.pollIntervalMs) return;
    const timer = setTimeout(() => {
      this.wakeTimers.delete(timer);
      void this.pump();
    }, delayMs + 1);
    this.wakeTimers.add(timer);
  }

  private pump(): Promise<void> {
    if (this.closing) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.claimLoop().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async claimLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        const free = this.settings.concurrency - this.inflight.size;
        if (free <= 0) return;
        await this.reapOrphans();
        const rows = await this.settings.query<ClaimedRow>(claimSql,
          [this.queue, free, this.settings.workerId, this.settings.leaseMs]);
        for (const row of rows) this.start(row);
        // A full batch suggests more are ready; a job finishing also calls pump().
        if (rows.length === free) this.again = true;
      } while (this.again && !this.closing);
    } catch (error) {
      this.settings.onError(error);
    }
  }

  private async reapOrphans(): Promise<void> {
    const now = Date.now();
    if (now - this.lastReap < Math.min(1000, this.settings.leaseMs / 2)) return;
    this.lastReap = now;
    await this.settings.query(reapSql, [this.queue]);
  }

  private start(row: ClaimedRow): void {
    const run = this.run(row).finally(() => {
      this.inflight.delete(row.id);
      void this.pump();
    });
    this.inflight.set(row.id, run);
  }

  private async run(row: ClaimedRow): Promise<void> {
    const job: Job<T> = {
      id: row.id,
      queue: this.queue,
      name: row.name,
      data: row.data as T,
      attemptsMade: Number(row.attempts_made),
      maxAttempts: Number(row.max_attempts),
      signal: this.abort.signal,
    };
    try {
      let result: unknown;
      try {
        result = await this.processor(job);
      } catch (error) {
        await this.fail(row, error);
        return;
      }
      await this.settings.query(
        `update queue_jobs set state = 'completed', attempts_made = attempts_made + 1, result = $4::jsonb,
           finished_at = now(), locked_by = null, locked_until = null, updated_at = now()
         where queue = $1 and id = $2 and locked_by = $3 and state = 'active'`,
        [this.queue, row.id, this.settings.workerId, json(result)]);
    } catch (error) {
      // The database is unreachable: the lease runs out and another worker (or this one) retries the job.
      this.settings.onError(error);
    }
  }

  private async fail(row: ClaimedRow, error: unknown): Promise<void> {
    const attempts = Number(row.attempts_made) + 1;
    const params = [this.queue, row.id, this.settings.workerId, errorText(error)];
    if (isNonRetryable(error) || attempts >= Number(row.max_attempts)) {
      await this.settings.query(
        `update queue_jobs set state = 'dead', attempts_made = attempts_made + 1, last_error = $4,
           finished_at = now(), locked_by = null, locked_until = null, updated_at = now()
         where queue = $1 and id = $2 and locked_by = $3 and state = 'active'`, params);
      return;
    }
    const delayMs = retryDelay(error, row.backoff ?? defaultBackoff, attempts);
    await this.settings.query(
      `update queue_jobs set state = 'delayed', attempts_made = attempts_made + 1, last_error = $4,
         run_at = ${afterMs('$5')}, locked_by = null, locked_until = null, updated_at = now()
       where queue = $1 and id = $2 and locked_by = $3 and state = 'active'`, [...params, delayMs]);
    this.nudge(delayMs);
  }

  private async renewLeases(): Promise<void> {
    if (!this.inflight.size) return;
    try {
      await this.settings.query(
        `update queue_jobs set locked_until = ${afterMs('$4')}
         where queue = $1 and id = any($2::text[]) and locked_by = $3 and state = 'active'`,
        [this.queue, [...this.inflight.keys()], this.settings.workerId, this.settings.leaseMs]);
    } catch (error) {
      this.settings.onError(error);
    }
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.pollTimer);
    for (const timer of this.wakeTimers) clearTimeout(timer);
    await this.pumping;
    // Past the grace period the processors are asked to stop. Whatever still runs keeps its lease until
    // it expires, then the job is taken over.
    await settleOrAbort(Promise.allSettled([...this.inflight.values()]), this.settings.shutdownGraceMs, this.abort, 1000);
    clearInterval(this.renewTimer);
    this.settings.onClosed();
  }
}
