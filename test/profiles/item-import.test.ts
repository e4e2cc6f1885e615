/**
 * The item import against both sandboxes: PlentyONE's generated catalogue (simple items and items
 * with colour/size variations, German and English texts, images, categories) into a Magento store
 * without products or attribute options. What a merchant checks in the Magento admin: every product
 * once, prices, texts per store view, tax class, weight, EAN, categories, configurable options and
 * children, images with roles; a second run writes nothing; changes in PlentyONE arrive by delta and
 * by named ids; records that cannot be written fail with a reason while the rest goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsIn } from '../../src/sandbox/magento/store/index.js';
import type { Item } from '../../src/sandbox/generator/index.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe(`item import (PlentyONE → Magento) on ${engine}`, () => {
  let w: ItemImportWorld;
  let simple: Item;
  let configurable: Item;
  const product = (sku: string) => w.magento.store.products.getBySku(sku);
  const variationOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k);
  const messages = async (runId: number) => (await w.db.query<{ record_key: string | null; message: string }>(
    "select record_key, message from profile_run_messages where run_id = $1 and level <> 'info' order by id", [runId]));

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 150 });
    const items = [...w.catalog.items()];
    simple = items.find((i) => i.type === 'simple' && variationOf(i).specialPrice !== null && variationOf(i).ean !== null)!;
    configurable = items.find((i) => i.type === 'configurable' && i.configurableAttributes.length === 2)!;
  }, 180_000);
  afterAll(() => w?.close());

  it('an initial import creates every product once, with prices, texts per store view, tax class, weight, EAN and categories', async () => {
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', failed: 0, processed: w.catalog.itemCount, created: w.catalog.itemCount });
    const configurables = [...w.catalog.items()].filter((i) => i.type === 'configurable');
    expect(w.magento.store.products.count).toBe(w.catalog.variationCount + configurables.length);

    const v = variationOf(simple);
    const p = product(v.sku)!;
    expect(p).toMatchObject({ typeId: 'simple', price: v.price, specialPrice: v.specialPrice, ean: v.ean, status: v.active ? 1 : 2, visibility: 4, attributeSetId: 4, websiteIds: [1] });
    expect(p.taxClassId).toBe(v.taxPercent === 7 ? 5 : 2);
    expect(p.weight).toBeCloseTo(v.weightGrams / 1000, 3);
    expect(textsIn(p, 'default')).toMatchObject({ name: simple.texts.en.name, urlKey: simple.texts.en.urlKey, description: simple.texts.en.description });
    expect(textsIn(p, 'de')).toMatchObject({ name: simple.texts.de.name, urlKey: simple.texts.de.urlKey, description: simple.texts.de.description });
    expect(textsIn(p, 'de').custom.short_description).toBe(simple.texts.de.shortDescription);
    expect(p.categoryIds).toEqual(v.categoryIndexes.map((k) => 3 + k));
    expect(p.media).toHaveLength(1);
    expect(p.media[0]!.types).toEqual(['image', 'small_image', 'thumbnail']);
  }, 180_000);

  it('an item with attribute variations becomes a configurable with its super attributes, options created once and its children linked', async () => {
    const parent = product(`item-${configurable.itemId}`)!;
    expect(parent.typeId).toBe('configurable');
    expect(textsIn(parent, 'de').name).toBe(configurable.texts.de.name);
    expect(parent.configurable!.options.map((o) => o.attributeCode).sort()).toEqual([...configurable.configurableAttributes].sort());
    const childSkus = Array.from({ length: configurable.variationCount }, (_, k) => variationOf(configurable, k).sku);
    expect(parent.configurable!.childSkus.sort()).toEqual([...childSkus].sort());
    const child = product(childSkus[0]!)!;
    const cv = variationOf(configurable);
    expect(child).toMatchObject({ visibility: 1, price: cv.price });
    const color = cv.attributes.find((a) => a.attribute === 'color')!;
    const options = w.magento.store.attributeRepository.require('color').options;
    const option = options.find((o) => String(o.value) === String(child.customAttributes.color))!;
    expect(option.label).toBe(color.code);
    expect(option.storeLabels?.de).toBe(color.labels.de);
    expect(textsIn(child, 'de').name).toContain(color.labels.de);
    // Each PlentyONE value became one option, however many children use it.
    expect(new Set(options.map((o) => o.label)).size).toBe(options.length);
    expect(await w.links.byPlentyId('attribute_value', String(color.valueId))).toMatchObject({ magentoKey: `color:${option.value}` });
    // New configurables carry their super attributes and children in their own save.
    const writes = await w.magentoWrites();
    expect(writes['POST /rest/:storeCode/V1/configurable-products/:sku/options']).toBeUndefined();
    expect(writes['POST /rest/:storeCode/V1/configurable-products/:sku/child']).toBeUndefined();
  });

  it('a second full run writes nothing to Magento', async () => {
    await w.resetRequests();
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0, skipped: w.catalog.itemCount });
    expect(await w.magentoWrites()).toEqual({});
  }, 120_000);

  it('a price changed in PlentyONE reaches Magento with the next delta, and only that product is written', async () => {
    const { items } = w.plenty.stores;
    const v = items.copyVariation(items.variation(variationOf(simple).variationId)!);
    v.prices.find((p) => p.salesPriceId === 1)!.price = 123.45;
    items.saveRelated(v);
    await w.resetRequests();
    const result = await w.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'completed', updated: 1, created: 0, failed: 0 });
    expect(product(v.number)!.price).toBe(123.45);
    expect(await w.magentoWrites()).toEqual({ 'POST /rest/:storeCode/V1/products': 1 });
  }, 60_000);

  it('a run for named ids (a callback, profile:run --ids) takes variation ids and item ids', async () => {
    const { items } = w.plenty.stores;
    const it1 = items.copyItem(items.item(simple.itemId)!);
    it1.texts.find((t) => t.lang === 'de')!.name = 'Umbenannt';
    items.saveItem(it1);
    const child = items.copyVariation(items.variation(variationOf(configurable, 1).variationId)!);
    child.prices.find((p) => p.salesPriceId === 1)!.price = 77;
    items.saveRelated(child);
    const result = await w.run({ mode: 'ids', ids: [String(simple.itemId), String(child.id)] }, 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 2, failed: 0 });
    expect(textsIn(product(variationOf(simple).sku)!, 'de').name).toBe('Umbenannt');
    expect(textsIn(product(variationOf(simple).sku)!, 'default').name).toBe(simple.texts.en.name);
    expect(product(child.number)!.price).toBe(77);
  }, 60_000);

  it('a replaced image replaces its gallery entry, a deleted one is removed, and an unchanged one is never uploaded again', async () => {
    const { items } = w.plenty.stores;
    const it1 = items.copyItem(items.item(simple.itemId)!);
    const sku = variationOf(simple).sku;
    const before = product(sku)!.media[0]!.id;
    it1.images = [{ ...it1.images[0]!, md5Checksum: 'f'.repeat(32), updatedAtMs: items.now() }];
    items.saveItem(it1);
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    const after = product(sku)!.media;
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(before);

    const it2 = items.copyItem(items.item(simple.itemId)!);
    it2.images = [];
    items.saveItem(it2);
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', updated: 1 });
    expect(product(sku)!.media).toEqual([]);
  }, 60_000);

  it('a product already in Magento (same SKU, never linked) is matched and updated, not created again', async () => {
    const item = [...w.catalog.items()].filter((i) => i.type === 'simple').at(-1)!;
    const v = variationOf(item);
    await w.db.query("delete from entity_links where entity_type = 'variation' and plenty_id = $1", [String(v.variationId)]);
    const count = w.magento.store.products.count;
    const result = await w.run({ mode: 'ids', ids: [String(v.variationId)] });
    expect(result).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect(w.magento.store.products.count).toBe(count);
    // Its image was recognised as this import's upload: not added a second time.
    expect(product(v.sku)!.media).toHaveLength(1);
  }, 60_000);

  it('records that cannot be written fail with a readable reason while the rest of the batch goes on', async () => {
    const { items } = w.plenty.stores;
    const [a, b, c] = [...w.catalog.items()].filter((i) => i.type === 'simple').slice(5, 8) as [Item, Item, Item];
    // a: no English name (the global store view's language).
    const ia = items.copyItem(items.item(a.itemId)!);
    ia.texts.find((t) => t.lang === 'en')!.name = '';
    items.saveItem(ia);
    // b: its image cannot be downloaded.
    const ib = items.copyItem(items.item(b.itemId)!);
    ib.images = [{ ...ib.images[0]!, id: ib.images[0]!.id + 5, url: `${w.plentyUrl}/item/images/${b.itemId}/missing.jpg` }];
    items.saveItem(ib);
    // c: a plain change that must still go through.
    const ic = items.copyItem(items.item(c.itemId)!);
    ic.texts.find((t) => t.lang === 'en')!.name = 'Still imported';
    items.saveItem(ic);
    const result = await w.run({ mode: 'ids', ids: [a, b, c].map((i) => String(i.itemId)) });
    expect(result).toMatchObject({ status: 'partial', failed: 2, updated: 1 });
    const reasons = await messages(result.runId);
    expect(reasons.find((m) => m.record_key === `item ${a.itemId}`)!.message).toMatch(/has no name in language "en".*add the name in PlentyONE/);
    expect(reasons.find((m) => m.record_key === `item ${b.itemId}`)!.message).toMatch(/could not be downloaded.*404.*Nothing of this item was written/);
    expect(textsIn(product(variationOf(c).sku)!, 'default').name).toBe('Still imported');
  }, 60_000);

  it('an attribute value without a Magento option fails its item when configurables.createOptions is off', async () => {
    const item = [...w.catalog.items()].filter((i) => i.type === 'configurable').at(-1)!;
    const repo = w.magento.store.attributeRepository;
    const v = variationOf(item);
    const value = v.attributes[0]!;
    const code = value.attribute;
    const option = repo.require(code).options.find((o) => o.label === value.code)!;
    repo.deleteOption(code, option.value);
    await w.db.query("delete from entity_links where entity_type in ('attribute_value', 'item') or (entity_type = 'variation' and plenty_id = $1)", [String(v.variationId)]);
    await w.setConfig({ ...itemImportConfig, configurables: { ...itemImportConfig.configurables, createOptions: false } });
    const result = await w.run({ mode: 'ids', ids: [String(item.itemId)] });
    expect(result).toMatchObject({ failed: 1 });
    expect((await messages(result.runId))[0]!.message).toContain(`has no option in Magento attribute "${code}", and configurables.createOptions is off`);
    await w.setConfig(itemImportConfig);
    expect(await w.run({ mode: 'ids', ids: [String(item.itemId)] })).toMatchObject({ failed: 0, updated: 1 });
    expect(repo.require(code).options.filter((o) => o.label === value.code)).toHaveLength(1);
  }, 60_000);

  it('a URL key another product has is made unique with the SKU', async () => {
    const [a, b] = [...w.catalog.items()].filter((i) => i.type === 'simple').slice(10, 12) as [Item, Item];
    const { items } = w.plenty.stores;
    const ib = items.copyItem(items.item(b.itemId)!);
    ib.texts.find((t) => t.lang === 'en')!.urlPath = a.texts.en.urlKey;
    items.saveItem(ib);
    expect(await w.run({ mode: 'ids', ids: [String(b.itemId)] })).toMatchObject({ updated: 1, failed: 0 });
    expect(textsIn(product(variationOf(b).sku)!, 'default').urlKey).toBe(`${a.texts.en.urlKey}-${variationOf(b).sku.toLowerCase()}`);
  }, 60_000);

  it('a run of a profile without a store mapping stops at once and says what to configure', async () => {
    await w.setConfig({});
    const result = await w.run({ mode: 'full' }).catch((e: Error) => e);
    await w.setConfig(itemImportConfig);
    const [run] = await w.db.query<{ status: string; error: string }>('select status, error from profile_runs where profile_id = $1 order by id desc limit 1', [w.profileId]);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.error).toContain('storeMapping');
    expect(result).toBeInstanceOf(Error);
  }, 60_000);

  it('second full run after all that still writes nothing', async () => {
    await w.run({ mode: 'full' });
    await w.resetRequests();
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ created: 0, updated: 0 });
    expect(sum(await w.magentoWrites())).toBe(0);
  }, 120_000);
});
