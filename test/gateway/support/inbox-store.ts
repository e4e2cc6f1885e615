import { afterAll, beforeAll } from 'vitest';
import { createInboxStore, type InboxStore } from '../../../src/gateway/inbox/store.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

/** A fresh, migrated database with an inbox store on it for the calling test file: made before its tests, dropped after. */
export function useInboxStore(): { readonly db: TestDatabase; readonly store: InboxStore } {
  const fixture = {} as { db: TestDatabase; store: InboxStore };
  beforeAll(async () => {
    fixture.db = await createTestDatabase();
    fixture.store = createInboxStore(fixture.db);
  }, 120_000);
  afterAll(async () => fixture.db?.destroy());
  return fixture;
}
