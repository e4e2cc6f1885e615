/**
 * Jobs run where they were added. A job added with `local: true` runs at once in this process's worker
 * for its queue, without travelling through the queue, while that worker has a free slot: an event
 * accepted by `serve` then costs no queue round trips (on Redis four: add, the worker's wake-up, the
 * move to active, the move to completed; on the embedded queue three statements: add, claim,
 * completion). Everything else is queued as before.
 *
 * Durability is the caller's: until `settled` resolves, nothing but the caller's own record (the inbox
 * row, still pending) stands for the job, so a process that dies meanwhile leaves it to the caller's
 * recovery (the inbox sweeper queues it). A run that fails here is queued under the same id with the
 * attempts it has left and its backoff, as the queue would have retried it; one ended by shutdown is
 * queued with all of them. `settled` resolves once the job completed here or was queued.
 *
 * A worker's slots count what it runs from the queue and from here together: a job runs here only
 * while that sum is below the worker's concurrency (a queue may still hand the worker a job meanwhile,
 * so for a moment a worker may hold up to twice its concurrency).
 */
import { randomUUID } from 'node:crypto';
import { sharedAbort } from '../runtime/shared-abort.js';
import { resolveRetry, retryDelay } from './backoff.js';
import { isNonRetryable } from './errors.js';
import type { AddOptions, AddResult, BulkJob, JobInfo, JobState, ListOptions, Processor, Queue, QueueBackend, Worker, WorkerOptions } from './port.js';
import { settleOrAbort } from './settles.js';

/** A worker of this process: its processor, its slots, and the runs it took from here. */
interface Host {
  processor: Processor<unknown>;
  concurrency: number;
  /** Jobs running now, from the queue and from here. */
  busy: number;
  closing: boolean;
  abort: AbortController;
  runs: Set<Promise<void>>;
  /** Closes the worker (the queue's and the runs here). */
  close: () => Promise<void>;
}

export interface LocalRunOptions {
  /** How long closing waits for runs here before aborting them (the queue's own shutdown grace). */
  shutdownGraceMs: number;
}

/** Whether a job may run here: the caller asked, and nothing about it needs the queue. */
const mayRunHere = (options: AddOptions | undefined): boolean =>
  options?.local === true && !options.jobId && !options.dedupe && !options.delayMs && resolveRetry(options).attempts > 1;

function queuedOptions(options: AddOptions | undefined): AddOptions | undefined {
  if (options?.local === undefined) return options;
  const { local: _local, ...rest } = options;
  return rest;
}

export function withLocalRuns(backend: QueueBackend, settings: LocalRunOptions): QueueBackend {
  const hosts = new Map<string, Host[]>();
  const queues = new Map<string, Queue<unknown>>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const freeHost = (queue: string): Host | undefined =>
    (closing ? undefined : hosts.get(queue)?.find((h) => !h.closing && h.busy < h.concurrency));

  function runHere<T>(host: Host, queue: Queue<T>, name: string, data: T, options: AddOptions): AddResult {
    const id = randomUUID();
    const { attempts, backoff } = resolveRetry(options);
    host.busy++;
    const settled = (async () => {
      try {
        await host.processor({
          id, queue: queue.name, name, data, attemptsMade: 0, maxAttempts: attempts, signal: host.abort.signal, inProcess: true,
        });
      } catch (error) {
        // Queued under the same id, as the queue would go on: a shutdown's abort costs no attempt; an
        // error retrying cannot fix gets the one attempt that dead-letters it there (with its alert).
        const retry = host.abort.signal.aborted ? { attempts }
          : isNonRetryable(error) ? { attempts: 1 }
            : { attempts: attempts - 1, delayMs: retryDelay(error, backoff, 1) };
        await queue.add(name, data, { ...queuedOptions(options), jobId: id, ...retry });
      } finally {
        host.busy--;
      }
    })();
    host.runs.add(settled);
    void settled.finally(() => host.runs.delete(settled)).catch(() => {});
    return { id, added: true, settled };
  }

  /** Waits for the host's runs here, aborting them after the grace period. */
  async function drain(host: Host): Promise<void> {
    host.closing = true;
    await settleOrAbort(Promise.allSettled([...host.runs]), settings.shutdownGraceMs, host.abort, 1000);
  }

  class LocalFirstQueue<T> implements Queue<T> {
    constructor(private readonly inner: Queue<T>) {}

    get name(): string {
      return this.inner.name;
    }

    add(name: string, data: T, options?: AddOptions): Promise<AddResult> {
      const host = mayRunHere(options) ? freeHost(this.name) : undefined;
      if (host) return Promise.resolve(runHere(host, this.inner, name, data, options!));
      return this.inner.add(name, data, queuedOptions(options));
    }

    async addBulk(jobs: BulkJob<T>[]): Promise<AddResult[]> {
      const results: AddResult[] = new Array<AddResult>(jobs.length);
      const queued: { at: number; job: BulkJob<T> }[] = [];
      jobs.forEach((job, at) => {
        const host = mayRunHere(job.options) ? freeHost(this.name) : undefined;
        if (host) results[at] = runHere(host, this.inner, job.name, job.data, job.options!);
        else queued.push({ at, job: { name: job.name, data: job.data, ...(job.options && { options: queuedOptions(job.options)! }) } });
      });
      if (queued.length > 0) {
        const added = await this.inner.addBulk(queued.map((q) => q.job));
        queued.forEach((q, i) => { results[q.at] = added[i]!; });
      }
      return results;
    }

    get(id: string): Promise<JobInfo<T> | null> {
      return this.inner.get(id);
    }

    counts(): Promise<Record<JobState, number>> {
      return this.inner.counts();
    }

    list(state: JobState, options?: ListOptions): Promise<JobInfo<T>[]> {
      return this.inner.list(state, options);
    }

    replay(id: string): Promise<boolean> {
      return this.inner.replay(id);
    }

    replayAll(): Promise<number> {
      return this.inner.replayAll();
    }

    remove(id: string): Promise<boolean> {
      return this.inner.remove(id);
    }
  }

  return {
    kind: backend.kind,
    schedules: backend.schedules,
    ping: () => backend.ping(),
    queue<T>(name: string): Queue<T> {
      let queue = queues.get(name);
      if (!queue) {
        queue = new LocalFirstQueue(backend.queue<unknown>(name));
        queues.set(name, queue);
      }
      return queue as Queue<T>;
    },
    worker<T>(name: string, processor: Processor<T>, options?: WorkerOptions): Worker {
      let closedWorker: Promise<void> | undefined;
      const host: Host = {
        processor: processor as Processor<unknown>, concurrency: options?.concurrency ?? 1, busy: 0, closing: false,
        abort: sharedAbort(), runs: new Set(),
        // The queue's worker stops taking jobs at once, so a run here that fails meanwhile is queued for
        // another process, not taken back by this closing one.
        close: () => {
          closedWorker ??= Promise.all([inner.close(), drain(host)]).then(() => {
            hosts.set(name, (hosts.get(name) ?? []).filter((h) => h !== host));
          });
          return closedWorker;
        },
      };
      const inner = backend.worker<T>(name, async (job) => {
        host.busy++;
        try {
          return await processor(job);
        } finally {
          host.busy--;
        }
      }, options);
      hosts.set(name, [...(hosts.get(name) ?? []), host]);
      return { close: host.close };
    },
    close(): Promise<void> {
      closed ??= (async () => {
        closing = true;
        // The workers first: a run here that fails is queued, which needs the queue still open.
        await Promise.all([...hosts.values()].flat().map((host) => host.close()));
        await backend.close();
      })();
      return closed;
    },
  };
}
