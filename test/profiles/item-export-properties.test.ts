/**
 * Magento attributes → PlentyONE property relations on the variation (properties.map), written only when
 * they change; a select attribute's option is a selection value linked by the option, renamed with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { startItemExportSuite, type ItemExportSuite } from './support/item-export-suite.js';

const VARIATIONS = 6;
// Sandbox properties: 1 Material (shortText), 2 Care instructions (selection), 3 Filling quantity (float).
const properties = { map: { name: 1, color: 2, weight: 3 } };

describe(`item export: properties (${engine})`, () => {
  let s: ItemExportSuite;
  let sku: string;

  const put = (store: string, product: Record<string, unknown>) =>
    magentoCall(s.magento.url, 'PUT', `/rest/${store}/V1/products/${encodeURIComponent(sku)}`, { product: { sku, ...product } });
  const relations = async () => {
    const variationId = (await s.variationOf(sku))!.id as number;
    const page = await (await s.client()).request('GET', '/rest/v2/properties/relations', { query: { targetId: variationId, type: 'item', with: 'values,selectionValues' } }) as { entries: Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    return new Map(page.entries.map((r) => [r.propertyId as number, r]));
  };

  beforeAll(async () => {
    s = await startItemExportSuite({ variations: VARIATIONS, config: { properties } });
    sku = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).find((v) => !v.parentSku)!.sku;
    await put('all', { weight: 0.25, custom_attributes: [{ attribute_code: 'color', value: '101' }] });
    const first = await s.run({ mode: 'ids', ids: [sku] });
    expect(first, (await s.messages(first.runId)).join('\n')).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('writes text per language, the number, and the option as a selection value created once', async () => {
    const held = await relations();
    const nameIn = async (store: string) => (await magentoCall(s.magento.url, 'GET', `/rest/${store}/V1/products/${encodeURIComponent(sku)}`)).name;
    const [en, de] = [await nameIn('default'), await nameIn('de')];
    expect(en).not.toBe(de);
    expect(held.get(1)!.relationValues.map((v: { lang: string; value: string }) => [v.lang, v.value]).sort()).toEqual([['de', de], ['en', en]]);
    expect(Number(held.get(3)!.value)).toBe(0.25);
    const selections = s.plentySandbox.stores.propertyRelations.selectionsOf(2);
    const black = selections.find((x) => x.names.some((n) => n.name === 'Black'));
    expect(black).toBeDefined();
    expect(held.get(2)!.selectionValues.map((x: { selectionId: number }) => x.selectionId)).toEqual([black!.id]);
    // Linked by the option, as the item import links the selections it maps.
    expect(await s.links.get('property_selection', 'color:101')).toMatchObject({ plentyId: String(black!.id) });
  });

  it('an unchanged value writes nothing; a changed one replaces only its relation', async () => {
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [sku] });
    expect(await s.writes()).toEqual({});
    await put('all', { weight: 0.5 });
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    // The weight is a base field too (fields: weight → weightG): the variation's update and the one relation.
    expect(await s.writes()).toEqual({ 'PUT /rest/items/:itemId/variations/:variationId': 1, 'DELETE /rest/v2/properties/relations/:relationId': 1, 'POST /rest/v2/properties/relations': 1 });
    expect(Number((await relations()).get(3)!.value)).toBe(0.5);
    // The selection value was linked: no second one is created.
    expect(s.plentySandbox.stores.propertyRelations.selectionsOf(2).filter((x) => x.names.some((n) => n.name === 'Black'))).toHaveLength(1);
  });

  it('an option renamed in Magento renames its selection value in PlentyONE, once, instead of making another', async () => {
    const option = s.magentoSandbox.store.attributes.find((a) => a.code === 'color')!.options.find((o) => o.value === 101)!;
    const before = s.plentySandbox.stores.propertyRelations.selectionsOf(2).length;
    option.label = 'Jet Black';
    option.storeLabels = {};
    await put('all', { weight: 0.3 });
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [sku] })).toMatchObject({ status: 'completed', failed: 0 });
    const selections = s.plentySandbox.stores.propertyRelations.selectionsOf(2);
    expect(selections).toHaveLength(before);
    const linked = Number((await s.links.get('property_selection', 'color:101'))!.plentyId);
    const renamed = selections.find((x) => x.id === linked)!;
    expect(Object.fromEntries(renamed.names.map((n) => [n.lang, n.name]))).toEqual({ en: 'Jet Black', de: 'Jet Black' });
    expect((await s.writes())['PUT /rest/v2/properties/selections/names/:nameId']).toBe(2);
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [sku] });
    expect(await s.writes()).toEqual({});
  });

  it('a selection linked by its label (as earlier versions linked them) is linked by its option from then on', async () => {
    const link = (await s.links.get('property_selection', 'color:101'))!;
    await s.links.remove('property_selection', 'color:101');
    await s.links.upsert({ entityType: 'property_selection', magentoKey: '2:jet black', plentyId: link.plentyId });
    await put('all', { weight: 0.35 });
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [sku] })).toMatchObject({ status: 'completed', failed: 0 });
    expect((await s.writes())['POST /rest/v2/properties/selections']).toBeUndefined();
    expect(await s.links.get('property_selection', 'color:101')).toMatchObject({ plentyId: link.plentyId });
  });

  it('an emptied value is deleted only when deletions.properties is on', async () => {
    await put('all', { custom_attributes: [{ attribute_code: 'color', value: '' }] });
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [sku] });
    expect(await s.writes()).toEqual({});
    expect((await relations()).has(2)).toBe(true);
    await put('all', { custom_attributes: [{ attribute_code: 'color', value: '102' }] });
    await s.run({ mode: 'ids', ids: [sku] });
    await put('all', { custom_attributes: [{ attribute_code: 'color', value: '' }] });
    await s.setConfig({ deletions: { properties: true } });
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [sku] });
    expect(await s.writes()).toEqual({ 'DELETE /rest/v2/properties/relations/:relationId': 1 });
    expect((await relations()).has(2)).toBe(false);
  });

  it('relations written by a run whose links were lost are adopted, not created twice', async () => {
    await s.links.remove('variation', sku);
    await s.links.remove('item', sku);
    await s.run({ mode: 'ids', ids: [sku] });
    const variationId = (await s.variationOf(sku))!.id as number;
    const all = s.plentySandbox.stores.propertyRelations.list({ targetId: variationId });
    expect(all.map((r) => r.propertyId).sort()).toEqual([1, 3]);
  });

  it('an option with no selection value fails the product when properties.autoCreateOptions is off', async () => {
    await s.setConfig({ properties: { ...properties, autoCreateOptions: false } });
    await put('all', { custom_attributes: [{ attribute_code: 'color', value: '103' }] });
    const run = await s.run({ mode: 'ids', ids: [sku] });
    expect(run).toMatchObject({ failed: 1 });
    expect((await s.messages(run.runId)).join('\n')).toMatch(/no selection value "Red".*properties\.autoCreateOptions/);
  });
});
