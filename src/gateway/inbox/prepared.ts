import type { DatabaseHandle } from '../../db/client.js';

type Query = DatabaseHandle['query'];
type Unsafe = (text: string, params: never[], options: { prepare: boolean }) => Promise<unknown>;

/**
 * `handle.query` for the inbox's statements on the path of every webhook (the group commit's insert, the
 * relay's dispatch mark, the sweeper's claim), run as named prepared statements on PostgreSQL.
 * postgres.js runs an unprepared statement with parameters in two round trips (parse and describe, then
 * bind and execute), and PostgreSQL parses and plans it each time; prepared, each connection does that
 * once per statement, then one round trip: in bench/ingest about a third less PostgreSQL CPU per webhook.
 * Only fixed statement texts belong here (each connection keeps every text it prepared). PGlite, and a
 * handle whose driver is not postgres.js, run `handle.query` as they are.
 */
export function preparedQuery(handle: DatabaseHandle): Query {
  // drizzle's postgres-js driver exposes the postgres.js client it was built on as `$client`.
  const client = handle.kind === 'postgres' ? (handle.db as unknown as { $client?: { unsafe?: Unsafe } }).$client : undefined;
  const unsafe = client?.unsafe;
  if (typeof unsafe !== 'function') return handle.query.bind(handle);
  return async (text, params = []) => (await unsafe.call(client, text, params as never[], { prepare: true })) as never;
}
