/**
 * The BullMQ adapter's Worker: maps the port's processor onto BullMQ's, turns a NonRetryableError into
 * BullMQ's UnrecoverableError (straight to failed = dead), and bounds close() by a grace period.
 */
import { UnrecoverableError, Worker as BullWorker, type ConnectionOptions, type RedisQueueBackend } from 'bullmq';
import { errorText } from '../backoff.js';
import { isNonRetryable } from '../errors.js';
import { sharedAbort } from '../../runtime/shared-abort.js';
import { settleOrAbort } from '../settles.js';
import type { Processor, Worker } from '../port.js';
import { fewerFetchesBackend } from './fetch.js';
import { backoffStrategy, repeatStrategy } from './strategies.js';

/** How long closing waits for Redis to come back (before) and for BullMQ to let go (after the grace). */
const RECONNECT_WAIT_MS = 3000;

export interface BullmqWorkerSettings {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  /** Lock duration and stalled-check interval: a dead worker's job is taken over within about 2× this. */
  leaseMs: number;
  shutdownGraceMs: number;
  onError: (error: unknown) => void;
  onClosed: () => void;
}

export class BullmqWorker<T> implements Worker {
  private readonly bull: BullWorker;
  private readonly abort = sharedAbort();
  /** The worker's Redis backends (BullMQ makes one), for their connections' state. */
  private readonly backends: RedisQueueBackend[] = [];
  private closed: Promise<void> | undefined;

  constructor(private readonly queue: string, processor: Processor<T>, private readonly settings: BullmqWorkerSettings) {
    // The processor takes no third parameter: BullMQ then makes no AbortController per job (it aborts
    // one only when asked to cancel the job, which plentygate never does), and the job's signal is the
    // worker's own (as the embedded queue's), not one combined per job by AbortSignal.any.
    this.bull = new BullWorker(queue, async (job) => {
      try {
        return await processor({
          id: job.id ?? '',
          queue,
          name: job.name,
          data: job.data as T,
          // attemptsStarted includes this run and any lost to a crashed worker (see queue.ts).
          attemptsMade: Math.max(0, job.attemptsStarted - 1),
          maxAttempts: job.opts.attempts ?? 1,
          signal: this.abort.signal,
        });
      } catch (error) {
        if (isNonRetryable(error) && !(error instanceof UnrecoverableError)) {
          throw new UnrecoverableError(errorText(error));
        }
        // BullMQ keeps error.message as the job's failedReason (dead letters, the admin API): scrubbed.
        if (error instanceof Error) error.message = errorText(error);
        throw error;
      }
    }, {
      connection: settings.connection,
      prefix: settings.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.leaseMs,
      stalledInterval: settings.leaseMs,
      settings: { backoffStrategy, repeatStrategy },
    }, (...args) => {
      const backend = fewerFetchesBackend(...args);
      this.backends.push(backend);
      return backend;
    });
    // Without a listener an 'error' event (e.g. Redis unreachable for a moment) would crash the process.
    this.bull.on('error', settings.onError);
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    // A worker closed while its Redis connections are between two reconnect attempts waits for ever:
    // BullMQ waits for the blocking connection's 'end', which ioredis never emits for a connection that
    // has no socket. Redis that is coming back gets a moment to; one that is down gets the grace period.
    await this.connected(Date.now() + RECONNECT_WAIT_MS);
    // Past the grace period the processors are asked to stop; BullMQ's close() resolves once they return.
    if (!(await settleOrAbort(this.bull.close(), this.settings.shutdownGraceMs, this.abort, RECONNECT_WAIT_MS))) {
      this.settings.onError(new Error(`queue worker ${this.queue} did not close (Redis unreachable); its jobs are taken over once their locks expire`));
    }
    this.settings.onClosed();
  }

  /**
   * Resolves once the worker's connections to Redis are up, or at `deadline` (polled: ioredis has no
   * event for "all of them"; a poll without a deadline would go on for ever once Redis stays down).
   */
  private async connected(deadline: number): Promise<void> {
    const clients = (await Promise.all(this.backends.flatMap((b) => [b.client, b.blockingClient]))) as ({ status: string } | undefined)[];
    while (clients.some((c) => c && c.status !== 'ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
}
