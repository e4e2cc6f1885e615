import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { meta, profileSchedules, profiles } from '../db/schema/index.js';
import type { ProfileRegistry } from './registry.js';
import { defaultScheduleRows } from './schedules.js';

const SEEDED = 'profiles_seeded';

/**
 * Creates the pre-installed profiles on a new database, once, each with its default schedule: a
 * profile the operator later removes is not brought back by the next migrate.
 */
export async function seedProfiles(db: Database, registry: ProfileRegistry, typeIds: readonly string[]): Promise<number> {
  return db.transaction(async (tx) => {
    const [done] = await tx.select().from(meta).where(eq(meta.key, SEEDED));
    if (done) return 0;
    const rows = typeIds.map((typeId) => {
      const type = registry.get(typeId);
      return { typeId, name: type.name, config: type.configSchema.parse({}) as Record<string, unknown> };
    });
    const inserted = await tx.insert(profiles).values(rows).onConflictDoNothing().returning({ id: profiles.id });
    if (inserted.length) await tx.insert(profileSchedules).values(inserted.flatMap(({ id }) => defaultScheduleRows(id)));
    await tx.insert(meta).values({ key: SEEDED, value: new Date().toISOString() }).onConflictDoNothing();
    return inserted.length;
  });
}
