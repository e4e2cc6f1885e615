/** plenty_category_import dry runs: the tree as it would be created, renames and deletions beside Magento's values; nothing written to either system. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { categoryImportType } from '../../src/profiles/types/plenty_category_import/index.js';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { categoryWorld, magentoPaths, storeMapping, type CategoryWorld } from './category-support.js';

describe(`category import dry run on ${engine}`, () => {
  let w: CategoryWorld;
  let root: number;
  let service: ReturnType<typeof dryRunService>;
  const writes = () => bothSandboxWrites({ magento: w.magentoUrl, plenty: w.plentyUrl });
  const nameEn = (id: number) => w.plenty.stores.categories.get(id)!.details.find((d) => d.lang === 'en')!.name;

  beforeAll(async () => {
    w = await categoryWorld(categoryImportType, {}, { plentyCatalog: true });
    root = (await w.magento.store.categories.create({ name: 'PlentyONE catalogue', parentId: 1 })).id;
    const config = { storeMapping, rootMapping: [{ magentoRootId: root }], options: { deletions: 'disable' } };
    await w.db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), w.profileId]);
    service = dryRunService(w.db.db, new ProfileRegistry([categoryImportType]), { connectors: w.connectors });
  }, 60_000);
  afterAll(() => w?.close());

  it('before the first import shows the tree as created, each child below its parent the run would create, and writes nothing', async () => {
    const { categories } = w.plenty.stores;
    const top = categories.childrenOf(null)[0]!;
    const child = categories.childrenOf(top.id)[0]!;
    const written = await writes();

    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(top.id), String(child.id)] }, 10);

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(String(top.id))).toMatchObject({ action: 'create' });
    expect(byKey.get(String(top.id))!.diff).toEqual(expect.arrayContaining([{ field: 'name', after: nameEn(top.id) }, { field: 'parent_id', after: root }]));
    expect(byKey.get(String(child.id))).toMatchObject({ action: 'create' });
    expect(byKey.get(String(child.id))!.diff).toEqual(expect.arrayContaining([{ field: 'parent_id', after: `new (PlentyONE category ${top.id})` }]));
    expect(await writes()).toEqual(written);
    expect(magentoPaths(w.magento, root)).toEqual([]);
  }, 60_000);

  it('after an import shows a rename as an update from Magento\'s name, an untouched category as unchanged, and a run still writes it', async () => {
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    const { categories } = w.plenty.stores;
    const [renamed, untouched] = categories.childrenOf(categories.childrenOf(null)[1]!.id);
    const before = nameEn(renamed!.id);
    categories.update(renamed!.id, { details: [{ plentyId: 1000, lang: 'en', name: `${before} (new)` }] });
    const magentoId = Number((await w.links.byPlentyId('category', String(renamed!.id)))!.magentoKey);
    const written = await writes();

    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(renamed!.id), String(untouched!.id)] }, 10);

    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(String(renamed!.id))).toMatchObject({ action: 'update', targetId: String(magentoId), diff: [{ field: 'name', before, after: `${before} (new)` }] });
    expect(byKey.get(String(untouched!.id))).toMatchObject({ action: 'unchanged' });
    expect(await writes()).toEqual(written);
    expect(w.magento.store.categories.get(magentoId)!.name).toBe(before);

    expect(await w.run({ mode: 'ids', ids: [String(renamed!.id)] })).toMatchObject({ updated: 1 });
    expect(w.magento.store.categories.get(magentoId)!.name).toBe(`${before} (new)`);
  }, 60_000);

  it('shows a category PlentyONE no longer has as the category options.deletions would disable, and leaves it active', async () => {
    const { categories } = w.plenty.stores;
    const leaf = categories.childrenOf(categories.childrenOf(null)[2]!.id)[0]!;
    const magentoId = Number((await w.links.byPlentyId('category', String(leaf.id)))!.magentoKey);
    categories.delete(leaf.id);
    const written = await writes();

    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(leaf.id)] }, 10);

    expect(report.records).toEqual([expect.objectContaining({
      action: 'update', reason: `Deleted in PlentyONE: Magento category ${magentoId} would be disabled, the link removed.`, diff: [{ field: 'is_active', after: false }],
    })]);
    expect(await writes()).toEqual(written);
    expect(w.magento.store.categories.get(magentoId)!.isActive).toBe(true);
  }, 60_000);
});
