/**
 * The BullMQ queue backend (REDIS_URL set): queues, workers and job schedulers on Redis, for several
 * worker processes on several machines.
 */
import { Queue as BullQueue, type KeepJobs } from 'bullmq';
import { Redis } from 'ioredis';
import { endpointOf } from '../../runtime/unreachable.js';
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
  /**
   * Redis not answering at start: 'fail' (default) throws its connection error; 'wait' starts anyway and
   * keeps reconnecting (serve and worker: webhooks wait in the inbox, jobs wait in Redis).
   */
  whenUnreachable?: 'fail' | 'wait';
  /** Told once per change when Redis becomes unreachable (with the reason) and reachable again. */
  onReachability?: (reachable: boolean, reason?: string) => void;
}

export async function createBullmqBackend(options: BullmqBackendOptions): Promise<QueueBackend> {
  const prefix = options.prefix ?? 'plentygate';
  const leaseMs = options.leaseMs ?? 30_000;
  const shutdownGraceMs = options.shutdownGraceMs ?? 30_000;
  const keepCompleted = options.keepCompleted ?? { count: 10_000 };
  const onError = options.onError ?? (() => {});
  // BullMQ requires maxRetriesPerRequest: null on connections its workers use; workers duplicate this
  // one for their blocking reads, queues share it.
  // 'wait' connects eagerly: BullMQ's workers duplicate this connection, and a lazy duplicate would give
  // up at its first refused connection instead of waiting for Redis like the original.
  const wait = options.whenUnreachable === 'wait';
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: !wait });
  const where = endpointOf(options.redisUrl, 'REDIS_URL');
  let reachable: boolean | undefined;
  let lastError: unknown;
  let closing: Promise<void> | undefined;
  // In 'fail' mode a failed first connection is the caller's error to report, not an outage to log.
  let reporting = wait;
  const tell = (now: boolean, reason?: string) => {
    if (reachable === now || closing) return;
    const news = reachable !== undefined || !now; // reachable at start is not news; unreachable is
    reachable = now;
    if (reporting && news) options.onReachability?.(now, reason);
  };
  connection.on('error', (error: unknown) => {
    lastError = error;
    if (connection.status !== 'ready') tell(false, (error as Error)?.message);
    onError(error);
  });
  connection.on('ready', () => tell(true));
  connection.on('close', () => { if (reachable) tell(false, 'connection closed'); });
  if (!wait) {
    try {
      await connection.connect();
      reporting = true;
    } catch (error) {
      connection.disconnect(); // otherwise ioredis keeps reconnecting and the process never exits
      throw lastError ?? error;
    }
  } else {
    // The first attempt is awaited (a running Redis is ready before anything is asked of it); after a
    // refusal ioredis retries for ever in the background, and commands meanwhile fail fast (`available`).
    await new Promise<void>((resolve) => {
      connection.once('ready', () => resolve());
      connection.once('error', () => resolve());
    });
  }
  /**
   * Commands while Redis is away would wait in ioredis' queue until it returns (for ever); callers (the
   * webhook relay, readiness, the admin API) are better told at once, and retry on their own schedule.
   */
  const available = () => {
    if (connection.status !== 'ready') throw new RedisUnavailableError(where);
  };

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

  return {
    kind: 'bullmq',
    schedules: new BullmqSchedules(bullQueue, keepCompleted, available),
    queue<T>(name: string): Queue<T> {
      let q = queues.get(name);
      if (!q) {
        q = new BullmqQueue<unknown>(name, bullQueue(name), keepCompleted, available);
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
      available();
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

/** Redis is not connected (yet, or for the moment): the command was not sent. */
export class RedisUnavailableError extends Error {
  constructor(readonly endpoint: string) {
    super(`Redis at ${endpoint} is unreachable`);
    this.name = 'RedisUnavailableError';
  }
}

