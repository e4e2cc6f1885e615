import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkStore } from '../../src/profiles/links.js';
import { createStateStore } from '../../src/profiles/state.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile, uniqueTypeId } from './support/memory-type.js';

describe(`link and state stores on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  describe('links', () => {
    it('inserts a link and finds it by Magento key and by PlentyONE id', async () => {
      const links = createLinkStore(db.db);
      await links.upsert({ entityType: 'product', magentoKey: 'SKU-1', plentyId: '101', hash: 'h1', meta: { variationId: 7 } });
      const link = await links.get('product', 'SKU-1');
      expect(link).toMatchObject({ entityType: 'product', magentoKey: 'SKU-1', plentyId: '101', hash: 'h1', meta: { variationId: 7 } });
      expect(link!.lastWrittenAt).toBeInstanceOf(Date);
      expect(await links.byPlentyId('product', '101')).toMatchObject({ magentoKey: 'SKU-1' });
      // Entity types are separate namespaces.
      expect(await links.get('category', 'SKU-1')).toBeUndefined();
      expect(await links.byPlentyId('category', '101')).toBeUndefined();
    });

    it('merges aspect hashes on upsert and keeps what an update does not mention', async () => {
      const links = createLinkStore(db.db);
      await links.upsert({ entityType: 'item', magentoKey: 'A', plentyId: '1', hash: 'h1', aspectHashes: { texts: 't1', prices: 'p1' }, meta: { a: 1 } });
      await links.upsert({ entityType: 'item', magentoKey: 'A', plentyId: '1', aspectHashes: { prices: 'p2', barcodes: 'b1' } });
      expect(await links.get('item', 'A')).toMatchObject({
        plentyId: '1', hash: 'h1', meta: { a: 1 }, aspectHashes: { texts: 't1', prices: 'p2', barcodes: 'b1' },
      });
      // A new PlentyONE id (the item was re-created) replaces the old one.
      await links.upsert({ entityType: 'item', magentoKey: 'A', plentyId: '2', hash: 'h2' });
      expect(await links.get('item', 'A')).toMatchObject({ plentyId: '2', hash: 'h2', aspectHashes: { texts: 't1', prices: 'p2', barcodes: 'b1' } });
      expect(await links.byPlentyId('item', '1')).toBeUndefined();
    });

    it('reads many links at once, leaving out the unknown keys', async () => {
      const links = createLinkStore(db.db);
      await links.upsertMany(Array.from({ length: 50 }, (_, i) => ({ entityType: 'stock', magentoKey: `S${i}`, plentyId: String(1000 + i), hash: `h${i}` })));
      const found = await links.getMany('stock', ['S0', 'S49', 'S7', 'missing']);
      expect([...found.keys()].sort()).toEqual(['S0', 'S49', 'S7']);
      expect(found.get('S49')).toMatchObject({ plentyId: '1049', hash: 'h49' });
      expect((await links.getMany('stock', [])).size).toBe(0);
    });

    it('accepts the same key twice in one upsertMany, the later write winning', async () => {
      const links = createLinkStore(db.db);
      await links.upsertMany([
        { entityType: 'dup', magentoKey: 'K', plentyId: '1', hash: 'first', aspectHashes: { a: '1' } },
        { entityType: 'dup', magentoKey: 'K', plentyId: '2', hash: 'second', aspectHashes: { b: '2' } },
      ]);
      expect(await links.get('dup', 'K')).toMatchObject({ plentyId: '2', hash: 'second', aspectHashes: { a: '1', b: '2' } });
    });

    it('removes a link', async () => {
      const links = createLinkStore(db.db);
      await links.upsert({ entityType: 'order', magentoKey: '000000001', plentyId: '55' });
      expect(await links.remove('order', '000000001')).toBe(true);
      expect(await links.remove('order', '000000001')).toBe(false);
      expect(await links.get('order', '000000001')).toBeUndefined();
    });
  });

  describe('state', () => {
    it('keeps watermarks per profile across store instances', async () => {
      const a = await insertProfile(db.db, uniqueTypeId());
      const b = await insertProfile(db.db, uniqueTypeId());
      const stateA = createStateStore(db.db, a.id);
      expect(await stateA.get('watermark')).toBeUndefined();
      await stateA.set('watermark', '2024-05-01T10:00:00.000Z');
      await stateA.set('watermark', '2024-05-02T10:00:00.000Z');
      await stateA.set('cursor', { page: 3, ids: [1, 2] });
      await createStateStore(db.db, b.id).set('watermark', 'other');

      const again = createStateStore(db.db, a.id);
      expect(await again.get<string>('watermark')).toBe('2024-05-02T10:00:00.000Z');
      expect(await again.get('cursor')).toEqual({ page: 3, ids: [1, 2] });
      expect(await createStateStore(db.db, b.id).get('watermark')).toBe('other');

      await again.delete('watermark');
      expect(await stateA.get('watermark')).toBeUndefined();
      expect(await createStateStore(db.db, b.id).get('watermark')).toBe('other');
    });

    it('stores plain values: numbers, booleans, zero and empty strings', async () => {
      const profile = await insertProfile(db.db, uniqueTypeId());
      const state = createStateStore(db.db, profile.id);
      for (const value of [0, 42, true, false, '', 'text', [], {}]) {
        await state.set('v', value);
        expect(await state.get('v')).toEqual(value);
      }
    });

    it('treats setting null or undefined as deleting the key', async () => {
      const profile = await insertProfile(db.db, uniqueTypeId());
      const state = createStateStore(db.db, profile.id);
      await state.set('watermark', 'x');
      await state.set('watermark', null);
      expect(await state.get('watermark')).toBeUndefined();
      await state.set('watermark', undefined);
      expect(await state.get('watermark')).toBeUndefined();
    });

    it('goes away with its profile', async () => {
      const profile = await insertProfile(db.db, uniqueTypeId());
      await createStateStore(db.db, profile.id).set('watermark', 'x');
      await db.query('delete from profiles where id = $1', [profile.id]);
      expect(await db.query('select * from profile_state where profile_id = $1', [profile.id])).toEqual([]);
    });
  });
});
