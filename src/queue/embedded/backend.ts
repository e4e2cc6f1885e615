/**
 * The embedded queue backend: jobs persisted in plentygate's own database (PGlite or PostgreSQL), so
 * queued work survives a restart without Redis.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatabaseHandle } from '../../db/client.js';
import type { Processor, Queue, QueueBackend, Worker, WorkerOptions } from '../port.js';
import { EmbeddedQueue } from './queue.js';
import { EmbeddedSchedules } from './schedules.js';
import { EmbeddedWorker, orphanRecoverySql } from './worker.js';

export interface EmbeddedBackendOptions {
  db: DatabaseHandle;
  /** How often idle workers look for due jobs (default 100 ms); adds in this process wake them at once. */
  pollIntervalMs?: number;
  /** How long a claimed job stays locked without a renewal before another worker may take it (default 30 s). */
  leaseMs?: number;
  /** How long worker.close() waits for running jobs before aborting their signal (default 30 s). */
  shutdownGraceMs?: number;
  /** Completed jobs older than this are deleted (default 7 days); dead jobs are kept until removed. */
  keepCompletedMs?: number;
  onError?: (error: unknown) => void;
}

/** Identifies this process in `locked_by`; on PGlite, a lock held under another token is an orphan. */
const processToken = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
let workerCounter = 0;

export async function createEmbeddedBackend(options: EmbeddedBackendOptions): Promise<QueueBackend> {
  const { db } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const leaseMs = options.leaseMs ?? 30_000;
  const shutdownGraceMs = options.shutdownGraceMs ?? 30_000;
  const onError = options.onError ?? (() => {});
  const keepCompletedMs = options.keepCompletedMs ?? 7 * 86_400_000;

  if (db.kind === 'pglite') {
    // PGlite is opened by one process at a time, so a job left active by any other process was
    // interrupted by that process dying: run it again now rather than waiting out its lease.
    await db.query(orphanRecoverySql(`(locked_by is null or locked_by not like $1 || '%')`), [`${processToken}:`]);
  }

  const workers = new Map<string, Set<EmbeddedWorker<unknown>>>();
  const queues = new Map<string, EmbeddedQueue<unknown>>();
  const wake = (queue: string, delayMs: number) => {
    for (const worker of workers.get(queue) ?? []) worker.nudge(delayMs);
  };
  const queue = <T>(name: string): Queue<T> => {
    let q = queues.get(name);
    if (!q) {
      q = new EmbeddedQueue<unknown>(name, db, wake);
      queues.set(name, q);
    }
    return q as unknown as Queue<T>;
  };
  const schedules = new EmbeddedSchedules(queue, onError);
  let closing: Promise<void> | undefined;
  // Completed jobs are history only; in batches, so a large backlog never means one long statement.
  const prune = setInterval(() => {
    db.query(
      `delete from queue_jobs where (queue, id) in (select queue, id from queue_jobs
         where state = 'completed' and finished_at < now() - ($1::double precision * interval '1 millisecond') limit 5000)`,
      [keepCompletedMs],
    ).catch(onError);
  }, 60_000);
  prune.unref();

  return {
    kind: 'embedded',
    schedules,
    queue,
    worker<T>(name: string, processor: Processor<T>, workerOptions: WorkerOptions = {}): Worker {
      if (closing) throw new Error('queue backend is closed');
      const set = workers.get(name) ?? new Set();
      workers.set(name, set);
      const worker: EmbeddedWorker<T> = new EmbeddedWorker<T>(name, processor, {
        query: db.query,
        workerId: `${processToken}:${++workerCounter}`,
        concurrency: Math.max(1, workerOptions.concurrency ?? 1),
        pollIntervalMs,
        leaseMs,
        shutdownGraceMs,
        onError,
        onClosed: () => set.delete(worker as EmbeddedWorker<unknown>),
      });
      set.add(worker as EmbeddedWorker<unknown>);
      return worker;
    },
    async ping() {
      await db.query('select 1');
    },
    close() {
      closing ??= (async () => {
        clearInterval(prune);
        await schedules.stopAll();
        await Promise.all([...workers.values()].flatMap((set) => [...set].map((w) => w.close())));
      })();
      return closing;
    },
  };
}
