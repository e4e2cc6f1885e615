import type { DatabaseHandle } from '../../db/client.js';
import type { NormalizedEvent } from '../../profiles/profile-type.js';
import { preparedQuery } from './prepared.js';

/**
 * The webhook inbox (table `webhook_inbox`). Raw SQL on purpose: the insert is the one statement on the
 * hot path of every webhook, and claiming rows needs `FOR UPDATE SKIP LOCKED`.
 */

export type InboxStatus = 'pending' | 'dispatched' | 'ignored' | 'failed';

export interface InboxInsert {
  source: string;
  format: string;
  dedupeKey: string;
  /** Further keys of the same delivery: a row with one of them received within `duplicateWithinS` makes this a duplicate. */
  alsoDuplicateOf?: string[] | undefined;
  duplicateWithinS?: number | undefined;
  headers: Record<string, string>;
  body: string;
  event: NormalizedEvent | null;
  note?: string | undefined;
}

/** How a failed dispatch counts: only a failure while the queue answered is the row's own. */
export interface DispatchFault {
  /** Failures of this kind after which the row is marked failed. */
  limit: number;
  /** The row waits this long times 2^(failures so far) before the sweeper tries it again. */
  backoffMs: number;
}

export interface InboxRow {
  id: number;
  source: string;
  format: string;
  dedupeKey: string;
  headers: Record<string, string>;
  body: string;
  event: NormalizedEvent | null;
  note: string | null;
  status: InboxStatus;
  receivedAt: Date;
  attempts: number;
  lastError: string | null;
  dispatchedAt: Date | null;
  jobs: unknown;
}

export interface ClaimedRow { id: number; event: NormalizedEvent }

const columns = `id, source, format, dedupe_key, headers, body, event, note, status, received_at, attempts, last_error,
  dispatched_at, jobs`;

type Raw = Record<string, unknown>;

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toRow(r: Raw): InboxRow {
  return {
    id: Number(r.id),
    source: String(r.source),
    format: String(r.format),
    dedupeKey: String(r.dedupe_key),
    headers: json(r.headers) ?? {},
    body: String(r.body),
    event: json(r.event) ?? null,
    note: (r.note as string | null) ?? null,
    status: r.status as InboxStatus,
    receivedAt: toDate(r.received_at),
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    dispatchedAt: r.dispatched_at ? toDate(r.dispatched_at) : null,
    jobs: json(r.jobs) ?? null,
  };
}

export interface InboxListOptions {
  status?: InboxStatus | undefined;
  source?: string | undefined;
  limit?: number;
  /** Rows with an id below this (paging backwards from the newest). */
  beforeId?: number | undefined;
}

export interface InboxStore {
  /** Inserts unless (source, dedupe key) exists: returns the new id, or null for a duplicate. */
  insert(row: InboxInsert): Promise<number | null>;
  /**
   * `insert` for many rows in one statement (group commit): the new id or null (duplicate) per row, in
   * order. Rows must not repeat a (source, dedupe key) or name an earlier row's key in `alsoDuplicateOf`
   * (the group committer resolves those first). One row the database refuses fails the whole statement.
   */
  insertMany(rows: InboxInsert[]): Promise<(number | null)[]>;
  /** Leases up to `limit` pending rows received more than `olderThanMs` ago whose lease expired. */
  claimStale(olderThanMs: number, limit: number, leaseMs: number): Promise<ClaimedRow[]>;
  /** Marks rows dispatched with the jobs each became (one statement for the batch). */
  markDispatched(rows: { id: number; jobs: unknown }[]): Promise<void>;
  /**
   * Records a failed dispatch. Without `fault` (the queue was unreachable) the row is free for the next
   * sweep at once; with it, the failure counts against the row (`attempts`): it waits out a growing
   * backoff, and at `fault.limit` it is marked failed. Returns the row's status.
   */
  markFailed(id: number, error: string, fault?: DispatchFault): Promise<InboxStatus | null>;
  /** Gives up the lease on rows without trying them. */
  release(ids: number[]): Promise<void>;
  /** Puts a row back to pending with a fresh count (admin replay); its event, or null when there is no such row or it has none. */
  replay(id: number): Promise<NormalizedEvent | null>;
  get(id: number): Promise<InboxRow | null>;
  list(options?: InboxListOptions): Promise<InboxRow[]>;
  /** Deletes dispatched and ignored rows older than the retention; returns how many. */
  purge(retentionHours: number): Promise<number>;
  /** Rows waiting for dispatch (and the oldest one's age), and rows whose dispatch failed for good. */
  lag(): Promise<{ pending: number; failed: number; oldestAgeS: number }>;
  counts(): Promise<Record<InboxStatus, number>>;
}

