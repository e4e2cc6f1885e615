import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, migrationsFolder } from '../../src/db/migrate.js';

describe(`migrations on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  it('creates every table of the schema', async () => {
    const rows = await db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['profiles', 'profile_schedules', 'profile_runs', 'profile_run_messages',
        'profile_state', 'entity_links', 'credentials', 'queue_jobs']),
    );
  });

  it('records each migration once, and can be applied again without changing anything', async () => {
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const count = async () => (await db.query<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]?.n;
    expect(await count()).toBe(journal.entries.length);
    await migrate(db, db.url);
    expect(await count()).toBe(journal.entries.length);
  });
});
