import type { InboxInsert, InboxStore } from './store.js';

/**
 * Group commit of webhooks into the inbox. Concurrent webhooks are written by one multi-row insert: a
 * batch is written once it holds `maxRows` rows or `maxWaitMs` after its first row, whichever comes
 * first; with `maxWaitMs` 0 (the default) at the end of the event-loop turn in which its first row came,
 * so it holds every webhook whose request was read in that turn. While MAX_BATCHES_IN_FLIGHT statements
 * are out, rows wait for one to return and then go together. Each caller's promise settles only when the
 * statement holding its row has returned (committed), so a webhook is still never answered 2xx before its
 * row is durable. One commit per batch instead of one per webhook is what lets ingestion outrun a handler
 * that inserts row by row.
 */

export interface GroupCommitOptions {
  store: InboxStore;
  /** Rows per insert statement; 1 writes every webhook on its own. */
  maxRows: number;
  /**
   * How long the first row of a batch waits for others before the batch is written; 0: until the end of
   * the current event-loop turn (setImmediate), so the webhooks read in the same turn go together.
   */
  maxWaitMs: number;
  /** Told after every statement (tests, metrics): rows written together, and whether the batch fell back to per-row inserts. */
  onFlush?: (batch: { rows: number; fallback: boolean }) => void;
  /** Runs `fn` after `ms` and returns a cancel function (tests drive the wait by hand). */
  schedule?: (fn: () => void, ms: number) => () => void;
  /**
   * A row whose statement has not returned this long after `insert` is refused with `TimeoutError` (its
   * webhook is answered 503); the write itself goes on, and a late commit makes the retry a duplicate.
   * Checked every WATCH_EVERY_MS by one timer for all rows, not one timer per webhook, over the rows
   * still waiting and the batches out, not over a list of every row: such a list kept each answered row
   * until the rows before it had settled (behind a statement that hangs, every row committed meanwhile),
   * long enough under load for young collections to move rows to the old generation (bench/ingest).
   */
  timeoutMs?: number;
}

