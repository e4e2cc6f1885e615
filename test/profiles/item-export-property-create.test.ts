/**
 * properties.autoCreate: a user-defined Magento attribute no setting exports gets a PlentyONE property of
 * its own (cast from its input, names per language), created once and linked; properties.exclude keeps
 * attributes out; created selection values are named per language like the option in each store view;
 * a dry run only says what it would make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemExportConfigSchema } from '../../src/profiles/types/plenty_item_export/config.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { startItemExportSuite, type ItemExportSuite, type Json } from './support/item-export-suite.js';

const VARIATIONS = 8;
const DE_STORE_ID = 2;

describe(`item export: properties made for attributes (${engine})`, () => {
  let s: ItemExportSuite;
  let skus: string[];
  let fitSlim: string;

  const put = (store: string, sku: string, custom: Record<string, unknown>) =>
    magentoCall(s.magento.url, 'PUT', `/rest/${store}/V1/products/${encodeURIComponent(sku)}`, { product: { sku, custom_attributes: Object.entries(custom).map(([attribute_code, value]) => ({ attribute_code, value })) } });
  const attribute = (body: Record<string, unknown>) => magentoCall(s.magento.url, 'POST', '/rest/all/V1/products/attributes', { attribute: body });
  const madeProperties = () => s.plentySandbox.stores.propertyRelations.properties.filter((p) => p.id > 4);
  const relationsOf = async (sku: string) => {
    const variationId = (await s.variationOf(sku))!.id as number;
    const page = await (await s.client()).request('GET', '/rest/v2/properties/relations', { query: { targetId: variationId, type: 'item', with: 'values,selectionValues' } }) as { entries: Json[] };
    return new Map(page.entries.map((r) => [r.propertyId as number, r]));
  };
  const propertyOf = async (code: string) => Number((await s.links.get('property', code))!.plentyId);
  const selectionNames = (id: number) => Object.fromEntries(s.plentySandbox.stores.propertyRelations.selections.get(id)!.names.map((n) => [n.lang, n.name]));

  beforeAll(async () => {
    s = await startItemExportSuite({ variations: VARIATIONS, config: { properties: { autoCreate: true, exclude: ['batch'] } } });
    skus = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => !v.parentSku).map((v) => v.sku);
    await attribute({ attribute_code: 'material', frontend_input: 'text', default_frontend_label: 'Material', scope: 'store', frontend_labels: [{ store_id: DE_STORE_ID, label: 'Stoff' }] });
    const fit = await attribute({ attribute_code: 'fit', frontend_input: 'select', default_frontend_label: 'Fit', frontend_labels: [{ store_id: DE_STORE_ID, label: 'Passform' }],
      options: [{ label: 'Slim', store_labels: [{ store_id: DE_STORE_ID, label: 'Schmal' }] }, { label: 'Regular' }] });
    fitSlim = (fit.options as { label: string; value: string }[]).find((o) => o.label === 'Slim')!.value;
    await attribute({ attribute_code: 'organic', frontend_input: 'boolean', default_frontend_label: 'Organic' });
    await attribute({ attribute_code: 'batch', frontend_input: 'text', default_frontend_label: 'Batch' });
    await attribute({ attribute_code: 'released', frontend_input: 'date', default_frontend_label: 'Released' });
    await put('all', skus[0]!, { material: 'Cotton', fit: fitSlim, organic: '1', batch: 'B7', released: '2026-01-01 00:00:00' });
    await put('de', skus[0]!, { material: 'Baumwolle' });
    const run = await s.run({ mode: 'ids', ids: [skus[0]!] });
    expect(run, (await s.messages(run.runId)).join('\n')).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('makes a property per user-defined attribute with the cast of its input and names per language, and writes the values', async () => {
    // Not for the excluded attribute, a date, the EAN (a barcode), or Magento's own attributes.
    const names = (p: { names: { lang: string; name: string }[] }) => p.names.map((n) => `${n.lang}=${n.name}`).sort().join(' ');
    expect(madeProperties().map((p) => `${p.cast}: ${names(p)}`).sort()).toEqual([
      'selection: de=Organic en=Organic',
      'selection: de=Passform en=Fit',
      'string: de=Stoff en=Material',
    ]);
    expect(await s.links.get('property', 'batch')).toBeUndefined();
    const held = await relationsOf(skus[0]!);
    expect(held.get(await propertyOf('material'))!.relationValues.map((v: Json) => [v.lang, v.value]).sort()).toEqual([['de', 'Baumwolle'], ['en', 'Cotton']]);
    const [fit] = held.get(await propertyOf('fit'))!.selectionValues.map((x: Json) => x.selectionId as number);
    // The created selection value is named like the option in each store view.
    expect(selectionNames(fit!)).toEqual({ en: 'Slim', de: 'Schmal' });
    const [organic] = held.get(await propertyOf('organic'))!.selectionValues.map((x: Json) => x.selectionId as number);
    expect(selectionNames(organic!)).toEqual({ en: 'Yes', de: 'Yes' });
    expect([...held.keys()].sort()).toEqual([await propertyOf('fit'), await propertyOf('material'), await propertyOf('organic')].sort());
  });

  it('a second run writes nothing; another product reuses the properties and selection values', async () => {
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [skus[0]!] });
    expect(await s.writes()).toEqual({});
    await put('all', skus[1]!, { material: 'Linen', fit: fitSlim });
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [skus[1]!] })).toMatchObject({ status: 'completed', failed: 0 });
    const writes = await s.writes();
    expect(writes['POST /rest/v2/properties']).toBeUndefined();
    expect(writes['POST /rest/v2/properties/selections']).toBeUndefined();
    expect(writes['POST /rest/v2/properties/relations']).toBe(2);
    expect(madeProperties()).toHaveLength(3);
  });

  it('a property whose link was lost is found again by name, not made twice', async () => {
    await s.links.remove('property', 'material');
    await put('all', skus[2]!, { material: 'Wool' });
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [skus[2]!] })).toMatchObject({ status: 'completed', failed: 0 });
    expect((await s.writes())['POST /rest/v2/properties']).toBeUndefined();
    expect(madeProperties()).toHaveLength(3);
    expect((await relationsOf(skus[2]!)).get(await propertyOf('material'))!.relationValues.map((v: Json) => v.value)).toContain('Wool');
  });

  it('a dry run makes no property and no selection value: it says which it would make, and writes nothing', async () => {
    const season = await attribute({ attribute_code: 'season', frontend_input: 'select', default_frontend_label: 'Season', options: [{ label: 'Winter' }] });
    const winter = (season.options as { label: string; value: string }[]).find((o) => o.label === 'Winter')!.value;
    await put('all', skus[1]!, { season: winter });
    await s.resetRequests();
    const report = await dryRunService(s.db.db, await builtinRegistry(), { connectors: s.connectors }).dryRun(s.profileId, { mode: 'ids', ids: [skus[1]!] }, 10);
    expect(report.records[0]!.reason).toBe('Would first write to PlentyONE: create property "Season" (selection) for attribute "season"; create selection "Winter" of property to be created (en "Winter", de "Winter").');
    expect(await s.writes()).toEqual({});
    expect(await s.links.get('property', 'season')).toBeUndefined();
    expect(madeProperties()).toHaveLength(3);
  });

  it('an excluded attribute, or any attribute while autoCreate is off, gets no property', async () => {
    await attribute({ attribute_code: 'origin', frontend_input: 'text', default_frontend_label: 'Origin' });
    await put('all', skus[3]!, { origin: 'Portugal', batch: 'B9' });
    await s.setConfig({ properties: { autoCreate: false } });
    await s.run({ mode: 'ids', ids: [skus[3]!] });
    expect(await s.links.get('property', 'origin')).toBeUndefined();
    await s.setConfig({ properties: { autoCreate: true, exclude: ['batch', 'origin'] } });
    await s.run({ mode: 'ids', ids: [skus[3]!] });
    expect(await s.links.get('property', 'origin')).toBeUndefined();
    expect(madeProperties()).toHaveLength(3);
    await s.setConfig({ properties: { autoCreate: true, exclude: ['batch'] } });
    await s.run({ mode: 'ids', ids: [skus[3]!] });
    expect(madeProperties().map((p) => p.names.find((n) => n.lang === 'en')!.name)).toContain('Origin');
  });

  it('an attribute renamed in Magento renames its property in PlentyONE, once; a dry run before only says so', async () => {
    const material = s.magentoSandbox.store.attributes.find((a) => a.code === 'material')!;
    material.label = 'Fabric';
    material.storeLabels = { ...material.storeLabels, de: 'Gewebe' };
    const propertyId = await propertyOf('material');
    const property = s.plentySandbox.stores.propertyRelations.properties.find((p) => p.id === propertyId)!;
    await s.resetRequests();
    const report = await dryRunService(s.db.db, await builtinRegistry(), { connectors: s.connectors }).dryRun(s.profileId, { mode: 'ids', ids: [skus[0]!] }, 10);
    expect(report.records[0]!.reason).toBe(`Would first write to PlentyONE: rename property ${propertyId} of attribute "material": en "Material" → "Fabric", de "Stoff" → "Gewebe".`);
    expect(await s.writes()).toEqual({});

    expect(await s.run({ mode: 'ids', ids: [skus[0]!] })).toMatchObject({ status: 'completed', failed: 0 });
    expect(Object.fromEntries(property.names.map((n) => [n.lang, n.name]))).toEqual({ en: 'Fabric', de: 'Gewebe' });
    expect((await s.writes())['PUT /rest/v2/properties/names/:nameId']).toBe(2);
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [skus[0]!] });
    expect(await s.writes()).toEqual({});
  });

  it('refuses an attribute both mapped and excluded', () => {
    const parsed = itemExportConfigSchema.safeParse({ connection: { magento: 'm', plenty: 'p' }, properties: { map: { material: 1 }, exclude: ['material'] } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['properties.exclude.0: "material" is mapped in properties.map; remove it from one of the two']);
  });
});
