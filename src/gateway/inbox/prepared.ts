import type { DatabaseHandle } from '../../db/client.js';
import { driverQuery } from '../../db/driver.js';

type Query = DatabaseHandle['query'];

/**
 * `handle.query` for the inbox's statements on the path of every webhook (the group commit's insert, the
 * relay's dispatch mark, the sweeper's claim), run as named prepared statements on PostgreSQL
 * (src/db/driver.ts): in bench/ingest about a third less PostgreSQL CPU per webhook. Only fixed
 * statement texts belong here. PGlite runs `handle.query` as it is.
 */
export function preparedQuery(handle: DatabaseHandle): Query {
  const run = handle.kind === 'postgres' ? driverQuery(handle.db) : undefined;
  if (!run) return handle.query.bind(handle);
  return async (text, params = []) => (await run(text, params as unknown[], { prepare: true })) as never;
}
