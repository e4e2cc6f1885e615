/**
 * Bundle products through the Magento sandbox's product routes, as Magento 2.4's bundle SaveHandler
 * (with Option\SaveAction and LinkManagement) saves them and OptionList/LinksList answer them.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productSchema } from '../../src/connectors/magento/schemas/product.js';
import { magentoSdlPath } from '../../src/sandbox/magento/graphql/index.js';
import { withBundleProduct } from '../../src/sandbox/magento/graphql/schema.js';
import { referenceTexts } from '../support/magento-references.js';
import { criteria, startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
/** A configurable of the generated catalogue. */
let configurableSku: string;

const simple = (sku: string, price: number) => ({
  product: { sku, name: `Component ${sku}`, price, type_id: 'simple', extension_attributes: { stock_item: { qty: 10, is_in_stock: true } } },
});

const link = (sku: string, extra: Record<string, unknown> = {}) => ({
  sku, qty: 1, position: 1, is_default: true, price: 0, price_type: 0, can_change_quantity: 0, ...extra,
});

/** The bundle attributes the item import sends: fixed price, SKU and weight, price range, shipped together. */
const FIXED = [
  { attribute_code: 'price_type', value: '1' },
  { attribute_code: 'sku_type', value: '1' },
  { attribute_code: 'weight_type', value: '1' },
  { attribute_code: 'price_view', value: '0' },
  { attribute_code: 'shipment_type', value: '0' },
];

function bundle(sku: string, options: unknown[] | undefined, extra: Record<string, unknown> = {}) {
  return {
    product: {
      sku,
      name: `Bundle ${sku}`,
      price: 99,
      type_id: 'bundle',
      attribute_set_id: 4,
      ...(options ? { extension_attributes: { bundle_product_options: options } } : {}),
      custom_attributes: FIXED,
      ...extra,
    },
  };
}

const twoOptions = (a: string, b: string) => [
  { title: 'Part A', required: true, type: 'select', position: 1, product_links: [link(a, { qty: 2, price: 5 })] },
  { title: 'Part B', required: true, type: 'radio', position: 2, product_links: [link(b)] },
];

type Option = { option_id: number; title: string; product_links: { id: string; sku: string; option_id: number }[] };
const optionsOf = (body: { extension_attributes: { bundle_product_options?: Option[] } }) => body.extension_attributes.bundle_product_options ?? [];

beforeAll(async () => {
  m = await startMagento();
  for (const [sku, price] of [['CMP-A', 10], ['CMP-B', 20], ['CMP-C', 30], ['CMP-D', 40]] as const) {
    expect((await m.call('/rest/all/V1/products', { body: simple(sku, price) })).status).toBe(200);
  }
  const configurables = await m.call(`/rest/V1/products${criteria([[['type_id', 'configurable']]], { pageSize: 1 })}`);
  configurableSku = configurables.body.items[0].sku;
});
afterAll(async () => {
  await m?.close();
});

