/**
 * OpenAPI fidelity: every route the PlentyONE sandbox serves exists in PlentyONE's own OpenAPI
 * description with that method, and a sample answer of each validates against the 200 response
 * schema there. The spec is PlentyONE's own, trimmed to the paths plentygate uses
 * (reference/plentyone/openapi-v3.trimmed.json; reference/README.md says how it is made).
 *
 * OpenAPI 3.0 handling: `$ref`s point into the spec's components; `nullable` becomes a null type.
 * Two leniencies, each because the real API differs from its description:
 *  - the spec marks nothing nullable, yet its own examples carry nulls (`mainVariationId: null`,
 *    `externalId: null` in `GET /rest/items/variations`), so null is accepted for any typed field;
 *  - `Collection` (Laravel's collection) is typed `object` but serialises as an array;
 *  - where a route's schema is only `Collection` but the spec shows an example answer (the bulk price
 *    routes' `{success, failed}`), the example's shape is the contract: objects with its keys, maps keyed
 *    by row index, and PHP's `[]` for an empty map;
 *  - where the spec's own example answer fails the route's schema (`GET /rest/orders/shipping/presets`:
 *    referrer lists of strings such as `"2.08"` where the schema says objects), the example is the contract;
 *  - list routes whose spec types the answer as one entry (`GET /rest/items/{id}/item_cross_selling`,
 *    "List cross-selling links"; `GET /rest/items/{id}/images/{imageId}/availabilities`, "List all
 *    availabilities of an image") answer a list of that entry;
 *  - documented quirks the sandbox imitates on purpose: the list envelope's `page` comes back as a
 *    string, order status ids in `/rest/orders/statuses` as decimal strings, and the bulk price list's
 *    `entries` (typed `object`) is an array like every other envelope.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { PlentySandboxClient } from '../../src/sandbox/plenty/client.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';

const specUrl = new URL('../../reference/plentyone/openapi-v3.trimmed.json', import.meta.url);

type Json = Record<string, any>;

/** Rewrite an OpenAPI 3.0 schema into JSON Schema ajv understands, with the leniencies above. */
function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'description' || k === 'nullable' || k === 'xml') continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace(/^#\/components\/schemas\//, 'openapi#/components/schemas/');
    else out[k] = toJsonSchema(v);
  }
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out.properties?.page && out.properties?.entries) {
    out.properties.page = { type: ['integer', 'string'], pattern: '^\\d+$' };
    if (!out.properties.entries.items) out.properties.entries = { type: ['array', 'object'] };
  }
  return out;
}

/**
 * The shape of an example answer as a JSON schema: objects with numeric keys are maps (any index, the
 * first value's shape, `[]` when empty), other objects need the example's keys, arrays their first
 * entry's shape, scalars their type (null allowed, as above).
 */
function schemaOfExample(example: unknown): Json {
  if (Array.isArray(example)) return example.length ? { type: 'array', items: schemaOfExample(example[0]) } : { type: 'array' };
  if (example && typeof example === 'object') {
    const entries = Object.entries(example);
    if (entries.length && entries.every(([k]) => /^\d+$/.test(k))) {
      return { anyOf: [{ type: 'object', propertyNames: { pattern: '^\\d+$' }, additionalProperties: schemaOfExample(entries[0]![1]) }, { type: 'array', maxItems: 0 }] };
    }
    return { type: 'object', required: entries.map(([k]) => k), properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaOfExample(v)])) };
  }
  if (example === null) return {};
  return { type: [typeof example === 'number' ? 'number' : typeof example, 'null'] };
}

/** `method path` of routes whose example answer, not their schema, is the contract (see the header). */
const EXAMPLE_IS_CONTRACT = new Set(['get /rest/orders/shipping/presets']);
/** `method path` of list routes whose spec types the answer as one entry (see the header). */
const LIST_OF_ONE = new Set(['get /rest/items/{id}/item_cross_selling', 'get /rest/items/{id}/images/{imageId}/availabilities']);

