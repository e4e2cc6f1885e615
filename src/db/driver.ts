import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/** Runs a statement text with numbered values (`$1`…) on the driver, answering its rows. */
export type DriverQuery = <T = unknown>(text: string, params: unknown[], options: { prepare: boolean }) => Promise<T[]>;

interface RawClient {
  unsafe?: (text: string, params: never[], options: { prepare: boolean }) => Promise<unknown[]>;
  query?: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
}

/**
 * The driver under a drizzle handle, for the statements on the path of every event (the inbox's, a run's
 * open and saves, the order export's claim), where drizzle's query building costs more CPU than
 * PostgreSQL spends on them. `prepare` runs the text as a named prepared statement on postgres.js:
 * drizzle's unnamed statements take postgres.js two round trips (parse and describe, then bind and
 * execute) and PostgreSQL a parse each time; prepared, each connection does that once per text, then
 * one round trip. Only fixed texts may be prepared (each connection keeps every text it prepared), and
 * only those whose every plan finds its rows by an index (PostgreSQL may settle on one generic plan).
 * PGlite runs the text by its query. Undefined for a transaction's handle, which has no client of its own.
 */
export function driverQuery(db: Database): DriverQuery | undefined {
  // drizzle's drivers expose the client they were built on as `$client`: postgres.js or PGlite.
  const client = (db as unknown as { $client?: RawClient }).$client;
  if (!client) return undefined;
  let run = runners.get(client);
  if (run === undefined) runners.set(client, (run = runnerOf(client) ?? null));
  return run ?? undefined;
}

/** Per client, its runner (made once: every statement of every event asks). */
const runners = new WeakMap<RawClient, DriverQuery | null>();

function runnerOf(client: RawClient): DriverQuery | undefined {
  if (typeof client.unsafe === 'function') {
    // postgres.js's query is a promise of its rows already (it runs when awaited).
    const unsafe = client.unsafe.bind(client);
    return <T>(text: string, params: unknown[], options: { prepare: boolean }) => unsafe(text, params as never[], options) as Promise<T[]>;
  }
  if (typeof client.query === 'function') {
    const query = client.query.bind(client);
    return async <T>(text: string, params: unknown[]) => (await query(text, params)).rows as T[];
  }
  return undefined;
}

/** `db.execute` answers an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A fixed statement text with numbered values (`$1`…): on the driver (prepared when asked, see
 * `driverQuery`), or for a transaction's handle, which has no client of its own, through drizzle with
 * the values as parameters in the order they appear.
 */
export async function runStatement<T>(q: Database, text: string, params: unknown[], prepare: boolean): Promise<T[]> {
  const run = driverQuery(q);
  if (run) return run<T>(text, params, { prepare });
  const parts = text.split(/\$(\d+)/);
  const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.param(params[Number(part) - 1])));
  return rowsOf<T>(await q.execute(sql.join(chunks)));
}
