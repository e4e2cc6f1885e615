/** Magento sandbox: attributes of every input (created through REST), their options, store-view values, attribute sets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria, startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
beforeAll(async () => {
  m = await startMagento();
});
afterAll(async () => {
  await m?.close();
});

const create = (attribute: Record<string, unknown>) => m.call('/rest/all/V1/products/attributes', { body: { attribute } });
const customOf = (product: { custom_attributes: { attribute_code: string; value: unknown }[] }, code: string) =>
  product.custom_attributes.find((a) => a.attribute_code === code)?.value;

describe('attributes', () => {
  it('creates a text attribute that answers an empty option list, and a boolean that lists Yes and No', async () => {
    const made = await create({ attribute_code: 'material', frontend_input: 'text', default_frontend_label: 'Material', scope: 'store', frontend_labels: [{ store_id: 2, label: 'Stoff' }] });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ attribute_code: 'material', frontend_input: 'text', scope: 'store', is_user_defined: true, default_frontend_label: 'Material', frontend_labels: [{ store_id: 2, label: 'Stoff' }] });
    expect((await m.call('/rest/V1/products/attributes/material/options')).body).toEqual([]);
    await create({ attribute_code: 'organic', frontend_input: 'boolean', default_frontend_label: 'Organic' });
    expect((await m.call('/rest/V1/products/attributes/organic/options')).body).toEqual([{ label: 'Yes', value: '1' }, { label: 'No', value: '0' }]);
    // A code in use is refused; an unknown one is still 404.
    expect((await create({ attribute_code: 'material', frontend_input: 'text', default_frontend_label: 'Again' })).status).toBe(400);
    expect((await m.call('/rest/V1/products/attributes/nope/options')).status).toBe(404);
  });

  it('a select attribute created with options lists them with the labels of the store view asked through', async () => {
    await create({ attribute_code: 'fit', frontend_input: 'select', default_frontend_label: 'Fit', options: [{ label: 'Slim', store_labels: [{ store_id: 2, label: 'Schmal' }] }] });
    const admin = (await m.call('/rest/all/V1/products/attributes/fit/options')).body;
    const de = (await m.call('/rest/de/V1/products/attributes/fit/options')).body;
    expect(admin.map((o: { label: string }) => o.label)).toEqual([' ', 'Slim']);
    expect(de.map((o: { label: string }) => o.label)).toEqual([' ', 'Schmal']);
  });

  it('system attributes are known, not user-defined, and answer no options', async () => {
    const res = await m.call('/rest/V1/products/attributes/meta_title');
    expect(res.body).toMatchObject({ attribute_code: 'meta_title', frontend_input: 'text', scope: 'store', is_user_defined: false });
    expect((await m.call('/rest/V1/products/attributes/url_key/options')).body).toEqual([]);
  });

  it('keeps a store-view value of a store-scoped custom attribute, and writes a global one for every view', async () => {
    await create({ attribute_code: 'care', frontend_input: 'text', default_frontend_label: 'Care', scope: 'store' });
    await create({ attribute_code: 'batch', frontend_input: 'text', default_frontend_label: 'Batch', scope: 'global' });
    const sku = 'PG-0000002';
    await m.call(`/rest/all/V1/products/${sku}`, { method: 'PUT', body: { product: { sku, custom_attributes: [{ attribute_code: 'care', value: 'Hand wash' }, { attribute_code: 'batch', value: 'B1' }] } } });
    await m.call(`/rest/de/V1/products/${sku}`, { method: 'PUT', body: { product: { sku, custom_attributes: [{ attribute_code: 'care', value: 'Handwäsche' }, { attribute_code: 'batch', value: 'B2' }] } } });
    const de = (await m.call(`/rest/de/V1/products/${sku}`)).body;
    const en = (await m.call(`/rest/default/V1/products/${sku}`)).body;
    expect([customOf(de, 'care'), customOf(en, 'care')]).toEqual(['Handwäsche', 'Hand wash']);
    expect([customOf(de, 'batch'), customOf(en, 'batch')]).toEqual(['B2', 'B2']);
  });
});

describe('attribute sets', () => {
  it('lists the product attribute sets and answers one by id, 404 for an unknown id', async () => {
    const list = await m.call(`/rest/V1/products/attribute-sets/sets/list${criteria([[['attribute_set_name', 'Default', 'eq']]])}`);
    expect(list.body).toMatchObject({ items: [{ attribute_set_id: 4, attribute_set_name: 'Default', sort_order: 1, entity_type_id: 4 }], total_count: 1 });
    expect((await m.call('/rest/V1/products/attribute-sets/10')).body).toEqual({ attribute_set_id: 10, attribute_set_name: 'Bottom', sort_order: 0, entity_type_id: 4 });
    const missing = await m.call('/rest/V1/products/attribute-sets/999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'id', fieldValue: 999 } });
  });
});