describe("PlentyONE sandbox against PlentyONE's OpenAPI description", () => {
  const spec = JSON.parse(readFileSync(specUrl, 'utf8')) as Json;
  const catalog = createCatalog({ seed: 11, variations: 300 });
  const sandbox = createPlentySandbox({ catalog });
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  let server: ServedApp;
  let api: PlentySandboxClient;

  beforeAll(async () => {
    const components = toJsonSchema(spec.components.schemas);
    // Known deviation: status ids of the status list are decimal strings.
    components.OrderStatus.properties.statusId = { type: ['number', 'string'] };
    // `Collection` is Laravel's collection class, which serialises as a JSON array (e.g. the bare
    // warehouse list), not as the `object` the spec generator wrote.
    components.Collection = { type: ['array', 'object'] };
    ajv.addSchema({ $id: 'openapi', components: { schemas: components } });
    server = await serve(sandbox.app);
    api = new PlentySandboxClient(server.url);
    await api.login();
  });
  afterAll(async () => {
    await server?.close();
  });

  const validators = new Map<string, ValidateFunction | null>();
  function validatorFor(method: string, path: string): ValidateFunction | null {
    const key = `${method} ${path}`;
    if (!validators.has(key)) {
      const content = spec.paths[path]?.[method]?.responses?.['200']?.content ?? {};
      const schema = (content['*/*'] ?? content['application/json'])?.schema;
      const example = content['application/json']?.example;
      const onlyCollection = schema?.$ref === '#/components/schemas/Collection';
      if (onlyCollection && example !== undefined) validators.set(key, ajv.compile(schemaOfExample(example)));
      else if (!schema) validators.set(key, null);
      else {
        // Routes whose own example contradicts their schema (a recorded answer against a generated
        // type): the example is what the system answers, so it is the contract there.
        const exampleWins = EXAMPLE_IS_CONTRACT.has(key) && example !== undefined;
        const entry = exampleWins ? schemaOfExample(example) : toJsonSchema(schema);
        validators.set(key, ajv.compile(LIST_OF_ONE.has(key) ? { type: 'array', items: entry } : entry));
      }
    }
    return validators.get(key)!;
  }

  it('serves only routes (and methods) that exist in the spec', () => {
    const missing = sandbox.routes.filter((r) => !spec.paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
    expect(sandbox.routes.length).toBeGreaterThan(60);
  });

  it('answers every route with a body that validates against its response schema', async () => {
    const v = catalog.variation(7);
    const ids: Record<string, number | string> = { itemId: v.itemId, id: v.itemId, variationId: v.variationId, priceId: 1, barcodeId: 1, lang: 'de', warehouseId: 1 };
    const contact = (await api.post('/rest/accounts/contacts', { typeId: 1, referrerId: 1, firstName: 'Spec', lastName: 'Check', email: 'spec@example.org' })).body;
    const address = (await api.post(`/rest/accounts/contacts/${contact.id}/addresses`, { name2: 'Spec', name3: 'Check', address1: 'Weg', address2: '1', postalCode: '10115', town: 'Berlin', countryId: 1 })).body;
    ids.contactId = contact.id;
    const orderBody = {
      typeId: 1,
      plentyId: sandbox.plentyId,
      orderItems: [{ typeId: 1, itemVariationId: v.variationId, quantity: 1, amounts: [{ currency: 'EUR', priceOriginalGross: 10 }] }],
      properties: [{ typeId: 7, value: 'spec-1' }],
      addressRelations: [{ typeId: 1, addressId: address.id }],
      relations: [{ referenceType: 'contact', referenceId: contact.id, relation: 'receiver' }],
    };
    const sampleOrder = (await api.post('/rest/orders', orderBody)).body;
    ids.orderId = sampleOrder.id;
    const firstOrderItem = sampleOrder.orderItems[0].id;
    ids.paymentId = (await api.post('/rest/payments', { amount: 10, mopId: 6001 })).body.id;
    const newItem = (await api.post('/rest/items', { variations: [{ number: 'SPEC-DEL' }] })).body.id;
    const marketNumber = (await api.post(`/rest/items/${v.itemId}/variations/${v.variationId}/market_ident_numbers`, { countryId: 1, type: 'EPID', value: 'spec-epid' })).body.id;
    const newImage = (await api.post(`/rest/items/${v.itemId}/images/upload`, { uploadImageData: Buffer.from('spec image 2').toString('base64'), fileType: 'png' })).body.id;
    const newCategory = (await api.post('/rest/categories', [{ type: 'item', details: [{ lang: 'de', name: 'Spec' }] }])).body[0].id;
    const newContact = (await api.post('/rest/accounts/contacts', { typeId: 1, referrerId: 1, firstName: 'Gone' })).body.id;
    const otherItem = catalog.variation(20).itemId;
    const shownImage = (await api.post(`/rest/items/${v.itemId}/images/upload`, { uploadImageData: Buffer.from('spec image 3').toString('base64'), fileType: 'png', availabilities: [{ type: 'mandant', value: 1000 }] })).body.id;
    const namedValue = (await api.post('/rest/items/attributes/1/values', { backendName: 'Spec linen' })).body.id;
    const relation = (await api.post('/rest/v2/properties/relations', { propertyId: 1, type: 'item', targetId: v.variationId, values: [{ lang: 'de', value: 'Wolle' }] })).body.id;
    const careSelection = (await api.get('/rest/v2/properties/2/selections?with=names')).body.entries[0];
    const careName = (await api.get('/rest/v2/properties/2/names')).body[0];
    const bundleComponent = (await api.post(`/rest/items/${v.itemId}/variations/${v.variationId}/variation_bundles`, { componentVariationId: catalog.variation(30).variationId, componentQuantity: 3 })).body.id;

    // A sample request per route: [method, path, body?, path-parameter overrides?]. Deletions last.
    const samples: Array<[string, string, unknown?, Record<string, number | string>?]> = [
      ['post', '/rest/login', { username: 'sandbox', password: 'sandbox' }],
      ['post', '/rest/login/refresh', undefined],
      ['get', '/rest/users/me'],
      ['get', '/rest/items'],
      ['post', '/rest/items', { variations: [{ number: 'SPEC-NEW' }] }],
      ['get', '/rest/items/{itemId}'],
      ['put', '/rest/items/{itemId}', { manufacturerId: 2 }],
      ['get', '/rest/items/{itemId}/variations'],
      ['post', '/rest/items/{itemId}/variations', { number: 'SPEC-CHILD' }],
      ['get', '/rest/items/{itemId}/variations/{variationId}'],
      ['put', '/rest/items/{itemId}/variations/{variationId}', { model: 'M1' }],
      ['get', '/rest/items/variations', undefined],
      ['get', '/rest/pim/variations'],
      ['get', '/rest/items/attributes'],
      ['get', '/rest/items/attributes/{attributeId}/values', undefined, { attributeId: 1 }],
      ['post', '/rest/items/attributes', { backendName: 'spec_material' }],
      ['post', '/rest/items/attributes/{attributeId}/values', { backendName: 'Spec wool' }, { attributeId: 1 }],
      ['post', '/rest/items/attribute_values/{valueId}/names', { lang: 'en', name: 'Linen' }, { valueId: namedValue }],
      ['get', '/rest/items/attribute_values/{valueId}/names', undefined, { valueId: namedValue }],
      ['put', '/rest/items/attribute_values/{valueId}/names/{lang}', { valueId: namedValue, lang: 'en', name: 'Flax' }, { valueId: namedValue, lang: 'en' }],
      ['get', '/rest/items/{id}/variations/{variationId}/market_ident_numbers'],
      ['post', '/rest/items/{id}/variations/{variationId}/market_ident_numbers', { countryId: 1, type: 'ASIN', value: 'B000SPEC01' }],
      ['get', '/rest/items/{id}/variations/{variationId}/market_ident_numbers/{marketIdentNumberId}', undefined, { marketIdentNumberId: marketNumber }],
      ['put', '/rest/items/{id}/variations/{variationId}/market_ident_numbers/{marketIdentNumberId}', { value: 'spec-epid-2' }, { marketIdentNumberId: marketNumber }],
      ['get', '/rest/items/sales_prices'],
      ['get', '/rest/items/barcodes'],
      ['get', '/rest/items/{id}/variations/{variationId}/variation_sales_prices'],
      ['post', '/rest/items/{id}/variations/{variationId}/variation_sales_prices', { salesPriceId: 2, price: 5 }, { variationId: catalog.variation(8).variationId, id: catalog.variation(8).itemId }],
      ['get', '/rest/items/{id}/variations/{variationId}/variation_sales_prices/{priceId}'],
      ['put', '/rest/items/{id}/variations/{variationId}/variation_sales_prices/{priceId}', { price: 11 }],
      ['get', '/rest/items/variations/variation_sales_prices'],
      ['post', '/rest/items/variations/variation_sales_prices', [{ variationId: v.variationId, salesPriceId: 2, price: 12 }, { variationId: v.variationId, price: 1 }]],
      ['put', '/rest/items/variations/variation_sales_prices', [{ variationId: v.variationId, salesPriceId: 1, price: 13 }, { variationId: 1, salesPriceId: 1, price: 2 }]],
      ['get', '/rest/items/{id}/variations/{variationId}/variation_barcodes'],
      ['post', '/rest/items/{id}/variations/{variationId}/variation_barcodes', { barcodeId: 1, code: '2900000000017' }],
      ['get', '/rest/items/{id}/variations/{variationId}/variation_barcodes/{barcodeId}'],
      ['put', '/rest/items/{id}/variations/{variationId}/variation_barcodes/{barcodeId}', { code: '2900000000024' }],
      ['get', '/rest/items/{id}/variations/{variationId}/descriptions'],
      ['post', '/rest/items/{id}/variations/{variationId}/descriptions', { lang: 'it', name: 'Nome' }],
      ['get', '/rest/items/{id}/variations/{variationId}/descriptions/{lang}'],
      ['put', '/rest/items/{id}/variations/{variationId}/descriptions/{lang}', { name: 'Neu' }],
      ['get', '/rest/items/{id}/images'],
      ['get', '/rest/items/{id}/variations/{variationId}/images'],
      ['post', '/rest/items/{id}/images/upload', { uploadImageData: Buffer.from('spec image').toString('base64'), fileType: 'jpg' }],
      ['put', '/rest/items/{id}/images/{imageId}', { position: 3 }, { imageId: shownImage }],
      ['get', '/rest/items/{id}/images/{imageId}/availabilities', undefined, { imageId: shownImage }],
      ['get', '/rest/items/{id}/images/{imageId}/names', undefined, { imageId: shownImage }],
      ['post', '/rest/items/{id}/images/{imageId}/availabilities', { type: 'marketplace', value: -1 }, { imageId: shownImage }],
      ['post', '/rest/items/{id}/item_cross_selling', { crossItemId: otherItem, relationship: 'Accessory' }],
      ['get', '/rest/items/{id}/item_cross_selling'],
      ['put', '/rest/items/{id}/item_cross_selling/{crossItemId}', { relationship: 'Similar' }, { crossItemId: otherItem }],
    ['post', '/rest/items/{id}/variations/{variationId}/variation_bundles', { variationId: v.variationId, componentVariationId: catalog.variation(31).variationId, componentQuantity: 2 }],
    ['get', '/rest/items/{id}/variations/{variationId}/variation_bundles'],
      ['post', '/rest/items/{id}/variations/{variationId}/variation_categories', { categoryId: 10 }],
      ['post', '/rest/items/variations/variation_categories', [{ variationId: v.variationId, categoryId: 12, position: 1 }, { variationId: v.variationId, categoryId: 999_999 }]],
      ['put', '/rest/items/variations/variation_categories', [{ variationId: v.variationId, categoryId: 12, position: 2 }]],
      ['get', '/rest/categories'],
      ['post', '/rest/categories', [{ type: 'item', details: [{ lang: 'de', name: 'Neu' }] }]],
      ['put', '/rest/categories', [{ id: 10, details: [{ lang: 'de', name: 'Umbenannt' }] }]],
      ['get', '/rest/categories/{id}', undefined, { id: 10 }],
      ['put', '/rest/categories/{id}', { right: 'all' }, { id: 10 }],
      ['get', '/rest/stockmanagement/warehouses'],
      ['get', '/rest/stockmanagement/warehouses/{warehouseId}'],
      ['get', '/rest/stockmanagement/stock'],
      ['get', '/rest/stockmanagement/warehouses/{warehouseId}/stock'],
      ['put', '/rest/stockmanagement/warehouses/{warehouseId}/stock/correction', { variationId: v.variationId, quantity: 3, reasonId: 301 }],
      ['get', '/rest/orders'],
      ['get', '/rest/orders/search'],
      ['post', '/rest/orders', orderBody],
      ['get', '/rest/orders/statuses'],
      ['get', '/rest/orders/referrers'],
      ['get', '/rest/orders/{orderId}'],
      ['put', '/rest/orders/{orderId}', { statusId: 5 }],
      ['put', '/rest/orders/{orderId}/cancel', { statusId: 8.1, message: 'Canceled in the shop' }],
      ['post', '/rest/orders/{orderId}/shipping/packages', { packageId: 1, packageNumber: 'P1' }],
      ['get', '/rest/orders/{orderId}/shipping/packages'],
      ['post', '/rest/orders/{orderId}/documents/{type}/generate', undefined, { type: 'invoice' }],
      ['post', '/rest/orders/{orderId}/credit_notes', { quantities: [{ orderItemId: firstOrderItem, quantity: 1 }] }],
      ['post', '/rest/orders/{orderId}/returns', { quantities: [{ orderItemId: firstOrderItem, quantity: 1 }] }],
      ['get', '/rest/accounts/contacts'],
      ['post', '/rest/accounts/contacts', { typeId: 1, referrerId: 1, firstName: 'A' }],
      ['get', '/rest/accounts/contacts/{contactId}'],
      ['put', '/rest/accounts/contacts/{contactId}', { firstName: 'B' }],
      ['post', '/rest/accounts/contacts/{contactId}/addresses', { postalCode: '1010', town: 'Wien', countryId: 2 }],
      ['get', '/rest/accounts/contacts/{contactId}/addresses/{addressTypeId?}'],
      ['put', '/rest/accounts/contacts/{contactId}/addresses/{addressId}', { town: 'Potsdam' }, { addressId: address.id }],
      ['delete', '/rest/accounts/contacts/{contactId}/addresses/{addressId}', undefined, { addressId: address.id }],
      ['post', '/rest/accounts/contacts/{contactId}/accounts', { companyName: 'Spec GmbH' }],
      ['get', '/rest/accounts/contacts/{contactId}/accounts/{accountId}', undefined, { accountId: 1 }],
      ['put', '/rest/accounts/contacts/{contactId}/accounts/{accountId}', { companyName: 'Spec AG' }, { accountId: 1 }],
      ['get', '/rest/payments'],
      ['post', '/rest/payments', { amount: 1, mopId: 0 }],
      ['post', '/rest/payment/{paymentId}/order/{orderId}'],
      ['get', '/rest/payments/orders/{orderId}'],
      ['get', '/rest/payments/methods'],
      ['get', '/rest/webstores'],
      ['get', '/rest/orders/shipping/presets'],
      ['get', '/rest/orders/shipping/shipping_service_providers'],
      ['get', '/rest/v2/properties'],
      ['post', '/rest/v2/properties', { cast: 'string', type: 'item', position: 4, names: [{ lang: 'de', name: 'Herkunft' }] }],
      ['get', '/rest/v2/properties/relations', undefined, undefined],
      ['post', '/rest/v2/properties/relations', { propertyId: 3, type: 'item', targetId: v.variationId, value: '0.5' }],
      ['get', '/rest/v2/properties/{propertyId}/selections', undefined, { propertyId: 2 }],
      ['post', '/rest/v2/properties/selections', { propertyId: 2, names: [{ lang: 'de', name: 'Chemisch reinigen' }] }],
      ['get', '/rest/v2/properties/{propertyId}/names', undefined, { propertyId: 2 }],
      ['get', '/rest/v2/properties/names/{nameId}', undefined, { nameId: careName.id }],
      ['put', '/rest/v2/properties/names/{nameId}', { propertyId: 2, lang: careName.lang, name: 'Pflege' }, { nameId: careName.id }],
      ['get', '/rest/v2/properties/selections/{selectionId}/names', undefined, { selectionId: careSelection.id }],
      ['get', '/rest/v2/properties/selections/names/{nameId}', undefined, { nameId: careSelection.names[0].id }],
      ['put', '/rest/v2/properties/selections/names/{nameId}', { selectionId: careSelection.id, lang: careSelection.names[0].lang, name: 'Handwäsche 30°' }, { nameId: careSelection.names[0].id }],
      ['delete', '/rest/items/{id}/variations/{variationId}/variation_barcodes/{barcodeId}'],
      ['delete', '/rest/items/{id}/images/{imageId}/availabilities', { type: 'marketplace', value: -1 }, { imageId: shownImage }],
      ['delete', '/rest/items/{id}/item_cross_selling/{crossItemId}', undefined, { crossItemId: otherItem }],
    ['delete', '/rest/items/{id}/variations/{variationId}/variation_bundles/{bundleId}', undefined, { bundleId: bundleComponent }],
      ['delete', '/rest/items/{id}/images/{imageId}', undefined, { imageId: newImage }],
      ['delete', '/rest/items/{id}/variations/{variationId}/market_ident_numbers/{marketIdentNumberId}', undefined, { marketIdentNumberId: marketNumber }],
      ['delete', '/rest/v2/properties/relations/{relationId}', undefined, { relationId: relation }],
      ['delete', '/rest/items/{id}/variations/{variationId}/variation_categories/{catId}', undefined, { catId: 12 }],
      ['delete', '/rest/items/{id}/variations/{variationId}/variation_sales_prices/{priceId}', undefined, { priceId: 2, variationId: catalog.variation(8).variationId, id: catalog.variation(8).itemId }],
      ['delete', '/rest/items/{itemId}/variations/{variationId}', undefined, { itemId: v.itemId, variationId: v.variationId }],
      ['delete', '/rest/items/{itemId}', undefined, { itemId: newItem }],
      ['delete', '/rest/categories/{id}/details', { plentyId: 1000, lang: 'de' }, { id: newCategory }],
      ['delete', '/rest/categories/{id}/clients', undefined, { id: newCategory }],
      ['delete', '/rest/categories/{id}', undefined, { id: newCategory }],
      ['delete', '/rest/accounts/contacts/{contactId}', undefined, { contactId: newContact }],
      ['post', '/rest/logout'],
    ];

    const covered = new Set(samples.map(([m, p]) => `${m} ${p}`));
    const uncovered = sandbox.routes.map((r) => `${r.method} ${r.path}`).filter((k) => !covered.has(k));
    expect(uncovered, 'routes without a sample request').toEqual([]);

    // The schemas are not vacuous: a wrongly typed envelope is rejected, and so is a bulk answer that is a bare array of rows.
    expect(validatorFor('post', '/rest/items/variations/variation_sales_prices')!([{ variationId: 1, salesPriceId: 1, price: 2 }])).toBe(false);
    expect(validatorFor('put', '/rest/items/variations/variation_sales_prices')!({ success: { 0: { variationId: 1, salesPriceId: 1, price: 2, updatedAt: 'x', createdAt: null } }, failed: [] })).toBe(true);
    expect(validatorFor('get', '/rest/items')!({ page: '1', totalsCount: 'many', entries: [] })).toBe(false);
    expect(validatorFor('get', '/rest/items')!({ page: '1', totalsCount: 3, entries: [{ id: 'x' }] })).toBe(false);
    expect(validatorFor('get', '/rest/items/{id}/item_cross_selling')!([{ itemId: 'x', crossItemId: 2 }])).toBe(false);
    expect(validatorFor('get', '/rest/items/{id}/variations/{variationId}/variation_bundles')!({ variationId: 1, componentVariationId: 2, componentQuantity: 1 })).toBe(false);
    expect(validatorFor('get', '/rest/items/{id}/images/{imageId}/availabilities')!([{ imageId: 1, type: 'mandant', value: 'all' }])).toBe(false);
    expect(validatorFor('get', '/rest/v2/properties/selections/{selectionId}/names')!({ id: 1, selectionId: 1, lang: 'de', name: 'x' })).toBe(false);
    expect(validatorFor('put', '/rest/v2/properties/names/{nameId}')!({ id: 'x', propertyId: 1 })).toBe(false);

    const failures: string[] = [];
    let refreshToken = '';
    for (const [method, path, body, overrides] of samples) {
      const params = { ...ids, ...overrides };
      const url = path.replace(/\{(\w+)\??\}/g, (_, name: string) => (name === 'addressTypeId' ? '' : String(params[name]))).replace(/\/$/, '');
      const payload = path === '/rest/login/refresh' ? { refresh_token: refreshToken } : body;
      const res = await api.call<any>(method.toUpperCase(), url, payload, path !== '/rest/login');
      if (path === '/rest/login') refreshToken = res.body.refresh_token;
      if (path === '/rest/login/refresh') api.token = res.body.accessToken;
      if (res.status !== 200) {
        failures.push(`${method.toUpperCase()} ${url}: status ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        continue;
      }
      const validate = validatorFor(method, path);
      if (validate && !validate(res.body)) failures.push(`${method.toUpperCase()} ${path}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });
});
