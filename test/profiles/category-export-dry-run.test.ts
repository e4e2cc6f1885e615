/** plenty_category_export dry runs: the tree as it would be created, renames and deletions beside PlentyONE's values; nothing written to either system. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { categoryExportType } from '../../src/profiles/types/plenty_category_export/index.js';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { categoryWorld, plentyPaths, storeMapping, type CategoryWorld } from './category-support.js';

describe(`category export dry run on ${engine}`, () => {
  let w: CategoryWorld;
  let service: ReturnType<typeof dryRunService>;
  const writes = () => bothSandboxWrites({ magento: w.magentoUrl, plenty: w.plentyUrl });

  beforeAll(async () => {
    w = await categoryWorld(categoryExportType, { storeMapping, rootMapping: [{ magentoRootId: 2 }], options: { deletions: 'delete' } });
    service = dryRunService(w.db.db, new ProfileRegistry([categoryExportType]), { connectors: w.connectors });
  }, 60_000);
  afterAll(() => w?.close());

  it('before the first export shows the tree as created, each child below its parent the run would create, and writes nothing', async () => {
    const top = w.magento.store.categories.childrenOf(2)[0]!;
    const child = w.magento.store.categories.childrenOf(top.id)[0]!;
    const written = await writes();

    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(top.id), String(child.id)] }, 10);

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(String(top.id))).toMatchObject({ action: 'create' });
    expect(byKey.get(String(top.id))!.diff).toEqual(expect.arrayContaining([{ field: 'details.1000.en.name', after: top.name }, { field: 'parentCategoryId', after: null }]));
    expect(byKey.get(String(child.id))).toMatchObject({ action: 'create' });
    expect(byKey.get(String(child.id))!.diff).toEqual(expect.arrayContaining([{ field: 'parentCategoryId', after: `new (Magento category ${top.id})` }]));
    expect(await writes()).toEqual(written);
    expect(plentyPaths(w.plenty, null)).toEqual([]);
  }, 60_000);

  it('after an export shows a rename as an update from PlentyONE\'s name, an untouched category as unchanged, and a run still writes it', async () => {
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    const [renamed, untouched] = w.magento.store.categories.childrenOf(w.magento.store.categories.childrenOf(2)[1]!.id);
    const plentyId = Number((await w.links.get('category', String(renamed!.id)))!.plentyId);
    const before = w.plenty.stores.categories.get(plentyId)!.details.find((d) => d.lang === 'de')!.name;
    await w.magento.store.categories.update(renamed!.id, { name: 'Regenjacken' }, 'de');
    const written = await writes();

    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(renamed!.id), String(untouched!.id)] }, 10);

    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(String(renamed!.id))).toMatchObject({ action: 'update', targetId: String(plentyId), diff: [{ field: 'details.1000.de.name', before, after: 'Regenjacken' }] });
    expect(byKey.get(String(untouched!.id))).toMatchObject({ action: 'unchanged' });
    expect(await writes()).toEqual(written);

    expect(await w.run({ mode: 'ids', ids: [String(renamed!.id)] })).toMatchObject({ updated: 1 });
    expect(w.plenty.stores.categories.get(plentyId)!.details.find((d) => d.lang === 'de')!.name).toBe('Regenjacken');
  }, 60_000);

  it('shows a category deleted in Magento as what options.deletions would do, and keeps the PlentyONE category', async () => {
    const leaf = w.magento.store.categories.childrenOf(w.magento.store.categories.childrenOf(2)[2]!.id)[0]!;
    const plentyId = Number((await w.links.get('category', String(leaf.id)))!.plentyId);
    await w.magento.store.categories.delete(leaf.id);
    const written = await writes();

    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(leaf.id)] }, 10);

    expect(report.records).toEqual([expect.objectContaining({
      action: 'update', reason: `Deleted in Magento: PlentyONE category ${plentyId} would be deleted, the link removed.`,
    })]);
    expect(await writes()).toEqual(written);
    expect(w.plenty.stores.categories.get(plentyId)).toBeDefined();
  }, 60_000);
});
