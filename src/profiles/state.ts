import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { profileState } from '../db/schema/index.js';

/** Per-profile state such as watermarks, kept across runs and processes. */
export interface StateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Setting null or undefined deletes the key (get answers undefined either way). */
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createStateStore(db: Database, profileId: number): StateStore {
  const store: StateStore = {
    async get<T>(key: string) {
      const [row] = await db.select({ value: profileState.value }).from(profileState)
        .where(and(eq(profileState.profileId, profileId), eq(profileState.key, key)));
      return row?.value as T | undefined;
    },
    async set(key, value) {
      if (value === null || value === undefined) return store.delete(key);
      const now = new Date();
      await db.insert(profileState).values({ profileId, key, value, updatedAt: now })
        .onConflictDoUpdate({ target: [profileState.profileId, profileState.key], set: { value, updatedAt: now } });
    },
    async delete(key) {
      await db.delete(profileState).where(and(eq(profileState.profileId, profileId), eq(profileState.key, key)));
    },
  };
  return store;
}
