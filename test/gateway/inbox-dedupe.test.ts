import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxStore, type InboxInsert, type InboxStore } from '../../src/gateway/inbox/store.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

/**
 * A body-hash dedupe key carries its time bucket. A replay just after a bucket boundary has a new key;
 * the previous bucket's key, received within the window, still makes it a duplicate.
 */

let db: TestDatabase;
let store: InboxStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createInboxStore(db);
}, 120_000);
afterAll(async () => db?.destroy());

const row = (dedupeKey: string, extra: Partial<InboxInsert> = {}): InboxInsert => ({
  source: 'magento', format: 'adobe-commerce', dedupeKey, headers: {}, body: '{}',
  event: { source: 'magento', entity: 'product', kind: 'saved', keys: ['B-1'] }, ...extra,
});

describe('body-hash dedupe across a bucket boundary', () => {
  it('treats the same body in the next bucket as a duplicate while the first is within the window', async () => {
    expect(await store.insert(row('sha256:abc:100'))).toEqual(expect.any(Number));
    expect(await store.insert(row('sha256:abc:101', { alsoDuplicateOf: ['sha256:abc:100'], duplicateWithinS: 300 }))).toBeNull();
    expect(await store.insert(row('sha256:abc:100'))).toBeNull();
  });

  it('accepts it once the earlier row is older than the window', async () => {
    await store.insert(row('sha256:old:200'));
    await db.query(`update webhook_inbox set received_at = now() - interval '10 minutes' where dedupe_key = 'sha256:old:200'`);
    expect(await store.insert(row('sha256:old:201', { alsoDuplicateOf: ['sha256:old:200'], duplicateWithinS: 300 }))).toEqual(expect.any(Number));
  });

  it('only counts rows of the same source', async () => {
    await store.insert(row('sha256:src:300', { source: 'plenty' }));
    expect(await store.insert(row('sha256:src:301', { alsoDuplicateOf: ['sha256:src:300'], duplicateWithinS: 300 }))).toEqual(expect.any(Number));
  });
});
