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
  notify(id: number, event: NormalizedEvent): void;
  /** One sweep now (tests, and `start`). Returns how many rows it dispatched. */
  sweep(): Promise<number>;
  readonly running: boolean;
}

const LEASE_MS = 60_000;
const SWEEP_BATCH = 100;
const PURGE_EVERY_MS = 10 * 60_000;
/** Dispatches in flight on the fast path: bounded so the relay never takes the pool from ingestion. */
const FAST_CONCURRENCY = 4;

/**
 * Moves inbox rows to the profiles. The fast path dispatches the rows this process just inserted (with
 * their event in hand, marking them dispatched in batches); the sweeper takes pending rows older than
 * the sweep delay whose lease expired: rows whose dispatch failed (queue outage) and rows of a process
 * that died between answering and dispatching. Dispatching twice is harmless: jobs carry a dedupe id
 * and runs are idempotent.
 */
export function createRelay(options: RelayOptions): Relay {
  const { store, dispatcher, logger } = options;
  const timeoutMs = options.dispatchTimeoutMs ?? 10_000;
  let running = false;
  const fast: ClaimedRow[] = [];
  let active = 0;
  let done: { id: number; jobs: unknown }[] = [];
  let marking: Promise<void> | undefined;
  let sweeping = false;
  let timer: NodeJS.Timeout | undefined;
  let lastPurge = 0;
  const inFlight = new Set<Promise<unknown>>();

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  /** Runs the dispatch; resolves with the jobs, or null after recording the failure. */
  async function dispatch(row: ClaimedRow): Promise<unknown | null> {
    const started = performance.now();
    let timeout: NodeJS.Timeout | undefined;
    try {
      const jobs = await Promise.race([
        dispatcher.dispatchEvent(row.event, { debounceMs: options.debounceMs }),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`dispatch took longer than ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      options.onDispatched?.(row, performance.now() - started);
      return jobs;
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      logger.warn({ inboxId: row.id, err: err.message }, 'inbox row not dispatched; the sweeper will retry it');
      options.onFailed?.(row, err);
      await store.markFailed(row.id, err.message).catch(() => {});
      return null;
    } finally {
      clearTimeout(timeout);
    }
  }

  async function dispatchOne(row: ClaimedRow): Promise<boolean> {
    const jobs = await dispatch(row);
    if (jobs === null) return false;
    await store.markDispatched([{ id: row.id, jobs }]);
    return true;
  }

  /** Marks finished fast-path rows dispatched, one statement per batch. */
  function markDone(): Promise<void> {
    marking ??= (async () => {
      while (done.length > 0) {
        const batch = done;
        done = [];
        try {
          await store.markDispatched(batch);
        } catch (error) {
          // Still pending in the table: the sweeper dispatches them again (harmless).
          logger.warn({ err: (error as Error).message, rows: batch.length }, 'could not mark inbox rows dispatched');
        }
      }
      marking = undefined;
    })();
    return marking;
  }

  function pump(): void {
    while (running && active < FAST_CONCURRENCY && fast.length > 0) {
      const row = fast.shift()!;
      active++;
      void track((async () => {
        try {
          const jobs = await dispatch(row);
          if (jobs !== null) {
            done.push({ id: row.id, jobs });
            void track(markDone());
          }
        } finally {
          active--;
          pump();
        }
      })());
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
      // Rows not started stay pending: the sweeper of this or another process takes them.
      fast.length = 0;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await markDone();
    },
    notify(id, event) {
      if (!running) return;
      fast.push({ id, event });
      pump();
    },
    sweep: () => track(sweep()),
  };
}
