/**
 * Each category setting does what its description says (README of each profile): runs for named
 * categories against the sandboxes, the config changed between runs as a merchant would change it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryExportType } from '../../src/profiles/types/plenty_category_export/index.js';
import { categoryImportType } from '../../src/profiles/types/plenty_category_import/index.js';
import { engine } from '../support/db.js';
import { categoryWorld, storeMapping, type CategoryWorld } from './category-support.js';

const setConfig = (w: CategoryWorld, config: Record<string, unknown>) =>
  w.db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), w.profileId]);

describe(`category export settings on ${engine}`, () => {
  let w: CategoryWorld;
  const base = { storeMapping, rootMapping: [{ magentoRootId: 2 }] };
  const plentyOf = async (magentoId: number) => {
    const link = await w.links.get('category', String(magentoId));
    return link ? w.plenty.stores.categories.get(Number(link.plentyId)) : undefined;
  };

  beforeAll(async () => {
    w = await categoryWorld(categoryExportType, base);
  }, 60_000);
  afterAll(() => w?.close());

  it('attributes: a language-only row with a default value fills that language only', async () => {
    const top = w.magento.store.categories.childrenOf(2)[0]!;
    await setConfig(w, { ...base, attributes: [{ attribute: 'name', field: 'name' }, { attribute: 'description', field: 'description', language: 'de', defaultValue: 'Keine Beschreibung' }] });
    expect(await w.run({ mode: 'ids', ids: [String(top.id)] })).toMatchObject({ created: 1 });
    const details = (await plentyOf(top.id))!.details;
    expect(details.find((d) => d.lang === 'de')!.description).toBe('Keine Beschreibung');
    expect(details.find((d) => d.lang === 'en')!.description).toBe('');
  });

  it('options.skipUnchanged: on, an unchanged category is skipped; off, it is written again', async () => {
    const top = w.magento.store.categories.childrenOf(2)[0]!;
    expect(await w.run({ mode: 'ids', ids: [String(top.id)] })).toMatchObject({ skipped: 1, updated: 0 });
    await setConfig(w, { ...base, options: { skipUnchanged: false } });
    expect(await w.run({ mode: 'ids', ids: [String(top.id)] })).toMatchObject({ skipped: 0, updated: 1 });
  });

  it('options.includeInactive: a disabled category is skipped with the reason, or exported out of the navigation', async () => {
    const hidden = await w.magento.store.categories.create({ name: 'Archiv', parentId: 2, isActive: false });
    const skipped = await w.run({ mode: 'ids', ids: [String(hidden.id)] });
    expect(skipped).toMatchObject({ skipped: 1, created: 0 });
    await setConfig(w, { ...base, options: { includeInactive: true } });
    expect(await w.run({ mode: 'ids', ids: [String(hidden.id)] })).toMatchObject({ created: 1 });
    expect((await plentyOf(hidden.id))!.linklist).toBe('N');
  });

  it('options.deletions: deactivate hides the PlentyONE category, leave keeps it as it is', async () => {
    const [a, b] = [await w.magento.store.categories.create({ name: 'Alt A', parentId: 2 }), await w.magento.store.categories.create({ name: 'Alt B', parentId: 2 })];
    await setConfig(w, { ...base, options: { deletions: 'deactivate' } });
    expect(await w.run({ mode: 'ids', ids: [String(a.id), String(b.id)] })).toMatchObject({ created: 2 });
    const [pa, pb] = [(await plentyOf(a.id))!, (await plentyOf(b.id))!];
    await w.magento.store.categories.delete(a.id);
    await w.magento.store.categories.delete(b.id);
    expect(await w.run({ mode: 'ids', ids: [String(a.id)] })).toMatchObject({ updated: 1 });
    expect(w.plenty.stores.categories.get(pa.id)!.clients).toEqual([]);
    await setConfig(w, { ...base, options: { deletions: 'leave' } });
    expect(await w.run({ mode: 'ids', ids: [String(b.id)] })).toMatchObject({ skipped: 1 });
    expect(w.plenty.stores.categories.get(pb.id)!.clients).toEqual([1000]);
  });
});

describe(`category import settings on ${engine}`, () => {
  let w: CategoryWorld;
  let root: number;
  let base: Record<string, unknown>;
  const magentoOf = async (plentyId: number) => {
    const link = await w.links.byPlentyId('category', String(plentyId));
    return link ? w.magento.store.categories.get(Number(link.magentoKey)) : undefined;
  };
  const newPlenty = (name: string) => w.plenty.stores.categories.create({ parentCategoryId: null, type: 'item', details: ['de', 'en'].map((lang) => ({ plentyId: 1000, lang, name })) });

  beforeAll(async () => {
    w = await categoryWorld(categoryImportType, {});
    root = (await w.magento.store.categories.create({ name: 'Import', parentId: 1 })).id;
    base = { storeMapping, rootMapping: [{ magentoRootId: root }] };
  }, 60_000);
  afterAll(() => w?.close());

  it('options.createMissing off: a new PlentyONE category is skipped; on, it is created', async () => {
    const c = newPlenty('Neu');
    await setConfig(w, { ...base, options: { createMissing: false } });
    expect(await w.run({ mode: 'ids', ids: [String(c.id)] })).toMatchObject({ skipped: 1, created: 0 });
    await setConfig(w, base);
    expect(await w.run({ mode: 'ids', ids: [String(c.id)] })).toMatchObject({ created: 1 });
  });

  it('options.activateNew and options.includeInMenu decide how new Magento categories start', async () => {
    const c = newPlenty('Versteckt');
    await setConfig(w, { ...base, options: { activateNew: false, includeInMenu: false } });
    expect(await w.run({ mode: 'ids', ids: [String(c.id)] })).toMatchObject({ created: 1 });
    expect(await magentoOf(c.id)).toMatchObject({ isActive: false, includeInMenu: false, parentId: root });
  });

  it('options.updateExisting off leaves a linked category alone; on, the rename arrives', async () => {
    const c = newPlenty('Alt');
    await setConfig(w, base);
    await w.run({ mode: 'ids', ids: [String(c.id)] });
    w.plenty.stores.categories.update(c.id, { details: [{ plentyId: 1000, lang: 'en', name: 'Renamed' }] });
    await setConfig(w, { ...base, options: { updateExisting: false } });
    expect(await w.run({ mode: 'ids', ids: [String(c.id)] })).toMatchObject({ skipped: 1 });
    expect((await magentoOf(c.id))!.name).toBe('Alt');
    await setConfig(w, base);
    expect(await w.run({ mode: 'ids', ids: [String(c.id)] })).toMatchObject({ updated: 1 });
    expect((await magentoOf(c.id))!.name).toBe('Renamed');
  });

  it('options.deletions "delete" removes the Magento category of a deleted PlentyONE category', async () => {
    const c = newPlenty('Weg');
    await setConfig(w, { ...base, options: { deletions: 'delete' } });
    await w.run({ mode: 'ids', ids: [String(c.id)] });
    const id = (await magentoOf(c.id))!.id;
    w.plenty.stores.categories.delete(c.id);
    expect(await w.run({ mode: 'ids', ids: [String(c.id)] })).toMatchObject({ updated: 1 });
    expect(w.magento.store.categories.get(id)).toBeUndefined();
  });
});
