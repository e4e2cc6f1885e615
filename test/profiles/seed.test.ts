import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { loadScheduleSpecs } from '../../src/profiles/schedules.js';
import { seedProfiles } from '../../src/profiles/seed.js';
import { createProfileService } from '../../src/profiles/service.js';
import { seededTypeIds } from '../../src/profiles/types/index.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';

describe(`profile seed on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  it('pre-installs the seven profiles on a new database, each with its type name and default config', async () => {
    const registry = await builtinRegistry();
    expect(await seedProfiles(db.db, registry, seededTypeIds)).toBe(7);
    const service = createProfileService({ db: db.db, registry });
    const rows = await service.list();
    expect(rows.map((r) => r.typeId)).toEqual([
      'plenty_category_export', 'plenty_category_import', 'plenty_item_export', 'plenty_item_import',
      'plenty_order_export', 'plenty_order_import', 'plenty_stock_import',
    ]);
    for (const row of rows) {
      const type = registry.get(row.typeId);
      expect(row).toMatchObject({ name: type.name, status: 'created', config: type.configSchema.parse({}) });
    }
    // The customer profiles are created on demand.
    expect(rows.some((r) => r.typeId.startsWith('plenty_customer'))).toBe(false);
    await service.create('plenty_customer_export');
  });

  it('gives each new profile a delta reconciliation every 15 minutes, which ticks only once the profile is active', async () => {
    const registry = await builtinRegistry();
    const service = createProfileService({ db: db.db, registry });
    for (const row of await service.list()) {
      expect((await service.get(row.id)).schedules).toMatchObject([{ cron: '*/15 * * * *', timezone: 'UTC', mode: 'delta', enabled: true }]);
    }
    const cronSpecs = async () => (await loadScheduleSpecs(db.db)).filter((s) => s.id.startsWith('schedule-'));
    expect(await cronSpecs()).toEqual([]);
    const order = (await service.list()).find((r) => r.typeId === 'plenty_order_export')!;
    await db.query(`update profiles set status = 'active' where id = ${order.id}`);
    expect((await cronSpecs()).map((s) => [s.cron, (s.data as { profileId: number }).profileId, (s.data as { input: unknown }).input]))
      .toEqual([['*/15 * * * *', order.id, { mode: 'delta' }]]);
  });

  it('does not bring back a seeded profile the operator deleted, nor duplicate the others', async () => {
    const registry = await builtinRegistry();
    await db.query(`delete from profiles where type_id = 'plenty_stock_import'`);
    expect(await seedProfiles(db.db, registry, seededTypeIds)).toBe(0);
    const rows = await db.query<{ type_id: string }>('select type_id from profiles order by id');
    expect(rows.map((r) => r.type_id)).not.toContain('plenty_stock_import');
    expect(rows).toHaveLength(7);
  });

  // PGlite has a single connection, so only PostgreSQL can interleave the two transactions.
  it.runIf(engine === 'postgres')('seeds once when two processes seed at the same moment', async () => {
    const fresh = await createTestDatabase();
    try {
      const registry = await builtinRegistry();
      const counts = await Promise.all([seedProfiles(fresh.db, registry, seededTypeIds), seedProfiles(fresh.db, registry, seededTypeIds)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
      const rows = await fresh.query<{ n: number }>('select count(*)::int as n from profiles');
      expect(rows[0]!.n).toBe(7);
    } finally {
      await fresh.destroy();
    }
  });
});
