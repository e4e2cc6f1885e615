/** properties.attributeSetPropertyId: the product's Magento attribute set name as a PlentyONE property value. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { startItemExportSuite, type ItemExportSuite, type Json } from './support/item-export-suite.js';

const VARIATIONS = 8;
// Sandbox properties: 1 Material (shortText), 2 Care instructions (selection).
const SELECTION = 2;
const TEXT = 1;

describe(`item export: attribute set → property (${engine})`, () => {
  let s: ItemExportSuite;
  let skus: string[];

  const setOf = (sku: string, attributeSetId: number) =>
    magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(sku)}`, { product: { sku, attribute_set_id: attributeSetId } });
  const relation = async (sku: string, propertyId: number) => {
    const variationId = (await s.variationOf(sku))!.id as number;
    const page = await (await s.client()).request('GET', '/rest/v2/properties/relations', { query: { targetId: variationId, propertyId, type: 'item', with: 'values,selectionValues' } }) as { entries: Json[] };
    return page.entries[0];
  };
  const selectionName = async (sku: string) => {
    const id = (await relation(sku, SELECTION))!.selectionValues[0].selectionId as number;
    return s.plentySandbox.stores.propertyRelations.selections.get(id)!.names.map((n) => [n.lang, n.name]).sort();
  };
  const setValues = (name: string) => s.plentySandbox.stores.propertyRelations.selectionsOf(SELECTION).filter((x) => x.names.some((n) => n.name === name));

  beforeAll(async () => {
    s = await startItemExportSuite({ variations: VARIATIONS, config: { properties: { attributeSetPropertyId: SELECTION } } });
    skus = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => !v.parentSku).map((v) => v.sku);
    await setOf(skus[0]!, 4);
    await setOf(skus[1]!, 10);
    await setOf(skus[2]!, 4);
    const run = await s.run({ mode: 'ids', ids: skus.slice(0, 3) });
    expect(run, (await s.messages(run.runId)).join('\n')).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('writes the selection value named like the attribute set, created once per set and linked', async () => {
    expect(await selectionName(skus[0]!)).toEqual([['de', 'Default'], ['en', 'Default']]);
    expect(await selectionName(skus[1]!)).toEqual([['de', 'Bottom'], ['en', 'Bottom']]);
    expect(await selectionName(skus[2]!)).toEqual([['de', 'Default'], ['en', 'Default']]);
    expect(setValues('Default')).toHaveLength(1);
    expect(await s.links.get('property_selection', `${SELECTION}:default`)).toMatchObject({ plentyId: String(setValues('Default')[0]!.id) });
  });

  it('an unchanged set writes nothing; a product moved to another set gets that set\'s value', async () => {
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: skus.slice(0, 3) });
    expect(await s.writes()).toEqual({});
    await setOf(skus[0]!, 9);
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [skus[0]!] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await s.writes()).toEqual({ 'POST /rest/v2/properties/selections': 1, 'DELETE /rest/v2/properties/relations/:relationId': 1, 'POST /rest/v2/properties/relations': 1 });
    expect(await selectionName(skus[0]!)).toEqual([['de', 'Top'], ['en', 'Top']]);
  });

  it('a text property receives the set name in every language', async () => {
    await s.setConfig({ properties: { attributeSetPropertyId: TEXT } });
    expect(await s.run({ mode: 'ids', ids: [skus[1]!] })).toMatchObject({ status: 'completed', failed: 0 });
    expect((await relation(skus[1]!, TEXT))!.relationValues.map((v: Json) => [v.lang, v.value]).sort()).toEqual([['de', 'Bottom'], ['en', 'Bottom']]);
  });

  it('a set without a selection value fails the product when properties.autoCreateOptions is off', async () => {
    await s.setConfig({ properties: { attributeSetPropertyId: SELECTION, autoCreateOptions: false } });
    // PlentyONE no longer has the "Top" value and its link is gone: nothing to find it by.
    s.plentySandbox.stores.propertyRelations.selections.delete(setValues('Top')[0]!.id);
    await s.links.remove('property_selection', `${SELECTION}:top`);
    await setOf(skus[2]!, 9);
    const run = await s.run({ mode: 'ids', ids: [skus[2]!] });
    expect(run).toMatchObject({ failed: 1 });
    expect((await s.messages(run.runId)).join('\n')).toMatch(/no selection value "Top".*properties\.autoCreateOptions/);
  });
});
