import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

export interface TestDatabase extends DatabaseHandle {
  /** The URL of the fresh PostgreSQL database, or undefined on PGlite. */
  url: string | undefined;
  /** Closes the handle and drops the database. */
  destroy(): Promise<void>;
}

/** The engine the suites run on: PostgreSQL when DATABASE_URL is set (CI), PGlite in memory otherwise. */
export const engine: 'postgres' | 'pglite' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: its own PostgreSQL database (created from
 * DATABASE_URL's server and dropped afterwards), or an in-memory PGlite.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  let url: string | undefined;
  let drop = async () => {};
  if (base) {
    const name = `plentygate_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  const handle = await openDatabase({ url, dataDir: 'memory://' });
  if (options.migrate !== false) await migrate(handle, url);
  return {
    ...handle,
    url,
    destroy: async () => {
      await handle.close();
      await drop();
    },
  };
}

/** A fresh PostgreSQL URL (database created, dropped by the returned function), for child processes. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const db = await createTestDatabase({ migrate: false });
  if (!db.url) {
    await db.destroy();
    return undefined;
  }
  await db.close();
  return { url: db.url, drop: db.destroy };
}
