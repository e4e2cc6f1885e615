import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './client.js';

/** migrations/ at the package root, from src/db (tsx) and dist/db (built) alike. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

// An arbitrary but fixed advisory-lock key: several workers starting together migrate one at a time.
const MIGRATION_LOCK = 0x706c6e74; // "plnt"

/**
 * Applies pending migrations. On PostgreSQL the whole migration runs under an advisory lock on one
 * dedicated connection so that processes starting together do not race; PGlite has a single client.
 */
export async function migrate(handle: DatabaseHandle, url?: string): Promise<void> {
  if (handle.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(handle.db as never, { migrationsFolder });
    return;
  }
  if (!url) throw new Error('migrate: the PostgreSQL URL is required to take the migration lock');
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await run(drizzle(sql), { migrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
