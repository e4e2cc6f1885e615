/**
 * The item import's `properties` setting against both sandboxes: PlentyONE item properties (v2
 * relations) reach the mapped Magento attributes — texts per store view language, numbers as they are,
 * selections as options of the attribute (found or created once, linked) — read with one relations
 * search per page of variations; a second run writes nothing and a changed value one save. Also the
 * PIM search's `ids` filter, which PlentyONE applies alone: runs for named ids still keep to the search
 * criteria.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

// The sandbox's item properties: 1 Material (shortText), 2 Care instructions (selection with
// "Hand wash" and "Machine wash"), 3 Filling quantity (float).
const MATERIAL = 1;
const CARE = 2;
const FILLING = 3;
const properties = { map: [{ propertyId: MATERIAL, attribute: 'material' }, { propertyId: CARE, attribute: 'care' }, { propertyId: FILLING, attribute: 'filling' }] };
const config = { ...itemImportConfig, images: { enabled: false }, properties };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe(`item import properties on ${engine}`, () => {
  let w: ItemImportWorld;
  let a: Item;
  let b: Item;
  let configurable: Item;
  const variationId = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k).variationId;
  const skuOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k).sku;
  const relations = () => w.plenty.stores.propertyRelations;
  const selection = (name: string) => relations().selectionsOf(CARE).find((s) => s.names.some((n) => n.name === name))!.id;
  const relate = (target: number, propertyId: number, value: { value?: string; values?: Record<string, string>; selections?: number[] }) => relations().create({
    propertyId, type: 'item', targetId: target, value: value.value ?? null,
    values: Object.entries(value.values ?? {}).map(([lang, v]) => ({ lang, value: v })), selectionIds: value.selections ?? [],
  });
  const product = async (sku: string, store = 'default'): Promise<Record<string, unknown>> => {
    const res = await fetch(`${w.magentoUrl}/rest/${store}/V1/products/${encodeURIComponent(sku)}`, { headers: { Authorization: 'Bearer sandbox' } });
    expect(res.status).toBe(200);
    const body = await res.json() as Json;
    return Object.fromEntries((body.custom_attributes as Json[]).map((c) => [c.attribute_code, c.value]));
  };
  const careOptions = () => w.magento.store.attributes.find((x) => x.code === 'care')!.options;
  const plentyCalls = async () => ((await (await fetch(`${w.plentyUrl}/_sandbox/requests`, { method: 'GET' })).json()) as { byRoute?: Record<string, number> }).byRoute ?? {};

  beforeAll(async () => {
    w = await itemImportWorld({
      variations: 40, config,
      magentoFeed: (feed) => ({
        ...feed,
        attributes: [
          ...feed.attributes,
          { attributeId: 901, code: 'material', label: 'Material', frontendInput: 'text', scope: 'store', options: [] },
          { attributeId: 902, code: 'care', label: 'Care', frontendInput: 'select', options: [] },
          { attributeId: 903, code: 'filling', label: 'Filling', frontendInput: 'text', options: [] },
        ],
      }),
    });
    const items = [...w.catalog.items()];
    const simples = items.filter((i) => i.type === 'simple' && i.variationCount === 1 && w.catalog.variation(i.firstVariationIndex).active);
    a = simples[0]!;
    b = simples[1]!;
    configurable = items.find((i) => i.type === 'configurable')!;
    relate(variationId(a), MATERIAL, { values: { en: 'Cotton', de: 'Baumwolle' } });
    relate(variationId(a), CARE, { selections: [selection('Hand wash')] });
    relate(variationId(a), FILLING, { value: '0.5' });
    relate(variationId(b), CARE, { selections: [selection('Hand wash')] });
    relate(variationId(configurable), MATERIAL, { values: { en: 'Wool' } });
    relate(variationId(configurable, 1), CARE, { selections: [selection('Machine wash')] });
  }, 180_000);
  afterAll(() => w?.close());

  it('texts per store view, numbers, and selections as options created once, with one relations read per page', async () => {
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    const global = await product(skuOf(a));
    expect(global.material).toBe('Cotton');
    expect(global.filling).toBe('0.5');
    expect((await product(skuOf(a), 'de')).material).toBe('Baumwolle');
    // One option per selection, labelled in the first store view's language and named per store view.
    expect(careOptions().map((o) => o.label).sort()).toEqual(['Hand wash', 'Machine wash']);
    const hand = careOptions().find((o) => o.label === 'Hand wash')!;
    expect(hand.storeLabels?.de).toBe('Handwäsche');
    expect(Number(global.care)).toBe(hand.value);
    expect(Number((await product(skuOf(b))).care)).toBe(hand.value);
    // The configurable takes its main variation's properties, a child its own; unset values are empty.
    expect((await product(`item-${configurable.itemId}`)).material).toBe('Wool');
    const child = await product(skuOf(configurable, 1));
    expect(Number(child.care)).toBe(careOptions().find((o) => o.label === 'Machine wash')!.value);
    expect(child.material ?? '').toBe('');
    expect((await w.links.list('property_selection')).map((l) => l.plentyId).sort()).toEqual([String(selection('Hand wash')), String(selection('Machine wash'))].sort());
    const calls = await plentyCalls();
    expect(calls['GET /rest/v2/properties/relations']).toBe(calls['GET /rest/pim/variations']);
    expect(calls['GET /rest/v2/properties']).toBe(1);
  }, 120_000);

  it('a second run writes nothing; a changed property value writes one save', async () => {
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});
    const row = relations().list({}).find((r) => r.targetId === variationId(a) && r.propertyId === FILLING)!;
    row.value = '0.75';
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await w.magentoWrites()).toEqual({ 'POST /rest/:storeCode/V1/products': 1 });
    expect((await product(skuOf(a))).filling).toBe('0.75');
    expect(careOptions()).toHaveLength(2);
  }, 120_000);

  it('a selection without an option fails its item while properties.createOptions is off', async () => {
    const made = relations().addSelection(CARE, [{ lang: 'en', name: 'Dry clean' }, { lang: 'de', name: 'Chemisch reinigen' }]);
    const row = relations().list({}).find((r) => r.targetId === variationId(b) && r.propertyId === CARE)!;
    row.selectionIds = [made.id];
    await w.setConfig({ ...config, properties: { ...properties, createOptions: false } });
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'partial', failed: 1 });
    const [failure] = await w.db.query<{ record_key: string; message: string }>("select record_key, message from profile_run_messages where run_id = $1 and level <> 'info' order by id", [result.runId]);
    expect(failure).toMatchObject({ record_key: `item ${b.itemId}` });
    expect(failure!.message).toContain('of PlentyONE property Care instructions has no option in Magento attribute "care", and properties.createOptions is off');
    expect(careOptions()).toHaveLength(2);
    await w.setConfig(config);
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    expect(careOptions().map((o) => o.label)).toContain('Dry clean');
  }, 120_000);

  it('the PIM search applies ids alone; a run for named ids still keeps to the search criteria', async () => {
    // PlentyONE: "If you use this filter no other filter will be considered".
    const client = await w.connectors.plenty('plenty');
    const answer = await client.request('GET', '/rest/pim/variations', { query: { ids: String(variationId(a)), isActive: 'false', anyClientId: '999999' } }) as { entries: Json[] };
    expect(answer.entries.map((v) => v.id)).toEqual([variationId(a)]);
    // b is in client 2000 only now; a is not: a callback naming both imports b alone.
    const { items } = w.plenty.stores;
    const v = items.copyVariation(items.variation(variationId(b))!);
    v.clients = [2000];
    items.saveVariation(v);
    await w.setConfig({ ...config, search: { clientIds: [2000] } });
    const before = (await product(skuOf(a))).filling;
    relations().list({}).find((r) => r.targetId === variationId(a) && r.propertyId === FILLING)!.value = '0.9';
    relations().list({}).find((r) => r.targetId === variationId(b) && r.propertyId === CARE)!.selectionIds = [selection('Machine wash')];
    await w.resetRequests();
    const result = await w.run({ mode: 'ids', ids: [String(variationId(a)), String(variationId(b))] }, 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect((await product(skuOf(a))).filling).toBe(before);
    expect(Number((await product(skuOf(b))).care)).toBe(careOptions().find((o) => o.label === 'Machine wash')!.value);
  }, 120_000);

  it('a delta run finds a variation whose property alone changed (propertyUpdatedAt)', async () => {
    await w.setConfig(config);
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    const old = relations().list({}).find((r) => r.targetId === variationId(a) && r.propertyId === FILLING)!;
    relations().delete(old.id);
    relate(variationId(a), FILLING, { value: '1.25' });
    await w.resetRequests();
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await w.magentoWrites()).toEqual({ 'POST /rest/:storeCode/V1/products': 1 });
    expect((await product(skuOf(a))).filling).toBe('1.25');
  }, 120_000);
});
