/**
 * The BullMQ adapter's Worker: maps the port's processor onto BullMQ's, turns a NonRetryableError into
 * BullMQ's UnrecoverableError (straight to failed = dead), and bounds close() by a grace period.
 */
import { UnrecoverableError, Worker as BullWorker, type ConnectionOptions } from 'bullmq';
import { errorText } from '../backoff.js';
import { isNonRetryable } from '../errors.js';
import { sharedAbort } from '../../runtime/shared-abort.js';
import type { Processor, Worker } from '../port.js';
import { fewerFetchesBackend } from './fetch.js';
import { backoffStrategy, repeatStrategy } from './strategies.js';

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
    }, fewerFetchesBackend);
    // Without a listener an 'error' event (e.g. Redis unreachable for a moment) would crash the process.
    this.bull.on('error', settings.onError);
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    const closing = this.bull.close();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), this.settings.shutdownGraceMs); });
    if ((await Promise.race([closing, graceOver])) === 'late') {
      // Ask running processors to stop; BullMQ's close() resolves once they return.
      this.abort.abort(new Error('worker shutting down'));
      await closing;
    }
    clearTimeout(timer);
    this.settings.onClosed();
  }
}
