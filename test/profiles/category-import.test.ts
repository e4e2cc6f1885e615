/**
 * The category import against both sandboxes: PlentyONE's seeded tree (four levels, over 400
 * categories, German and English details) is recreated below an empty Magento root with the names of
 * both store views; a second run writes nothing; a URL key two siblings would share is resolved per
 * category; a category moved to another PlentyONE parent moves in Magento; a PlentyONE category deleted is
 * handled as `options.deletions` says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryImportType } from '../../src/profiles/types/plenty_category_import/index.js';
import { engine } from '../support/db.js';
import { categoryWorld, magentoPaths, plentyPaths, storeMapping, type CategoryWorld } from './category-support.js';

describe(`category import (PlentyONE → Magento) on ${engine}`, () => {
  let w: CategoryWorld;
  let root: number;
  const magentoWrites = async () => {
    const log = (await (await fetch(`${w.magentoUrl}/_sandbox/requests`)).json()) as { byRoute?: Record<string, number> };
    return Object.entries(log.byRoute ?? {}).filter(([r]) => !r.startsWith('GET ') && !r.includes('graphql')).reduce((n, [, c]) => n + c, 0);
  };

  beforeAll(async () => {
    // The Magento root is created first, then the profile pointed at it (rootMapping).
    w = await categoryWorld(categoryImportType, {}, { plentyCatalog: true });
    root = (await w.magento.store.categories.create({ name: 'PlentyONE catalogue', parentId: 1 })).id;
    const config = { storeMapping, rootMapping: [{ magentoRootId: root }], options: { deletions: 'disable' } };
    await w.db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), w.profileId]);
  }, 60_000);
  afterAll(() => w?.close());

  it('an import into an empty Magento root recreates the PlentyONE tree with names in both store views', async () => {
    const expected = plentyPaths(w.plenty, null);
    expect(expected.length).toBeGreaterThanOrEqual(300);
    expect(magentoPaths(w.magento, root)).toEqual([]);
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', created: expected.length, failed: 0 });
    expect(magentoPaths(w.magento, root)).toEqual(expected);
    // URL keys per store view come from PlentyONE's URL names.
    const first = w.magento.store.categories.childrenOf(root)[0]!;
    const plentyFirst = w.plenty.stores.categories.get(Number((await w.links.get('category', String(first.id)))!.plentyId))!;
    const nameUrl = (lang: string) => plentyFirst.details.find((d) => d.lang === lang)!.nameUrl;
    expect(w.magento.store.categories.textsIn(first, 'default').urlKey).toBe(nameUrl('en'));
    expect(w.magento.store.categories.textsIn(first, 'de').urlKey).toBe(nameUrl('de'));
  }, 120_000);

  it('a second run writes nothing', async () => {
    await fetch(`${w.magentoUrl}/_sandbox/requests`, { method: 'DELETE' });
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await magentoWrites()).toBe(0);
  }, 60_000);

  it('a URL key two siblings would share is made unique for that category; the run goes on', async () => {
    const { categories } = w.plenty.stores;
    const top = categories.childrenOf(null)[0]!;
    const details = (name: string) => ['de', 'en'].map((lang) => ({ plentyId: 1000, lang, name, nameUrl: 'sale' }));
    const [a] = [categories.create({ parentCategoryId: top.id, type: 'item', details: details('Sale') })];
    const b = categories.create({ parentCategoryId: top.id, type: 'item', details: details('Sale %') });
    const result = await w.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'completed', created: 2, failed: 0 });
    const keyOf = async (plentyId: number) => {
      const link = (await w.links.byPlentyId('category', String(plentyId)))!;
      return w.magento.store.categories.textsIn(w.magento.store.categories.get(Number(link.magentoKey))!, 'de').urlKey;
    };
    expect(await keyOf(a!.id)).toBe('sale');
    expect(await keyOf(b.id)).toBe(`sale-${b.id}`);
  }, 60_000);

  it('a PlentyONE category moved to another parent moves in Magento with its subcategories; a second run writes nothing', async () => {
    const { categories } = w.plenty.stores;
    // The generated tops have subtrees of the same names: men's jackets go below the "Sale" category
    // the test above created below the first top, where no sibling has their URL key.
    const [women, men] = categories.childrenOf(null);
    const to = categories.childrenOf(women!.id).find((c) => c.details.some((d) => d.name === 'Sale'))!;
    const moving = categories.childrenOf(men!.id).find((c) => categories.childrenOf(c.id).length > 0)!;
    const magentoId = async (plentyId: number) => Number((await w.links.byPlentyId('category', String(plentyId)))!.magentoKey);
    const [movingId, toId] = [await magentoId(moving.id), await magentoId(to.id)];
    const childrenBefore = w.magento.store.categories.childrenOf(movingId).map((c) => c.id);
    categories.update(moving.id, { parentCategoryId: to.id });

    await fetch(`${w.magentoUrl}/_sandbox/requests`, { method: 'DELETE' });
    const result = await w.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    const moved = w.magento.store.categories.get(movingId)!;
    expect(moved.parentId).toBe(toId);
    expect(moved.path).toBe(`${w.magento.store.categories.get(toId)!.path}/${movingId}`);
    expect(w.magento.store.categories.childrenOf(movingId).map((c) => c.id)).toEqual(childrenBefore);
    expect(magentoPaths(w.magento, root)).toEqual(plentyPaths(w.plenty, null));

    await fetch(`${w.magentoUrl}/_sandbox/requests`, { method: 'DELETE' });
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await magentoWrites()).toBe(0);
  }, 60_000);

  it('a move Magento refuses (a sibling there has the URL key) fails that category with the reason; the run goes on', async () => {
    const { categories } = w.plenty.stores;
    const [women, men] = categories.childrenOf(null);
    const trousers = categories.childrenOf(men!.id).find((c) => c.details.some((d) => d.nameUrl === 'trousers'))!;
    const magentoId = Number((await w.links.byPlentyId('category', String(trousers.id)))!.magentoKey);
    const parentBefore = w.magento.store.categories.get(magentoId)!.parentId;
    categories.update(trousers.id, { parentCategoryId: women!.id });
    const result = await w.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'partial', failed: 1 });
    const history = await w.db.query<{ record_key: string; message: string }>(
      "select record_key, message from profile_run_messages where run_id = $1 and level = 'error'", [result.runId],
    );
    expect(history).toEqual([{ record_key: String(trousers.id), message: expect.stringContaining(`Magento refused to move category ${magentoId}`) }]);
    expect(history[0]!.message).toContain('Could not move category');
    expect(w.magento.store.categories.get(magentoId)!.parentId).toBe(parentBefore);
    // Moved back in PlentyONE, it is as it was: nothing to write.
    categories.update(trousers.id, { parentCategoryId: men!.id });
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', updated: 0, failed: 0 });
  }, 60_000);

  it('a PlentyONE category that disappeared is disabled in Magento (options.deletions "disable")', async () => {
    const { categories } = w.plenty.stores;
    const leaf = categories.childrenOf(categories.childrenOf(null)[0]!.id).find((c) => c.details.some((d) => d.name === 'Sale %'))!;
    const link = (await w.links.byPlentyId('category', String(leaf.id)))!;
    categories.delete(leaf.id);
    const result = await w.run({ mode: 'ids', ids: [String(leaf.id)] }, 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 1 });
    expect(w.magento.store.categories.get(Number(link.magentoKey))!.isActive).toBe(false);
  }, 60_000);
});
