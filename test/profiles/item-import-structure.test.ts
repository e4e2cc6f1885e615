/**
 * The item import's product structure as a merchant checks it in the Magento admin: an item of
 * several variations without attribute values becomes a simple product per variation (or is skipped
 * with the reason, per `configurables.withoutAttributes`), a PlentyONE bundle of several variations is refused
 * with the reason, and a child that left its configurable (attribute values gone, or the variation deleted)
 * is unlinked from it and disabled or deleted per `deletions.mode`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { textsIn } from '../../src/sandbox/magento/store/index.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

describe(`item import: product structure on ${engine}`, () => {
  let w: ItemImportWorld;
  let plain: Item;
  let bundle: Item;
  let leaving: Item;
  let deleting: Item;
  let skipped: Item;
  const product = (sku: string) => w.magento.store.products.getBySku(sku);
  const variationOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k);
  const skusOf = (item: Item) => Array.from({ length: item.variationCount }, (_, k) => variationOf(item, k).sku);
  const messagesOf = async (runId: number, key: string) => (await w.db.query<{ message: string }>(
    'select message from profile_run_messages where run_id = $1 and record_key = $2 order by id', [runId, key])).map((m) => m.message);
  /** The item's variations lose their attribute values in PlentyONE (and get a variation name). */
  const stripAttributes = (item: Item) => {
    const { items } = w.plenty.stores;
    for (let k = 0; k < item.variationCount; k++) {
      const v = items.copyVariation(items.variation(variationOf(item, k).variationId)!);
      v.attributeValues = [];
      v.names = { de: `Pack ${k + 1}` };
      items.saveVariation(v);
    }
  };

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 120 });
    const configurables = [...w.catalog.items()].filter((i) => i.type === 'configurable' && i.variationCount >= 3);
    [plain, bundle, leaving, deleting, skipped] = configurables as [Item, Item, Item, Item, Item];
    expect(skipped).toBeDefined();
    stripAttributes(plain);
    const { items } = w.plenty.stores;
    const main = items.copyVariation(items.variation(variationOf(bundle).variationId)!);
    main.bundleType = 'bundle';
    items.saveVariation(main);
  }, 180_000);
  afterAll(() => w?.close());

  it('an item of several variations without attribute values becomes a simple product per variation, named by its variation', async () => {
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', failed: 0 });
    expect(product(`item-${plain.itemId}`)).toBeUndefined();
    const urlKeys = new Set<string>();
    for (const [k, sku] of skusOf(plain).entries()) {
      const p = product(sku)!;
      expect(p).toMatchObject({ typeId: 'simple', visibility: 4, price: variationOf(plain, k).price });
      expect(textsIn(p, 'default').name).toBe(`${plain.texts.en.name} Pack ${k + 1}`);
      expect(textsIn(p, 'de').name).toBe(`${plain.texts.de.name} Pack ${k + 1}`);
      urlKeys.add(textsIn(p, 'default').urlKey!);
    }
    expect(urlKeys.size).toBe(plain.variationCount);
    // The item's images go to the main variation's product.
    expect(product(skusOf(plain)[0]!)!.media.length).toBeGreaterThan(0);
  }, 180_000);

  it('a PlentyONE bundle of several variations is not imported, and the run says why', async () => {
    for (const sku of skusOf(bundle)) expect(product(sku)).toBeUndefined();
    expect(product(`item-${bundle.itemId}`)).toBeUndefined();
    const runs = await w.db.query<{ id: number }>('select id from profile_runs order by id desc limit 1');
    expect((await messagesOf(runs[0]!.id, `item ${bundle.itemId}`)).join(' ')).toMatch(/is a PlentyONE bundle .* with \d+ variations .*make each bundle an item of its own/);
  });

  it('a second full run writes nothing', async () => {
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0, created: 0, updated: 0 });
    expect(await w.magentoWrites()).toEqual({});
  }, 120_000);

  it('withoutAttributes "skip" leaves such an item out and says what to do', async () => {
    stripAttributes(skipped);
    await w.setConfig({ ...itemImportConfig, configurables: { ...itemImportConfig.configurables, withoutAttributes: 'skip' } });
    await w.resetRequests();
    const result = await w.run({ mode: 'ids', ids: [String(skipped.itemId)] });
    expect(result).toMatchObject({ status: 'completed', skipped: 1, updated: 0 });
    expect((await messagesOf(result.runId, `item ${skipped.itemId}`))[0]).toMatch(/none with attribute values, and configurables\.withoutAttributes is "skip".*simpleProducts/);
    expect(await w.magentoWrites()).toEqual({});
    await w.setConfig(itemImportConfig);
  }, 60_000);

  it('a configurable whose variations all lost their attribute values becomes simple products, and the configurable is disabled', async () => {
    // (The previous test stripped them while withoutAttributes was "skip".)
    const result = await w.run({ mode: 'ids', ids: [String(skipped.itemId)] });
    expect(result).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(product(`item-${skipped.itemId}`)!.status).toBe(2);
    for (const [k, sku] of skusOf(skipped).entries()) {
      expect(product(sku)).toMatchObject({ typeId: 'simple', visibility: 4 });
      expect(textsIn(product(sku)!, 'default').name).toBe(`${skipped.texts.en.name} Pack ${k + 1}`);
    }
    expect((await messagesOf(result.runId, `item ${skipped.itemId}`)).join(' ')).toContain(`configurable item-${skipped.itemId} disabled`);
    await w.resetRequests();
    expect(await w.run({ mode: 'ids', ids: [String(skipped.itemId)] })).toMatchObject({ updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});
  }, 60_000);

  it('a child whose attribute values are gone is unlinked from its configurable and disabled; a repeated run writes nothing', async () => {
    const { items } = w.plenty.stores;
    const sku = variationOf(leaving, 1).sku;
    const v = items.copyVariation(items.variation(variationOf(leaving, 1).variationId)!);
    v.attributeValues = [];
    items.saveVariation(v);
    const result = await w.run({ mode: 'ids', ids: [String(leaving.itemId)] }, 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    const parent = product(`item-${leaving.itemId}`)!;
    expect(parent.configurable!.childSkus).not.toContain(sku);
    expect([...parent.configurable!.childSkus].sort()).toEqual(skusOf(leaving).filter((s) => s !== sku).sort());
    expect(product(sku)!.status).toBe(2);
    expect(await w.links.get('variation', sku)).toBeDefined();
    expect((await messagesOf(result.runId, `item ${leaving.itemId}`)).join(' ')).toContain(`${sku} unlinked and disabled`);

    await w.resetRequests();
    expect(await w.run({ mode: 'ids', ids: [String(leaving.itemId)] })).toMatchObject({ updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});
  }, 60_000);

  it('a deleted variation (its callback names the variation) is deleted in Magento with deletions.mode "delete", its link removed, the configurable keeps the others', async () => {
    await w.setConfig({ ...itemImportConfig, deletions: { mode: 'delete' } });
    const gone = variationOf(deleting, 2);
    w.plenty.stores.items.deleteVariation(gone.variationId);
    await w.resetRequests();
    const result = await w.run({ mode: 'ids', ids: [String(gone.variationId)] }, 'event');
    expect(result).toMatchObject({ status: 'completed', failed: 0 });
    expect(product(gone.sku)).toBeUndefined();
    expect(await w.links.get('variation', gone.sku)).toBeUndefined();
    expect([...product(`item-${deleting.itemId}`)!.configurable!.childSkus.filter((s) => product(s))].sort())
      .toEqual(skusOf(deleting).filter((s) => s !== gone.sku).sort());
    expect((await w.magentoWrites())['DELETE /rest/:storeCode/V1/products/:sku']).toBe(1);
    await w.setConfig(itemImportConfig);
  }, 60_000);
});
