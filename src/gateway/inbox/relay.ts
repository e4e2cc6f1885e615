import type { Logger } from 'pino';
import type { NormalizedEvent } from '../../profiles/profile-type.js';
import { withDeadline } from '../http/deadline.js';
import { settlesWithin } from '../../queue/settles.js';
import type { ClaimedRow, InboxStore } from './store.js';

/** The slice of the profile service the relay needs (see src/profiles/service.ts). */
export interface EventDispatcher {
  dispatchEvent(
    event: NormalizedEvent,
    options: { debounceMs: number },
  ): Promise<{ profileId: number; jobId: string; added: boolean }[]>;
  /**
   * dispatchEvent for several events by one bulk add: the jobs per event, in order. With `runHere` a
   * job may run in this process instead of being queued; it then has `settled`, and the event is only
   * safe once that resolved.
   */
  dispatchEvents?(
    events: NormalizedEvent[],
    options: { debounceMs: number; runHere?: boolean },
  ): Promise<{ profileId: number; jobId: string; added: boolean; settled?: Promise<void> }[][]>;
}

export interface RelayOptions {
  store: InboxStore;
  dispatcher: EventDispatcher;
  logger: Logger;
  debounceMs: number;
  sweepDelayMs: number;
  sweepIntervalMs: number;
  retentionHours: number;
  /** A dispatch (of one chunk of keys) taking longer (queue unreachable) is abandoned; the sweeper tries the row again. */
  dispatchTimeoutMs?: number;
  /**
   * Whether the queue answers (the readiness probe). A dispatch that fails while it does is the row's
   * own failure and counts towards MAX_DISPATCH_FAILURES; without the probe no failure counts.
   */
  queueReachable?: () => Promise<boolean>;
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
/** Keys handed to the profiles per dispatch call, each call with its own timeout. */
export const DISPATCH_CHUNK_KEYS = 100;
/** Failed dispatches while the queue answered after which a row is marked failed (see the inbox listing). */
export const MAX_DISPATCH_FAILURES = 6;
const SWEEP_BATCH = 100;
const PURGE_EVERY_MS = 10 * 60_000;
/** Dispatches in flight on the fast path: bounded so the relay never takes the pool from ingestion. */
const FAST_CONCURRENCY = 4;
/**
 * Rows the fast path dispatches by one call (one bulk add of all their jobs), as they were committed
 * together by the inbox's group commit; their keys together stay within one dispatch chunk.
 */
export const FAST_BATCH_ROWS = 50;
/**
 * Dispatched rows are marked by one statement per this period rather than one per dispatch: at a
 * steady 100 events/s that is about one statement per fifty events instead of one each (every
 * statement is a transaction on the event path, whose budget is five per order). A row not yet
 * marked is still pending, and only the sweeper (after the sweep delay, 30 s by default) would
 * dispatch it again, which is harmless (jobs carry a dedupe id); stopping the relay marks at once. A
 * sweep delay under twice this shortens the period to half the delay, so the sweeper does not take
 * rows only because their mark is still waiting.
 */
const MARK_EVERY_MS = 500;

/**
 * Moves inbox rows to the profiles. The fast path dispatches the rows this process just inserted (with
 * their event in hand, marking them dispatched in batches); the sweeper takes pending rows older than
 * the sweep delay whose lease expired: rows whose dispatch failed (queue outage) and rows of a process
 * that died between answering and dispatching. Dispatching twice is harmless: jobs carry a dedupe id
 * and runs are idempotent.
 *
 * The fast path lets jobs run in this process (`runHere`): a row whose jobs run here is marked only
 * once they settled (completed, or queued after failing here), so a process that dies meanwhile leaves
 * the row pending for the sweeper, as one that died before dispatching. The sweeper only queues.
 */
export function createRelay(options: RelayOptions): Relay {
  const { store, dispatcher, logger } = options;
  const timeoutMs = options.dispatchTimeoutMs ?? 10_000;
  const markEveryMs = Math.min(MARK_EVERY_MS, Math.floor(options.sweepDelayMs / 2));
  let running = false;
  const fast: ClaimedRow[] = [];
  let active = 0;
  let pumpScheduled = false;
  let done: { id: number; jobs: unknown }[] = [];
  let marking: Promise<void> | undefined;
  /** Rows whose jobs run in this process, until they settled. */
  const runningHere = new Set<Promise<void>>();
  let sweeping = false;
  let timer: NodeJS.Timeout | undefined;
  let lastPurge = 0;
  const inFlight = new Set<Promise<unknown>>();

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  /** One dispatch call, abandoned after the timeout. */
  const dispatchChunk = (event: NormalizedEvent): Promise<unknown[]> => withDeadline(
    dispatcher.dispatchEvent(event, { debounceMs: options.debounceMs }), timeoutMs, `dispatch took longer than ${timeoutMs} ms`,
  );

  const reachable = async (): Promise<boolean> => {
    if (!options.queueReachable) return false;
    try {
      return await options.queueReachable();
    } catch {
      return false;
    }
  };

  /**
   * Runs the dispatch, the keys in chunks (a large event makes progress instead of timing out whole);
   * resolves with the jobs, or with whether the failure was the row's own after recording it.
   */
  async function dispatch(row: ClaimedRow): Promise<{ jobs: unknown } | { rowFault: boolean }> {
    const started = performance.now();
    try {
      const { event } = row;
      if (!event || !Array.isArray(event.keys)) throw new Error('The stored event has no list of keys; it cannot be dispatched.');
      const jobs: unknown[] = [];
      if (event.keys.length === 0) jobs.push(...(await dispatchChunk(event)));
      for (let i = 0; i < event.keys.length; i += DISPATCH_CHUNK_KEYS) {
        jobs.push(...(await dispatchChunk({ ...event, keys: event.keys.slice(i, i + DISPATCH_CHUNK_KEYS) })));
      }
      options.onDispatched?.(row, performance.now() - started);
      return { jobs };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      options.onFailed?.(row, err);
      // A failure while the queue answers is about this row; one while it does not is the outage's.
      const rowFault = await reachable();
      const status = await store.markFailed(row.id, err.message, rowFault
        ? { limit: MAX_DISPATCH_FAILURES, backoffMs: options.sweepIntervalMs }
        : undefined).catch(() => null);
      if (status === 'failed') {
        logger.error({ inboxId: row.id, err: err.message }, `inbox row marked failed after ${MAX_DISPATCH_FAILURES} failed dispatches; replay it once the cause is fixed`);
      } else {
        logger.warn({ inboxId: row.id, err: err.message, rowFault }, 'inbox row not dispatched; the sweeper will retry it');
      }
      return { rowFault };
    }
  }

  /** Dispatches a claimed row: true when dispatched, else whether the failure was the row's own. */
  async function dispatchOne(row: ClaimedRow): Promise<true | { rowFault: boolean }> {
    const result = await dispatch(row);
    if (!('jobs' in result)) return result;
    await store.markDispatched([{ id: row.id, jobs: result.jobs }]);
    return true;
  }

  /**
   * Marks finished fast-path rows dispatched, one statement per batch (gathered for MARK_EVERY_MS). One
   * loop at a time, tracked once when it starts: under steady traffic it never finds `done` empty and so
   * does not end, and a reaction added to it per dispatch (as `track` adds) would be kept until it does
   * (about 260 bytes per dispatched batch, 5 MB a minute at 4,000 webhooks/s).
   */
  function markDone(): Promise<void> {
    if (marking) return marking;
    if (done.length === 0) return Promise.resolve();
    // Not settled before it is assigned: with rows in `done` the loop waits before it can end.
    const loop = (async () => {
      while (done.length > 0) {
        if (running) await new Promise((r) => setTimeout(r, markEveryMs));
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
    marking = loop;
    void track(loop);
    return loop;
  }

  const keyCount = (row: ClaimedRow) => (Array.isArray(row.event?.keys) ? Math.max(row.event.keys.length, 1) : Infinity);

  /** The next rows to dispatch together: up to FAST_BATCH_ROWS whose keys fit one chunk (else one row). */
  function takeBatch(): ClaimedRow[] {
    const batch = [fast.shift()!];
    let keys = keyCount(batch[0]!);
    if (!dispatcher.dispatchEvents) return batch;
    while (batch.length < FAST_BATCH_ROWS && fast.length > 0 && keys + keyCount(fast[0]!) <= DISPATCH_CHUNK_KEYS) {
      keys += keyCount(fast[0]!);
      batch.push(fast.shift()!);
    }
    return batch;
  }

  /**
   * A dispatched row is marked once every job it became that runs here settled (at once when none
   * does); the jobs are stored without their promises. A job that neither completed here nor could be
   * queued leaves the row pending: the sweeper dispatches it again.
   */
  function finished(row: ClaimedRow, jobs: unknown): void {
    const list = Array.isArray(jobs) ? (jobs as { settled?: Promise<void> }[]) : [];
    const settling = list.flatMap((job) => (job.settled ? [job.settled] : []));
    const stored = settling.length ? list.map(({ settled: _settled, ...job }) => job) : jobs;
    if (settling.length === 0) {
      done.push({ id: row.id, jobs: stored });
      return;
    }
    const waiting = Promise.all(settling).then(() => {
      done.push({ id: row.id, jobs: stored });
      void markDone();
    }, (error: unknown) => {
      logger.warn({ inboxId: row.id, err: (error as Error).message }, 'a run of this inbox row failed and could not be queued; the sweeper will dispatch the row again');
    });
    runningHere.add(waiting);
    void waiting.finally(() => runningHere.delete(waiting));
  }

  /**
   * Dispatches rows by one call, their jobs allowed to run here; if it fails while the queue answers,
   * which row is at fault is unknown, so each is tried on its own (with its own failure count). During
   * an outage the rows are left to the sweeper without counting a failure, as a single row's would be.
   */
  async function dispatchBatch(batch: ClaimedRow[]): Promise<void> {
    if (!dispatcher.dispatchEvents || keyCount(batch[0]!) > DISPATCH_CHUNK_KEYS) {
      const result = await dispatch(batch[0]!);
      if ('jobs' in result) done.push({ id: batch[0]!.id, jobs: result.jobs });
      return;
    }
    const started = performance.now();
    try {
      const jobs = await withDeadline(
        dispatcher.dispatchEvents(batch.map((r) => r.event), { debounceMs: options.debounceMs, runHere: true }),
        timeoutMs, `dispatch took longer than ${timeoutMs} ms`,
      );
      const ms = performance.now() - started;
      batch.forEach((row, i) => {
        options.onDispatched?.(row, ms);
        finished(row, jobs[i] ?? []);
      });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (!(await reachable())) {
        for (const row of batch) {
          options.onFailed?.(row, err);
          await store.markFailed(row.id, err.message).catch(() => null);
        }
        logger.warn({ rows: batch.length, err: err.message }, 'inbox rows not dispatched; the sweeper will retry them');
        return;
      }
      for (const row of batch) {
        const result = await dispatch(row);
        if ('jobs' in result) done.push({ id: row.id, jobs: result.jobs });
      }
    }
  }

  function pump(): void {
    while (running && active < FAST_CONCURRENCY && fast.length > 0) {
      const batch = takeBatch();
      active++;
      void track((async () => {
        try {
          await dispatchBatch(batch);
          void markDone();
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
        // One at a time until one fails for want of a queue: during an outage, one probe per sweep is
        // enough. A row failing on its own (the queue answered) backs off and the others go on.
        let failed = false;
        const untried: number[] = [];
        for (const row of rows) {
          if (failed) {
            untried.push(row.id);
            continue;
          }
          const result = await dispatchOne(row);
          if (result === true) dispatched++;
          else if (!result.rowFault) failed = true;
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
      // Runs here that end within the dispatch timeout get their rows marked; a row of one still running
      // stays pending and is dispatched again by a sweeper (runs are idempotent).
      await settlesWithin(Promise.allSettled([...runningHere]), timeoutMs);
      await markDone();
    },
    notify(id, event) {
      if (!running) return;
      fast.push({ id, event });
      // After the current turn: the rows of one group commit are all notified by then and go together.
      if (!pumpScheduled) {
        pumpScheduled = true;
        setImmediate(() => {
          pumpScheduled = false;
          pump();
        });
      }
    },
    sweep: () => track(sweep()),
  };
}
