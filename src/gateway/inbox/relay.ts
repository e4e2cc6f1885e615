import type { Logger } from 'pino';
import type { NormalizedEvent } from '../../profiles/profile-type.js';
import type { ClaimedRow, InboxStore } from './store.js';

/** The slice of the profile service the relay needs (see src/profiles/service.ts). */
export interface EventDispatcher {
  dispatchEvent(
    event: NormalizedEvent,
    options: { debounceMs: number },
  ): Promise<{ profileId: number; jobId: string; added: boolean }[]>;
}

export interface RelayOptions {
  store: InboxStore;
  dispatcher: EventDispatcher;
  logger: Logger;
  debounceMs: number;
  sweepDelayMs: number;
  sweepIntervalMs: number;
  retentionHours: number;
  /** A dispatch taking longer (queue unreachable) is abandoned; the sweeper tries the row again. */
  dispatchTimeoutMs?: number;
  onDispatched?: (row: ClaimedRow, ms: number) => void;
  onFailed?: (row: ClaimedRow, error: Error) => void;
}

export interface Relay {
  /** Starts the sweeper (one sweep at once, then every interval) and the fast path for `notify`. */
  start(): void;
  /** Stops taking rows and waits for dispatches in flight. */
  stop(): Promise<void>;
  /** A row was just committed: dispatch it now (no-op while the relay is stopped). */
  notify(id: number): void;
  /** One sweep now (tests, and `start`). Returns how many rows it dispatched. */
  sweep(): Promise<number>;
  readonly running: boolean;
}

const LEASE_MS = 60_000;
const BATCH = 200;
const SWEEP_BATCH = 100;
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Moves inbox rows to the profiles. The fast path dispatches rows this process just inserted; the
 * sweeper takes pending rows older than the sweep delay whose lease expired: rows whose dispatch failed
 * (queue outage) and rows of a process that died between answering and dispatching. Dispatching twice
 * is harmless: jobs carry a dedupe id.
 */
export function createRelay(options: RelayOptions): Relay {
  const { store, dispatcher, logger } = options;
  const timeoutMs = options.dispatchTimeoutMs ?? 10_000;
  let running = false;
  let queued: number[] = [];
  let flushScheduled = false;
  let sweeping = false;
  let timer: NodeJS.Timeout | undefined;
  let lastPurge = 0;
  const inFlight = new Set<Promise<unknown>>();

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  async function dispatchOne(row: ClaimedRow): Promise<boolean> {
    const started = performance.now();
    let timeout: NodeJS.Timeout | undefined;
    try {
      const jobs = await Promise.race([
        dispatcher.dispatchEvent(row.event, { debounceMs: options.debounceMs }),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`dispatch took longer than ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      await store.markDispatched(row.id, jobs);
      options.onDispatched?.(row, performance.now() - started);
      return true;
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      logger.warn({ inboxId: row.id, err: err.message }, 'inbox row not dispatched; the sweeper will retry it');
      options.onFailed?.(row, err);
      await store.markFailed(row.id, err.message).catch(() => {});
      return false;
    } finally {
      clearTimeout(timeout);
    }
  }

  async function flush(): Promise<void> {
    flushScheduled = false;
    while (running && queued.length > 0) {
      const ids = queued.splice(0, BATCH);
      let rows: ClaimedRow[];
      try {
        rows = await store.claimIds(ids, LEASE_MS);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'inbox claim failed; the sweeper will retry');
        return;
      }
      await Promise.all(rows.map(dispatchOne));
    }
  }

  async function sweep(): Promise<number> {
    if (sweeping) return 0;
    sweeping = true;
    let dispatched = 0;
    try {
      for (;;) {
        const rows = await store.claimStale(options.sweepDelayMs, SWEEP_BATCH, LEASE_MS);
        if (rows.length === 0) break;
        // One at a time until one fails: during a queue outage, one probe per sweep is enough.
        let failed = false;
        const untried: number[] = [];
        for (const row of rows) {
          if (failed) untried.push(row.id);
          else if (await dispatchOne(row)) dispatched++;
          else failed = true;
        }
        // Release the leases at once so the next sweep takes these rows again.
        if (untried.length) await store.release(untried).catch(() => {});
        if (failed || rows.length < SWEEP_BATCH) break;
      }
      if (Date.now() - lastPurge > PURGE_EVERY_MS) {
        lastPurge = Date.now();
        const purged = await store.purge(options.retentionHours);
        if (purged > 0) logger.info({ purged }, 'inbox rows past their retention deleted');
      }
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'inbox sweep failed');
    } finally {
      sweeping = false;
    }
    if (dispatched > 0) logger.info({ dispatched }, 'sweeper dispatched pending inbox rows');
    return dispatched;
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      void track(sweep());
      timer = setInterval(() => {
        if (running) void track(sweep());
      }, options.sweepIntervalMs);
      timer.unref();
    },
    async stop() {
      running = false;
      if (timer) clearInterval(timer);
      queued = [];
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    notify(id) {
      if (!running) return;
      queued.push(id);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(() => void track(flush()));
      }
    },
    sweep: () => track(sweep()),
  };
}
