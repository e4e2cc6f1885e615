import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { profileState } from '../db/schema/index.js';
import { rowsOf } from '../db/driver.js';
import { assertHeld, heldBy, type RunOwner } from './run-owner.js';

/** Per-profile state such as watermarks, kept across runs and processes. */
export interface StateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Setting null or undefined deletes the key (get answers undefined either way). */
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Given a run's `owner`, writes are made only while that execution holds the run (see run-owner.ts). */
export function createStateStore(db: Database, profileId: number, owner?: RunOwner): StateStore {
  const store: StateStore = {
    async get<T>(key: string) {
      const [row] = await db.select({ value: profileState.value }).from(profileState)
        .where(and(eq(profileState.profileId, profileId), eq(profileState.key, key)));
      return row?.value as T | undefined;
    },
    async set(key, value) {
      if (value === null || value === undefined) return store.delete(key);
      const now = new Date();
      if (!owner) {
        await db.insert(profileState).values({ profileId, key, value, updatedAt: now })
          .onConflictDoUpdate({ target: [profileState.profileId, profileState.key], set: { value, updatedAt: now } });
        return;
      }
      const written = await db.execute(sql`
        insert into ${profileState} (profile_id, key, value, updated_at)
        select ${profileId}, ${key}, ${JSON.stringify(value)}::jsonb, ${now.toISOString()}::timestamptz where ${heldBy(owner)}
        on conflict (profile_id, key) do update set value = excluded.value, updated_at = excluded.updated_at
        returning 1 as written`);
      if (rowsOf(written).length === 0) await assertHeld(db, owner);
    },
    async delete(key) {
      const rows = await db.delete(profileState)
        .where(and(eq(profileState.profileId, profileId), eq(profileState.key, key), owner && heldBy(owner)))
        .returning({ key: profileState.key });
      if (owner && rows.length === 0) await assertHeld(db, owner);
    },
  };
  return store;
}
