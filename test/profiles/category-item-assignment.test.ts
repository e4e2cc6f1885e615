/**
 * What the category links are for: after the category export (or `link:match`) linked the trees, the
 * item export assigns each variation to the PlentyONE counterparts of its Magento categories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTES } from '../../src/sandbox/generator/index.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { categoryExportType } from '../../src/profiles/types/plenty_category_export/index.js';
import { itemExportType } from '../../src/profiles/types/plenty_item_export/index.js';
import { engine } from '../support/db.js';
import { categoryWorld, storeMapping, type CategoryWorld } from './category-support.js';
import { itemExportConfig } from './support/item-export-setup.js';
import { insertProfile, silentLog } from './support/memory-type.js';

describe(`item export after the category export on ${engine}`, () => {
  let w: CategoryWorld;

  beforeAll(async () => {
    w = await categoryWorld(categoryExportType, { storeMapping, rootMapping: [{ magentoRootId: 2 }] });
    await w.links.upsertMany(ATTRIBUTES.flatMap((a) => a.values.map((v) => ({ entityType: 'attribute_value', magentoKey: `${a.code}:${v.valueId}`, plentyId: String(v.valueId) }))));
  }, 60_000);
  afterAll(() => w?.close());

  it('assigns every exported variation to the linked PlentyONE categories of its Magento categories', async () => {
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    const itemProfile = await insertProfile(w.db.db, 'plenty_item_export', { ...itemExportConfig, collection: { mode: 'full' } });
    const registry = new ProfileRegistry([itemExportType]);
    const products = [...w.magento.store.products.iterate()].filter((p) => p.typeId === 'simple').slice(0, 5);
    const result = await executeRun(
      { db: w.db.db, registry, log: silentLog, services: { connectors: w.connectors } },
      { profileId: itemProfile.id, trigger: 'manual', input: { mode: 'ids', ids: products.map((p) => p.sku) } },
    );
    expect(result.failed).toBe(0);
    const plenty = await w.connectors.plenty('plenty');
    for (const product of products) {
      const page = await plenty.request('GET', '/rest/items/variations', { query: { numberExact: product.sku, with: 'variationCategories' } }) as { entries: { variationCategories: { categoryId: number }[] }[] };
      const assigned = page.entries[0]!.variationCategories.map((c) => c.categoryId).sort();
      const links = await w.links.getMany('category', product.categoryIds.map(String));
      const expected = product.categoryIds.map((id) => Number(links.get(String(id))!.plentyId)).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(assigned).toEqual(expected);
    }
  }, 120_000);
});