/**
 * The dispatch mark: the rows by id, each only while still pending. The status is compared as text so
 * that the planner cannot answer it from the `(status, received_at)` index. As a prepared statement it
 * runs on a generic plan, and one planned while few rows were pending (as after any ANALYZE at a steady
 * load) scanned every pending entry of that index, live and dead (the rows of all batches in flight),
 * and matched them to the ids, instead of looking the ids up by primary key: about two thirds of the
 * statement's cost in bench/ingest. `test/gateway/inbox-plans.test.ts` checks the generic plan.
 */
export const MARK_DISPATCHED = `update webhook_inbox as w set status = 'dispatched', dispatched_at = now(), lease_until = null,
    last_error = null, jobs = v.jobs::jsonb
  from unnest($1::bigint[], $2::text[]) as v(id, jobs)
  where w.id = v.id and w.status::text = 'pending'`;

export function createInboxStore(handle: DatabaseHandle): InboxStore {
  const q = handle.query.bind(handle);
  // The statements every webhook goes through: prepared on PostgreSQL (fixed texts only, see prepared.ts).
  const hot = preparedQuery(handle);
  const claimed = (rows: Raw[]): ClaimedRow[] => rows.map((r) => ({ id: Number(r.id), event: json(r.event) }));
  return {
    async insert(row) {
      const values = [
        row.source, row.format, row.dedupeKey, JSON.stringify(row.headers), row.body,
        row.event ? JSON.stringify(row.event) : null, row.note ?? null, row.event ? 'pending' : 'ignored',
      ];
      const rows = row.alsoDuplicateOf?.length
        ? await hot<{ id: unknown }>(
          `insert into webhook_inbox (source, format, dedupe_key, headers, body, event, note, status)
           select $1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8::inbox_status
           where not exists (select 1 from webhook_inbox where source = $1 and dedupe_key = any($9::text[])
             and received_at > now() - make_interval(secs => $10::double precision))
           on conflict (source, dedupe_key) do nothing returning id`,
          [...values, row.alsoDuplicateOf, row.duplicateWithinS ?? 300],
        )
        : await hot<{ id: unknown }>(
          `insert into webhook_inbox (source, format, dedupe_key, headers, body, event, note, status)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           on conflict (source, dedupe_key) do nothing returning id`,
          values,
        );
      return rows[0] ? Number(rows[0].id) : null;
    },
    async insertMany(rows) {
      if (rows.length === 0) return [];
      // The rows as one JSON document (json_to_recordset): JSON.stringify escapes every text natively in one
      // pass, where ten text[] parameters had postgres.js escape each element by two regular-expression
      // replaces (about a fifth of a webhook's garbage in bench/ingest), and headers and event travel as
      // JSON instead of JSON text inside an array. `also` is the further keys of a row, or null.
      const inserted = await hot<{ id: unknown; source: string; dedupe_key: string }>(
        `insert into webhook_inbox (source, format, dedupe_key, headers, body, event, note, status)
         select v.source, v.format, v.dedupe_key, v.headers, v.body, v.event, v.note, v.status
         from json_to_recordset($1::json) as v(source text, format text, dedupe_key text, headers jsonb, body text, event jsonb,
           note text, status inbox_status, also jsonb, within_s double precision)
         where v.also is null or not exists (select 1 from webhook_inbox w where w.source = v.source
           and w.dedupe_key in (select jsonb_array_elements_text(v.also))
           and w.received_at > now() - make_interval(secs => v.within_s))
         on conflict (source, dedupe_key) do nothing returning id, source, dedupe_key`,
        [JSON.stringify(rows.map((r) => ({
          source: r.source, format: r.format, dedupe_key: r.dedupeKey, headers: r.headers, body: r.body, event: r.event,
          note: r.note ?? null, status: r.event ? 'pending' : 'ignored',
          also: r.alsoDuplicateOf?.length ? r.alsoDuplicateOf : null, within_s: r.duplicateWithinS ?? 300,
        })))],
      );
      const ids = new Map(inserted.map((r) => [`${r.source}\n${r.dedupe_key}`, Number(r.id)]));
      return rows.map((r) => ids.get(`${r.source}\n${r.dedupeKey}`) ?? null);
    },
    async claimStale(olderThanMs, limit, leaseMs) {
      return claimed(await hot(
        `update webhook_inbox set lease_until = now() + make_interval(secs => $3::double precision / 1000)
         where id in (select id from webhook_inbox where status = 'pending'
           and received_at < now() - make_interval(secs => $1::double precision / 1000)
           and (lease_until is null or lease_until < now())
           order by id limit $2 for update skip locked)
         returning id, event`,
        [olderThanMs, limit, leaseMs],
      ));
    },
    async markDispatched(rows) {
      if (rows.length === 0) return;
      await hot(MARK_DISPATCHED, [rows.map((r) => r.id), rows.map((r) => JSON.stringify(r.jobs ?? null))]);
    },
    async markFailed(id, error, fault) {
      const rows = await q<{ status: InboxStatus }>(
        fault
          ? `update webhook_inbox set attempts = attempts + 1, last_error = $2,
               status = case when attempts + 1 >= $3 then 'failed'::inbox_status else status end,
               lease_until = now() + make_interval(secs => least($4::double precision * power(2, least(attempts, 16)), 3600000) / 1000)
             where id = $1 and status = 'pending' returning status`
          : `update webhook_inbox set lease_until = null, last_error = $2 where id = $1 and status = 'pending' returning status`,
        fault ? [id, error.slice(0, 2000), fault.limit, fault.backoffMs] : [id, error.slice(0, 2000)],
      );
      return rows[0]?.status ?? null;
    },
    async release(ids) {
      await q(`update webhook_inbox set lease_until = null where id = any($1::bigint[])`, [ids]);
    },
    async replay(id) {
      const rows = await q(
        `update webhook_inbox set status = 'pending', lease_until = null, dispatched_at = null, jobs = null, attempts = 0
         where id = $1 and event is not null returning event`,
        [id],
      );
      return rows[0] ? json<NormalizedEvent>(rows[0].event) : null;
    },
    async get(id) {
      const rows = await q<Raw>(`select ${columns} from webhook_inbox where id = $1`, [id]);
      return rows[0] ? toRow(rows[0]) : null;
    },
    async list(options = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (options.status) where.push(`status = $${params.push(options.status)}`);
      if (options.source) where.push(`source = $${params.push(options.source)}`);
      if (options.beforeId) where.push(`id < $${params.push(options.beforeId)}`);
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
      const rows = await q<Raw>(
        `select ${columns} from webhook_inbox ${where.length ? `where ${where.join(' and ')}` : ''}
         order by id desc limit ${limit}`,
        params,
      );
      return rows.map(toRow);
    },
    async purge(retentionHours) {
      const rows = await q<{ n: unknown }>(
        `with gone as (delete from webhook_inbox where status in ('dispatched', 'ignored')
           and received_at < now() - make_interval(hours => $1::int) returning 1) select count(*) as n from gone`,
        [retentionHours],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async lag() {
      // Both statuses through the (status, received_at) index: failed rows are few and need a person.
      const rows = await q<{ pending: unknown; failed: unknown; oldest: unknown }>(
        `select count(*) filter (where status = 'pending') as pending, count(*) filter (where status = 'failed') as failed,
           coalesce(extract(epoch from now() - min(received_at) filter (where status = 'pending')), 0) as oldest
         from webhook_inbox where status in ('pending', 'failed')`,
      );
      return { pending: Number(rows[0]?.pending ?? 0), failed: Number(rows[0]?.failed ?? 0), oldestAgeS: Number(rows[0]?.oldest ?? 0) };
    },
    async counts() {
      const rows = await q<{ status: InboxStatus; n: unknown }>(
        `select status, count(*) as n from webhook_inbox group by status`,
      );
      const out: Record<InboxStatus, number> = { pending: 0, dispatched: 0, ignored: 0, failed: 0 };
      for (const r of rows) out[r.status] = Number(r.n);
      return out;
    },
  };
}
