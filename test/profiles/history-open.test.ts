/** The run open of event runs (history.openActive): the profile read with it, its config sent only when it changed. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profiles } from '../../src/db/schema/index.js';
import { createHistory } from '../../src/profiles/history.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';

describe(`opening an event run with its profile on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('hands the stored config to every run, reusing the one it read until the stored one changes', async () => {
    const config = { batchSize: 5, customer: { countryMap: { DE: 1 } }, tags: ['a', 'ü'] };
    const [profile] = await db.db.insert(profiles).values({ typeId: 'plenty_order_export', name: 'open', status: 'active', config }).returning();
    const history = createHistory(db.db);
    const open = (n: number) => history.openActive(profile!.id, 'event', { mode: 'ids', ids: [`o${n}`] }, `open-${n}`, `job-${n}`);

    const first = await open(1);
    expect(first?.run?.fresh).toBe(true);
    expect(first?.profile).toMatchObject({ id: profile!.id, typeId: 'plenty_order_export', status: 'active', config });
    expect(first?.profile.createdAt).toBeInstanceOf(Date);
    expect(Object.isFrozen(first!.profile.config)).toBe(true);
    expect(Object.isFrozen((first!.profile.config as typeof config).customer.countryMap)).toBe(true);
    const second = await open(2);
    expect(second!.profile.config).toBe(first!.profile.config);

    // Changed by anyone (another process, by hand): the next open reads the stored config again.
    const changed = { ...config, batchSize: 7 };
    await db.db.update(profiles).set({ config: changed }).where(eq(profiles.id, profile!.id));
    const third = await open(3);
    expect(third!.profile.config).toEqual(changed);
    expect((await open(4))!.profile.config).toBe(third!.profile.config);

    // A profile that is not active opens no run, and its config is read all the same.
    await db.db.update(profiles).set({ status: 'disabled', config }).where(eq(profiles.id, profile!.id));
    const disabled = await open(5);
    expect(disabled?.run).toBeUndefined();
    expect(disabled?.profile).toMatchObject({ status: 'disabled', config });
    expect(await history.openActive(profile!.id + 1000, 'event', { mode: 'ids', ids: ['x'] }, 'open-x')).toBeUndefined();
  });
});