/** Rejection of a row not committed within `timeoutMs`. */
export class InboxTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer from the database within ${ms} ms`);
    this.name = 'InboxTimeoutError';
  }
}

/** How often rows are checked against `timeoutMs`: a refusal comes at most this much late. */
export const WATCH_EVERY_MS = 100;

export interface InboxWriter {
  /** The new row's id, or null for a duplicate (of a stored row or of an earlier row of the same batch). */
  insert(row: InboxInsert): Promise<number | null>;
}

/**
 * Insert statements in flight at once. Two, so that while one batch waits for its commit (PostgreSQL's
 * WAL flush: about 2 ms by fdatasync on the benchmark machine's disk) the event loop parses the next
 * webhooks and answers the last batch's, and that batch goes out as soon as it is ready: the process and
 * the database work at the same time instead of in turn. More would split the same webhooks into smaller
 * batches, each a commit waiting for the same WAL flush, while holding more pool connections the relay
 * and the admin API need too (bench/ingest, 50 connections: 15 rows a batch on average with 4 against
 * 17.5 with 2, and a lower rate); while both are busy, the next batch simply grows.
 */
export const MAX_BATCHES_IN_FLIGHT = 2;

interface Waiting {
  row: InboxInsert;
  resolve: (id: number | null) => void;
  reject: (error: unknown) => void;
  /** performance.now() at insert. */
  at: number;
  /** Answered: committed, failed, or refused for taking too long. */
  settled: boolean;
}

/**
 * The wait before a batch is written. 0 is the end of this event-loop turn (setImmediate), not a timer:
 * Node fires a timer of 0 after 1 ms at the earliest, and with the former 2 ms wait a webhook spent 1.4
 * to 1.9 ms on average idle before its batch was sent (bench/ingest, 50 connections). By the end of the
 * turn every webhook whose request was read in it is pending: the handler reaches the insert by promise
 * callbacks, which run before it.
 */
const timer = (fn: () => void, ms: number) => {
  if (ms <= 0) {
    const immediate = setImmediate(fn);
    return () => clearImmediate(immediate);
  }
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export function createGroupCommit(options: GroupCommitOptions): InboxWriter {
  const { store } = options;
  const maxRows = Math.max(1, Math.floor(options.maxRows));
  const schedule = options.schedule ?? timer;
  let pending: Waiting[] = [];
  /** The wait of the oldest pending row is over: write as soon as a statement slot is free. */
  let due = false;
  let cancelWait: (() => void) | undefined;
  /** The batches whose statement is out, one per slot (MAX_BATCHES_IN_FLIGHT): a free slot lets the next batch go; the timeout checks their rows. */
  const out: (Waiting[] | null)[] = new Array<Waiting[] | null>(MAX_BATCHES_IN_FLIGHT).fill(null);
  const timeoutMs = options.timeoutMs;
  let watch: NodeJS.Timeout | undefined;

  /**
   * Refuses the rows waiting longer than `timeoutMs`: those of the batches out and those not yet in a
   * batch (both slots busy). Rows are in the order they came, so each list is looked at only as far as
   * its first row within its time. Stops the timer once no row waits.
   */
  function refuseLate(ms: number): void {
    const cutoff = performance.now() - ms;
    const refuseUntilCutoff = (items: Waiting[]) => {
      for (const item of items) {
        if (item.at > cutoff) break;
        if (!item.settled) refuse(item, ms);
      }
    };
    for (const batch of out) if (batch) refuseUntilCutoff(batch);
    refuseUntilCutoff(pending);
    if (pending.length === 0 && out.every((batch) => batch === null)) {
      clearInterval(watch);
      watch = undefined;
    }
  }

  function kick(): void {
    for (let slot = out.indexOf(null); slot >= 0 && pending.length > 0 && (due || pending.length >= maxRows); slot = out.indexOf(null)) {
      let batch = pending;
      if (pending.length > maxRows) {
        batch = pending.slice(0, maxRows);
        pending = pending.slice(maxRows);
      } else {
        pending = [];
      }
      out[slot] = batch;
      void write(batch).finally(() => {
        out[slot] = null;
        kick();
      });
    }
    if (pending.length === 0) {
      due = false;
      cancelWait?.();
      cancelWait = undefined;
    } else if (!due && !cancelWait) {
      cancelWait = schedule(() => {
        cancelWait = undefined;
        due = true;
        kick();
      }, options.maxWaitMs);
    }
  }

  /**
   * Writes one batch. Duplicates inside it are resolved first (the first row of a key is written; a later
   * one shares its fate and is answered as a duplicate), mirroring what the table does across batches.
   */
  async function write(batch: Waiting[]): Promise<void> {
    const unique: Waiting[] = [];
    // Only rows with a duplicate in the batch get an entry: most batches have none.
    const followers = new Map<Waiting, Waiting[]>();
    const byKey = new Map<string, Waiting>();
    for (const item of batch) {
      const { source, dedupeKey, alsoDuplicateOf } = item.row;
      let first = byKey.get(`${source}\n${dedupeKey}`);
      for (let i = 0; !first && alsoDuplicateOf && i < alsoDuplicateOf.length; i++) first = byKey.get(`${source}\n${alsoDuplicateOf[i]}`);
      if (first) {
        const others = followers.get(first);
        if (others) others.push(item);
        else followers.set(first, [item]);
        continue;
      }
      byKey.set(`${source}\n${dedupeKey}`, item);
      unique.push(item);
    }
    const settle = (item: Waiting, outcome: { id: number | null } | { error: unknown }) => {
      item.settled = true;
      if ('id' in outcome) item.resolve(outcome.id);
      else item.reject(outcome.error);
      for (const f of followers.get(item) ?? []) {
        f.settled = true;
        if ('id' in outcome) f.resolve(null);
        else f.reject(outcome.error);
      }
    };

    let ids: (number | null)[];
    try {
      ids = await store.insertMany(unique.map((w) => w.row));
    } catch (error) {
      if (unique.length === 1) {
        options.onFlush?.({ rows: 1, fallback: false });
        settle(unique[0]!, { error });
        return;
      }
      // One row the database refuses fails the statement: write each row on its own, so only that
      // row's webhook is refused and the others are stored.
      options.onFlush?.({ rows: unique.length, fallback: true });
      await Promise.all(unique.map(async (item) => {
        try {
          settle(item, { id: await store.insert(item.row) });
        } catch (rowError) {
          settle(item, { error: rowError });
        }
      }));
      return;
    }
    options.onFlush?.({ rows: unique.length, fallback: false });
    unique.forEach((item, i) => settle(item, { id: ids[i] ?? null }));
  }

  return {
    insert(row) {
      return new Promise<number | null>((resolve, reject) => {
        const item: Waiting = { row, resolve, reject, at: performance.now(), settled: false };
        pending.push(item);
        if (timeoutMs !== undefined && !watch) {
          watch = setInterval(refuseLate, Math.min(WATCH_EVERY_MS, timeoutMs), timeoutMs);
          watch.unref();
        }
        kick();
      });
    },
  };
}

/** Answers a row's webhook 503 (InboxTimeoutError); its write goes on. */
function refuse(item: Waiting, ms: number): void {
  item.settled = true;
  item.reject(new InboxTimeoutError(ms));
}