describe('Magento sandbox: bundle products', () => {
  it('creates a bundle with two options over two simple products and answers them as Magento does', async () => {
    const res = await m.call('/rest/all/V1/products', { body: bundle('BND-1', twoOptions('CMP-A', 'CMP-B')) });
    expect(res.status).toBe(200);
    expect(res.body.type_id).toBe('bundle');
    const options = optionsOf(res.body);
    expect(options).toHaveLength(2);
    const [a, b] = options as [Option, Option];
    expect(a).toEqual({
      option_id: a.option_id,
      title: 'Part A',
      required: true,
      type: 'select',
      position: 1,
      sku: 'BND-1',
      product_links: [{
        id: expect.stringMatching(/^\d+$/), sku: 'CMP-A', option_id: a.option_id, qty: 2, position: 1,
        is_default: true, price: 5, price_type: 0, can_change_quantity: 0,
      }],
    });
    // LinksList: no selection price of its own → the component's price.
    expect(b).toMatchObject({ title: 'Part B', type: 'radio', product_links: [{ sku: 'CMP-B', option_id: b.option_id, price: 20 }] });
    expect(b.option_id).not.toBe(a.option_id);
    // The bundle attributes are kept as custom attributes; a bundle takes no stock.
    expect(res.body.custom_attributes).toEqual(expect.arrayContaining(FIXED));
    expect(res.body.extension_attributes.stock_item.qty).toBe(0);
    expect(res.body.extension_attributes.stock_item.is_in_stock).toBe(true);
    expect(m.sandbox.store.inventory.itemsOf('BND-1')).toEqual([]);

    const read = await m.call('/rest/V1/products/BND-1');
    expect(optionsOf(read.body)).toEqual(options);
    const found = await m.call(`/rest/V1/products${criteria([[['sku', 'BND-1']]])}`);
    expect(optionsOf(found.body.items[0])).toEqual(options);
    const scanned = await m.call(`/rest/V1/products${criteria([[['type_id', 'bundle']]], { pageSize: 50 })}`);
    expect(optionsOf(scanned.body.items.find((p: { sku: string }) => p.sku === 'BND-1'))).toEqual(options);
    // The connector's schema reads the answer.
    expect(productSchema.parse(read.body).extension_attributes?.bundle_product_options?.[0]?.product_links?.[0]?.id).toBe(a.product_links[0]!.id);
  });

  it('answers price and price_type null for a dynamic-price bundle, which needs no price', async () => {
    const res = await m.call('/rest/V1/products', {
      body: { product: { sku: 'BND-DYN', name: 'Dynamic', type_id: 'bundle', extension_attributes: { bundle_product_options: [{ title: 'X', required: true, type: 'select', product_links: [{ sku: 'CMP-C', qty: 1 }] }] } } },
    });
    expect(res.status).toBe(200);
    expect(optionsOf(res.body)[0]!.product_links[0]).toMatchObject({ sku: 'CMP-C', price: 30, price_type: null, is_default: false, position: 0 });
  });

  it('creates bundles through a store view too', async () => {
    const res = await m.call('/rest/default/V1/products', { body: bundle('BND-STORE', twoOptions('CMP-A', 'CMP-C')) });
    expect(res.status).toBe(200);
    expect(optionsOf(res.body).map((o) => o.product_links[0]!.sku)).toEqual(['CMP-A', 'CMP-C']);
  });

  it('replaces the options with a new list (new ids) and keeps them when a save sends none or an empty list', async () => {
    const before = optionsOf((await m.call('/rest/all/V1/products', { body: bundle('BND-2', twoOptions('CMP-A', 'CMP-B')) })).body);
    const replaced = await m.call('/rest/all/V1/products/BND-2', { method: 'PUT', body: bundle('BND-2', twoOptions('CMP-C', 'CMP-D')) });
    expect(replaced.status).toBe(200);
    const after = optionsOf(replaced.body);
    expect(after.map((o) => o.product_links[0]!.sku)).toEqual(['CMP-C', 'CMP-D']);
    const oldIds = new Set(before.map((o) => o.option_id));
    expect(after.every((o) => !oldIds.has(o.option_id))).toBe(true);
    const oldLinkIds = new Set(before.flatMap((o) => o.product_links.map((l) => l.id)));
    expect(after.flatMap((o) => o.product_links).every((l) => !oldLinkIds.has(l.id))).toBe(true);

    const renamed = await m.call('/rest/all/V1/products/BND-2', { method: 'PUT', body: { product: { name: 'Renamed bundle' } } });
    expect(renamed.body.name).toBe('Renamed bundle');
    expect(optionsOf(renamed.body)).toEqual(after);
    const empty = await m.call('/rest/all/V1/products/BND-2', { method: 'PUT', body: { product: { extension_attributes: { bundle_product_options: [] } } } });
    expect(optionsOf(empty.body)).toEqual(after);
  });

  it('updates an option sent with its option_id in place: named links kept, others removed, new ones added', async () => {
    const [first, second] = optionsOf((await m.call('/rest/all/V1/products', { body: bundle('BND-3', twoOptions('CMP-A', 'CMP-B')) })).body) as [Option, Option];
    const kept = first.product_links[0]!;
    const res = await m.call('/rest/all/V1/products/BND-3', {
      method: 'PUT',
      body: { product: { extension_attributes: { bundle_product_options: [
        { option_id: first.option_id, title: 'Part A, renamed', product_links: [{ id: kept.id, sku: 'CMP-A', qty: 3 }, link('CMP-C')] },
      ] } } },
    });
    expect(res.status).toBe(200);
    const options = optionsOf(res.body);
    // The option not named (`second`) is gone; the named one keeps its id, type and required flag.
    expect(options.map((o) => o.option_id)).toEqual([first.option_id]);
    expect(options.map((o) => o.option_id)).not.toContain(second.option_id);
    expect(options[0]).toMatchObject({ title: 'Part A, renamed', type: 'select', required: true });
    expect(options[0]!.product_links.map((l) => [l.id === kept.id, l.sku])).toEqual([[true, 'CMP-A'], [false, 'CMP-C']]);
    expect(options[0]!.product_links[0]).toMatchObject({ qty: 3, price: 5 });
  });

  it('refuses an unknown linked SKU with 404 and stores nothing of the save', async () => {
    const created = await m.call('/rest/all/V1/products', { body: bundle('BND-404', [{ title: 'A', required: true, type: 'select', product_links: [link('NO-SUCH-SKU')] }]) });
    expect(created.status).toBe(404);
    expect(created.body).toEqual({ message: "The product that was requested doesn't exist. Verify the product and try again." });
    expect((await m.call('/rest/V1/products/BND-404')).status).toBe(404);

    const before = (await m.call('/rest/all/V1/products', { body: bundle('BND-4', twoOptions('CMP-A', 'CMP-B')) })).body;
    const refused = await m.call('/rest/all/V1/products/BND-4', {
      method: 'PUT',
      body: bundle('BND-4', [twoOptions('CMP-C', 'CMP-D')[0], { title: 'B', required: true, type: 'select', product_links: [link('NO-SUCH-SKU')] }], { name: 'Not saved', price: 1 }),
    });
    expect(refused.status).toBe(404);
    const after = (await m.call('/rest/all/V1/products/BND-4')).body;
    expect(after).toEqual(before);
  });

  it('refuses a linked configurable or bundle with 400 and stores nothing of the save', async () => {
    const composite = { message: "The bundle product can't contain another composite product." };
    const created = await m.call('/rest/all/V1/products', { body: bundle('BND-400', [{ title: 'A', required: true, type: 'select', product_links: [link(configurableSku)] }]) });
    expect(created.status).toBe(400);
    expect(created.body).toEqual(composite);
    expect((await m.call('/rest/V1/products/BND-400')).status).toBe(404);

    const before = (await m.call('/rest/all/V1/products', { body: bundle('BND-5', twoOptions('CMP-A', 'CMP-B')) })).body;
    for (const sku of [configurableSku, 'BND-1', 'BND-5']) {
      const refused = await m.call('/rest/all/V1/products/BND-5', { method: 'PUT', body: bundle('BND-5', [{ title: 'A', required: true, type: 'select', product_links: [link(sku)] }], { name: 'Not saved' }) });
      expect([refused.status, refused.body]).toEqual([400, composite]);
    }
    expect((await m.call('/rest/all/V1/products/BND-5')).body).toEqual(before);
  });

  it('refuses a component twice in one option as LinkManagement::addChild does', async () => {
    const res = await m.call('/rest/all/V1/products', { body: bundle('BND-TWICE', [{ title: 'A', required: true, type: 'select', product_links: [link('CMP-A'), link('CMP-A')] }]) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'Child with specified sku: "%1" already assigned to product: "%2"', parameters: ['CMP-A', 'BND-TWICE'] });
    expect((await m.call('/rest/V1/products/BND-TWICE')).status).toBe(404);
  });

  it('ignores bundle_product_options on a product that is not a bundle', async () => {
    const res = await m.call('/rest/all/V1/products', { body: { product: { ...simple('SIMPLE-WITH-OPTIONS', 5).product, extension_attributes: { bundle_product_options: twoOptions('CMP-A', 'NO-SUCH-SKU') } } } });
    expect(res.status).toBe(200);
    expect(res.body.type_id).toBe('simple');
    expect(res.body.extension_attributes.bundle_product_options).toBeUndefined();
  });

  it('drops a deleted component\'s links; its option stays, without links, and the bundle is not saved', async () => {
    await m.call('/rest/all/V1/products', { body: simple('CMP-GONE', 7) });
    const saved = await m.call('/rest/all/V1/products', {
      body: bundle('BND-6', [
        { title: 'Only gone', required: true, type: 'select', position: 1, product_links: [link('CMP-GONE')] },
        { title: 'Mixed', required: false, type: 'checkbox', position: 2, product_links: [link('CMP-A'), link('CMP-GONE', { position: 2 })] },
      ]),
    });
    expect(saved.status).toBe(200);
    expect((await m.call('/rest/V1/products/CMP-GONE', { method: 'DELETE' })).body).toBe(true);
    const after = (await m.call('/rest/V1/products/BND-6')).body;
    expect(optionsOf(after).map((o) => [o.title, o.product_links.map((l) => l.sku)])).toEqual([['Only gone', []], ['Mixed', ['CMP-A']]]);
    expect(after.updated_at).toBe(saved.body.updated_at);
    // A required option without a salable component leaves the bundle out of stock.
    expect(after.extension_attributes.stock_item.is_in_stock).toBe(false);
  });

  it('resolves a bundle to BundleProduct in GraphQL and refuses it in a cart without options', async () => {
    const gql = async (query: string) =>
      (await (await fetch(`${m.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as { data?: any; errors?: unknown };
    const answer = await gql('{ products(filter: {sku: {eq: "BND-1"}}) { items { __typename sku stock_status ... on PhysicalProductInterface { weight } } } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data.products.items).toEqual([{ __typename: 'BundleProduct', sku: 'BND-1', stock_status: 'IN_STOCK', weight: 0 }]);
    const order = await m.call('/_sandbox/orders', { body: { items: [{ sku: 'BND-1', qty: 1 }], email: 'bundle@example.com' } });
    expect(order.status).toBe(400);
    expect(order.body.message).toBe('Please specify product option(s).');
  });

  it('adds BundleProduct to the GraphQL subset with fields the Adobe Commerce 2.4 schemas give BundleProduct', () => {
    const bundleType = (sdl: string) => buildSchema(sdl, { assumeValidSDL: true }).getType('BundleProduct') as GraphQLObjectType | undefined;
    const added = Object.keys(bundleType(withBundleProduct(readFileSync(magentoSdlPath(), 'utf8')))!.getFields());
    expect(added).toContain('weight');
    // The merged Open Source reference leaves out BundleGraphQl; the Adobe Commerce ones have it.
    const references = referenceTexts().flatMap(({ file, text }) => {
      const type = bundleType(text);
      return type ? [{ file, fields: Object.keys(type.getFields()) }] : [];
    });
    expect(references.length).toBeGreaterThan(0);
    for (const { file, fields } of references) expect({ file, missing: added.filter((f) => !fields.includes(f)) }).toEqual({ file, missing: [] });
  });
});
