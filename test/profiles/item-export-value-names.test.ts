/**
 * An attribute value the item export creates for a new Magento option is named per language like the
 * option in each store view, and renamed there when the option is renamed in Magento; a dry run only
 * says what it would create or rename.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { startItemExportSuite, type ItemExportSuite } from './support/item-export-suite.js';

const VARIATIONS = 24;
const DE_STORE_ID = 2;

describe(`item export: names of created attribute values (${engine})`, () => {
  let s: ItemExportSuite;

  beforeAll(async () => {
    s = await startItemExportSuite({ variations: VARIATIONS, config: { configurables: {} } });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('a dry run creates no value: it says it would, and writes nothing to PlentyONE', async () => {
    const child = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).find((v) => v.parentSku)!;
    const answer = await magentoCall(s.magento.url, 'POST', '/rest/all/V1/products/attributes/color/options', { option: { label: 'Petrol', store_labels: [{ store_id: DE_STORE_ID, label: 'Petrolblau' }] } });
    const option = String(answer).replace('id_', '');
    await magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(child.sku)}`, { product: { sku: child.sku, custom_attributes: [{ attribute_code: 'color', value: option }] } });
    await s.resetRequests();
    const report = await dryRunService(s.db.db, await builtinRegistry(), { connectors: s.connectors }).dryRun(s.profileId, { mode: 'ids', ids: [child.parentSku!] }, 10);
    expect(report.error).toBeUndefined();
    expect(report.records[0]).toMatchObject({ action: 'create', reason: 'Would first write to PlentyONE: create value "Petrol" of attribute "color" (en "Petrol", de "Petrolblau").' });
    expect(await s.writes()).toEqual({});
    expect(s.plentySandbox.stores.attributes.values.find((v) => v.backendName === 'Petrol')).toBeUndefined();
  });

  it('names the value in every mapped language, from the option\'s store-view label (else its admin label), once', async () => {
    const child = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).find((v) => v.parentSku)!;
    await s.resetRequests();
    const run = await s.run({ mode: 'ids', ids: [child.parentSku!] });
    expect(run, (await s.messages(run.runId)).join('\n')).toMatchObject({ status: 'completed', failed: 0 });
    const created = s.plentySandbox.stores.attributes.values.find((v) => v.backendName === 'Petrol')!;
    expect(created.names.map((n) => [n.lang, n.name]).sort()).toEqual([['de', 'Petrolblau'], ['en', 'Petrol']]);
    expect((await s.writes())['POST /rest/items/attribute_values/:valueId/names']).toBe(2);
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [child.parentSku!] });
    expect(await s.writes()).toEqual({});
  });

  it('PlentyONE lists the created value with its names, and a lost link finds it again instead of creating it twice', async () => {
    const created = s.plentySandbox.stores.attributes.values.find((v) => v.backendName === 'Petrol')!;
    const page = await (await s.client()).request('GET', '/rest/items/attributes/{attributeId}/values', { path: { attributeId: created.attributeId }, query: { with: 'names' } }) as { entries: Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const listed = page.entries.find((v) => v.id === created.id)!;
    expect(listed.valueNames.map((n: { lang: string; name: string }) => [n.lang, n.name]).sort()).toEqual([['de', 'Petrolblau'], ['en', 'Petrol']]);
    const [link] = (await s.links.list('attribute_value')).filter((l) => l.plentyId === String(created.id));
    await s.links.remove('attribute_value', link!.magentoKey);
    const child = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).find((v) => v.parentSku)!;
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [child.parentSku!] })).toMatchObject({ status: 'completed', failed: 0 });
    expect((await s.writes())['POST /rest/items/attributes/:attributeId/values']).toBeUndefined();
    expect(await s.links.get('attribute_value', link!.magentoKey)).toMatchObject({ plentyId: String(created.id) });
  });

  it('an option renamed in Magento renames its value in PlentyONE, once; a dry run before only says so', async () => {
    const child = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).find((v) => v.parentSku)!;
    const option = s.magentoSandbox.store.attributes.find((a) => a.code === 'color')!.options.find((o) => o.label === 'Petrol')!;
    expect(option.storeLabels).toEqual({ de: 'Petrolblau' });
    // Renamed in the Magento admin, in the admin label and the German store view's.
    option.label = 'Teal';
    option.storeLabels = { de: 'Blaugrün' };
    const created = s.plentySandbox.stores.attributes.values.find((v) => v.backendName === 'Petrol')!;
    await s.resetRequests();
    const report = await dryRunService(s.db.db, await builtinRegistry(), { connectors: s.connectors }).dryRun(s.profileId, { mode: 'ids', ids: [child.parentSku!] }, 10);
    expect(report.records[0]!.reason).toBe(`Would first write to PlentyONE: rename value ${created.id} of attribute "color": en "Petrol" → "Teal", de "Petrolblau" → "Blaugrün".`);
    expect(await s.writes()).toEqual({});

    expect(await s.run({ mode: 'ids', ids: [child.parentSku!] })).toMatchObject({ status: 'completed', failed: 0 });
    expect(created.names.map((n) => [n.lang, n.name]).sort()).toEqual([['de', 'Blaugrün'], ['en', 'Teal']]);
    expect((await s.writes())['PUT /rest/items/attribute_values/:valueId/names/:lang']).toBe(2);
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [child.parentSku!] });
    expect(await s.writes()).toEqual({});
  });

  it('an option whose value was linked before plentygate kept its names is not renamed: its labels now are where later renames start', async () => {
    // A configurable no test exported before: its options' links are as linkReferences left them.
    const children = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => v.parentSku);
    const child = children.find((v) => v.parentSku !== children[0]!.parentSku)!;
    const product = await magentoCall(s.magento.url, 'GET', `/rest/all/V1/products/${encodeURIComponent(child.sku)}`) as { custom_attributes: { attribute_code: string; value: string }[] };
    const key = `color:${product.custom_attributes.find((a) => a.attribute_code === 'color')!.value}`;
    expect((await s.links.get('attribute_value', key))!.aspectHashes?.['export.names']).toBeUndefined();
    const option = s.magentoSandbox.store.attributes.find((a) => a.code === 'color')!.options.find((o) => `color:${o.value}` === key)!;
    option.label = `${option.label} (renamed)`;
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [child.parentSku!] })).toMatchObject({ status: 'completed', failed: 0 });
    expect((await s.writes())['PUT /rest/items/attribute_values/:valueId/names/:lang']).toBeUndefined();
    expect((await s.links.get('attribute_value', key))!.aspectHashes?.['export.names']).toEqual(expect.any(String));
  });
});
