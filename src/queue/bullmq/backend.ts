/**
 * The BullMQ queue backend (REDIS_URL set): queues, workers and job schedulers on Redis, for several
 * worker processes on several machines.
 */
import { Queue as BullQueue, type KeepJobs } from 'bullmq';
import { Redis } from 'ioredis';
import type { Processor, Queue, QueueBackend, Worker, WorkerOptions } from '../port.js';
import { BullmqQueue } from './queue.js';
import { BullmqSchedules } from './schedules.js';
import { repeatStrategy } from './strategies.js';
import { BullmqWorker } from './worker.js';

export interface BullmqBackendOptions {
  redisUrl: string;
  /** Redis key prefix (default 'plentygate'); tests use one of their own. */
  prefix?: string;
  /** Lock duration and stalled-check interval (default 30 s): a crashed worker's job is retried after it. */
  leaseMs?: number;
  shutdownGraceMs?: number;
  /** Completed jobs kept (default the last 10 000): Redis memory is bounded, dead jobs are always kept. */
  keepCompleted?: KeepJobs;
  onError?: (error: unknown) => void;
}

export async function createBullmqBackend(options: BullmqBackendOptions): Promise<QueueBackend> {
  const prefix = options.prefix ?? 'plentygate';
  const leaseMs = options.leaseMs ?? 30_000;
  const shutdownGraceMs = options.shutdownGraceMs ?? 30_000;
  const keepCompleted = options.keepCompleted ?? { count: 10_000 };
  const onError = options.onError ?? (() => {});
  // BullMQ requires maxRetriesPerRequest: null on connections its workers use; workers duplicate this
  // one for their blocking reads, queues share it.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  connection.on('error', onError);
  await connection.connect();

  const bullQueues = new Map<string, BullQueue>();
  const bullQueue = (name: string): BullQueue => {
    let q = bullQueues.get(name);
    if (!q) {
      q = new BullQueue(name, { connection, prefix, settings: { repeatStrategy } });
      q.on('error', onError);
      bullQueues.set(name, q);
    }
    return q;
  };
  const queues = new Map<string, BullmqQueue<unknown>>();
  const workers = new Set<BullmqWorker<unknown>>();
  let closing: Promise<void> | undefined;

  return {
    kind: 'bullmq',
    schedules: new BullmqSchedules(bullQueue, keepCompleted),
    queue<T>(name: string): Queue<T> {
      let q = queues.get(name);
      if (!q) {
        q = new BullmqQueue<unknown>(name, bullQueue(name), keepCompleted);
        queues.set(name, q);
      }
      return q as unknown as Queue<T>;
    },
    worker<T>(name: string, processor: Processor<T>, workerOptions: WorkerOptions = {}): Worker {
      if (closing) throw new Error('queue backend is closed');
      const worker: BullmqWorker<T> = new BullmqWorker<T>(name, processor, {
        connection,
        prefix,
        concurrency: Math.max(1, workerOptions.concurrency ?? 1),
        leaseMs,
        shutdownGraceMs,
        onError,
        onClosed: () => workers.delete(worker as BullmqWorker<unknown>),
      });
      workers.add(worker as BullmqWorker<unknown>);
      return worker;
    },
    async ping() {
      await connection.ping();
    },
    close() {
      closing ??= (async () => {
        await Promise.all([...workers].map((w) => w.close()));
        await Promise.all([...bullQueues.values()].map((q) => q.close()));
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
