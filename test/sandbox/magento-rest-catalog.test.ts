import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria, example, startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
beforeAll(async () => {
  m = await startMagento();
});
afterAll(async () => {
  await m?.close();
});

describe('products', () => {
  it('answers 404 with Magento\'s message for an unknown SKU', async () => {
    const res = await m.call('/rest/V1/products/NOPE-1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "The product that was requested doesn't exist. Verify the product and try again." });
  });

  it('renders a generated product with an EAN, categories, media and stock', async () => {
    const res = await m.call('/rest/V1/products/PG-0000001');
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p.sku).toBe('PG-0000001');
    expect(p.type_id).toBe('simple');
    expect(p.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(p.extension_attributes.category_links.length).toBeGreaterThan(0);
    expect(p.media_gallery_entries[0].file).toMatch(/\.jpg$/);
    expect(p.custom_attributes.map((a: { attribute_code: string }) => a.attribute_code)).toEqual(
      expect.arrayContaining(['url_key', 'tax_class_id', 'category_ids']),
    );
    const withEan = await m.call(`/rest/V1/products${criteria([[['ean', '', 'notnull']]], { pageSize: 1 })}`);
    const ean = withEan.body.items[0].custom_attributes.find((a: { attribute_code: string }) => a.attribute_code === 'ean');
    expect(ean.value).toMatch(/^\d{13}$/);
  });

  it('creates a product from the documented request and answers the documented shape', async () => {
    const request = example('product-create-request.json');
    const expected = example('product-create-response.json');
    request.product.extension_attributes.category_links = [{ position: 0, category_id: '3' }];
    const res = await m.call('/rest/V1/products', { body: request });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(res.body.extension_attributes.stock_item).sort()).toEqual(Object.keys(expected.extension_attributes.stock_item).sort());
    expect(res.body).toMatchObject({ sku: 'MS-Champ-S', name: 'Champ Tee Small', price: 25, status: 1, visibility: 1, type_id: 'simple', weight: 0.5 });
    expect(res.body.extension_attributes.stock_item.qty).toBe(10);
    expect(res.body.custom_attributes).toContainEqual({ attribute_code: 'color', value: '52' });
    expect(res.body.id).toBe(m.sandbox.store.products.maxId);
    expect((await m.call('/rest/V1/products/MS-Champ-S')).body.name).toBe('Champ Tee Small');
  });

  it('refuses to create a product without a name', async () => {
    const res = await m.call('/rest/V1/products', { body: { product: { sku: 'NO-NAME', price: 1 } } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'The "%1" attribute value is empty. Set the attribute and try again.', parameters: ['name'] });
  });

  it('updates a product; a name saved through a store view only changes that view', async () => {
    const before = await m.call('/rest/V1/products/PG-0000005');
    const global = await m.call('/rest/all/V1/products/PG-0000005', { method: 'PUT', body: { product: { price: 12.5, name: 'Global name' } } });
    expect(global.status).toBe(200);
    expect(global.body.price).toBe(12.5);
    expect(global.body.updated_at > before.body.updated_at).toBe(true);
    await m.call('/rest/de/V1/products/PG-0000005', { method: 'PUT', body: { product: { name: 'Deutscher Name' } } });
    expect((await m.call('/rest/de/V1/products/PG-0000005')).body.name).toBe('Deutscher Name');
    expect((await m.call('/rest/all/V1/products/PG-0000005')).body.name).toBe('Global name');
  });

  it('finds changed products with a delta scan on updated_at', async () => {
    const since = new Date(m.sandbox.store.products.generatedUntilMs + 1000).toISOString().slice(0, 19).replace('T', ' ');
    await m.call('/rest/all/V1/products/PG-0000010', { method: 'PUT', body: { product: { status: 2 } } });
    const res = await m.call(`/rest/V1/products${criteria([[['updated_at', since, 'gt']]], { pageSize: 100 })}`);
    expect(res.body.items.map((p: { sku: string }) => p.sku)).toEqual(expect.arrayContaining(['PG-0000005', 'PG-0000010', 'MS-Champ-S']));
    expect(res.body.items.find((p: { sku: string }) => p.sku === 'PG-0000010').status).toBe(2);
  });

  it('deletes a product', async () => {
    await m.call('/rest/V1/products', { body: { product: { sku: 'TO-DELETE', name: 'x', price: 1 } } });
    const res = await m.call('/rest/V1/products/TO-DELETE', { method: 'DELETE' });
    expect(res.body).toBe(true);
    expect((await m.call('/rest/V1/products/TO-DELETE')).status).toBe(404);
  });
});

describe('product links', () => {
  const links = (sku: string, type: string) => m.call(`/rest/V1/products/${sku}/links/${type}`);
  const set = (sku: string, items: { link_type: string; linked_product_sku: string }[]) =>
    m.call(`/rest/V1/products/${sku}/links`, { body: { items: items.map((i, position) => ({ sku, ...i, position })) } });

  it('sets the links of the last item\'s type as Magento does, keeps the others, and an empty list changes nothing', async () => {
    expect((await set('PG-0000002', [{ link_type: 'upsell', linked_product_sku: 'PG-0000003' }])).body).toBe(true);
    expect((await set('PG-0000002', [{ link_type: 'related', linked_product_sku: 'PG-0000004' }, { link_type: 'related', linked_product_sku: 'PG-0000005' }])).body).toBe(true);
    expect((await links('PG-0000002', 'related')).body.map((l: { linked_product_sku: string }) => l.linked_product_sku)).toEqual(['PG-0000004', 'PG-0000005']);
    expect((await set('PG-0000002', [{ link_type: 'related', linked_product_sku: 'PG-0000006' }])).body).toBe(true);
    expect((await links('PG-0000002', 'related')).body).toEqual([{ sku: 'PG-0000002', link_type: 'related', linked_product_sku: 'PG-0000006', linked_product_type: 'simple', position: 0 }]);
    expect((await links('PG-0000002', 'upsell')).body.map((l: { linked_product_sku: string }) => l.linked_product_sku)).toEqual(['PG-0000003']);
    expect((await set('PG-0000002', [])).body).toBe(true);
    expect((await links('PG-0000002', 'upsell')).body).toHaveLength(1);
  });

  it('deletes one link, and answers what Magento answers for a link or type it does not have', async () => {
    expect((await m.call('/rest/V1/products/PG-0000002/links/upsell/PG-0000003', { method: 'DELETE' })).body).toBe(true);
    expect((await links('PG-0000002', 'upsell')).body).toEqual([]);
    const gone = await m.call('/rest/V1/products/PG-0000002/links/upsell/PG-0000003', { method: 'DELETE' });
    expect(gone).toMatchObject({ status: 404, body: { message: "Product with SKU '%1' is not linked to product with SKU '%2'", parameters: ['PG-0000003', 'PG-0000002'] } });
    expect(await links('PG-0000002', 'bundle')).toMatchObject({ status: 404, body: { message: 'The "%1" link type is unknown. Verify the type and try again.' } });
    expect(await set('PG-0000002', [{ link_type: 'related', linked_product_sku: 'NOPE-1' }])).toMatchObject({ status: 400, body: { message: 'The linked products data is invalid. Verify the data and try again.' } });
  });
});

describe('configurable products', () => {
  it('lists children and options of a generated configurable', async () => {
    const parent = (await m.call('/rest/V1/products/PGC-0000001')).body;
    expect(parent.type_id).toBe('configurable');
    const children = await m.call('/rest/V1/configurable-products/PGC-0000001/children');
    expect(children.body.length).toBeGreaterThanOrEqual(2);
    expect(children.body.map((c: { id: number }) => c.id)).toEqual(parent.extension_attributes.configurable_product_links);
    const options = await m.call('/rest/V1/configurable-products/PGC-0000001/options/all');
    expect(options.body[0]).toMatchObject({ attribute_id: expect.any(String), label: expect.any(String), values: expect.any(Array) });
    const code = options.body[0].attribute_id === '93' ? 'color' : 'size';
    const childValue = children.body[0].custom_attributes.find((a: { attribute_code: string }) => a.attribute_code === code).value;
    expect(options.body[0].values.map((v: { value_index: number }) => String(v.value_index))).toContain(childValue);
  });

  it('builds a configurable through options and child links', async () => {
    await m.call('/rest/V1/products', { body: { product: { sku: 'CFG-1', name: 'Shirt', type_id: 'configurable', attribute_set_id: 4 } } });
    for (const [sku, color] of [['CFG-1-red', '103'], ['CFG-1-blue', '104']]) {
      await m.call('/rest/V1/products', {
        body: { product: { sku, name: `Shirt ${color}`, price: 20, visibility: 1, custom_attributes: [{ attribute_code: 'color', value: color }] } },
      });
    }
    const option = await m.call('/rest/V1/configurable-products/CFG-1/options', {
      body: { option: { attribute_id: '93', label: 'Color', position: 0, is_use_default: true, values: [{ value_index: 103 }, { value_index: 104 }] } },
    });
    expect(option.status).toBe(200);
    expect(typeof option.body).toBe('number');
    expect((await m.call('/rest/V1/configurable-products/CFG-1/child', { body: { childSku: 'CFG-1-red' } })).body).toBe(true);
    expect((await m.call('/rest/V1/configurable-products/CFG-1/child', { body: { childSku: 'CFG-1-blue' } })).body).toBe(true);
    const again = await m.call('/rest/V1/configurable-products/CFG-1/child', { body: { childSku: 'CFG-1-blue' } });
    expect(again.status).toBe(400);
    const children = await m.call('/rest/V1/configurable-products/CFG-1/children');
    expect(children.body.map((c: { sku: string }) => c.sku)).toEqual(['CFG-1-red', 'CFG-1-blue']);
    expect(m.sandbox.store.products.parentSkuOf('CFG-1-red')).toBe('CFG-1');
  });

  it('builds a configurable in one save carrying its options and child links, checked as Magento checks them', async () => {
    const ids: number[] = [];
    for (const [sku, color] of [['CFG-2-red', '103'], ['CFG-2-blue', '104'], ['CFG-2-blue2', '104'], ['CFG-2-none', '']]) {
      const custom = color ? [{ attribute_code: 'color', value: color }] : [];
      ids.push((await m.call('/rest/V1/products', { body: { product: { sku, name: `Shirt ${sku}`, price: 20, visibility: 1, custom_attributes: custom } } })).body.id);
    }
    const save = (links: number[]) => m.call('/rest/V1/products', {
      body: { product: { sku: 'CFG-2', name: 'Shirt 2', type_id: 'configurable', attribute_set_id: 4, extension_attributes: {
        configurable_product_options: [{ attribute_id: '93', label: 'Color', position: 0, values: [{ value_index: 103 }, { value_index: 104 }] }],
        configurable_product_links: links,
      } } },
    });
    const twins = await save([ids[0]!, ids[1]!, ids[2]!]);
    expect(twins.status).toBe(400);
    expect(twins.body.message).toBe('Products "%1" and "%2" have the same set of attribute values.');
    expect(twins.body.parameters).toEqual([String(ids[2]), String(ids[1])]);
    const missing = await save([ids[0]!, ids[3]!]);
    expect(missing.body.message).toBe('Product with id "%1" does not contain required attribute "%2".');
    const ok = await save([ids[0]!, ids[1]!]);
    expect(ok.status).toBe(200);
    expect(ok.body.extension_attributes.configurable_product_links).toEqual([ids[0], ids[1]]);
    expect(ok.body.extension_attributes.configurable_product_options[0]).toMatchObject({ attribute_id: '93', values: [{ value_index: 103 }, { value_index: 104 }] });
    expect(m.sandbox.store.products.parentSkuOf('CFG-2-blue')).toBe('CFG-2');
  });
});

describe('categories', () => {
  it('answers the tree from the default root', async () => {
    const tree = await m.call('/rest/V1/categories');
    expect(tree.body).toMatchObject({ id: 2, parent_id: 1, name: 'Default Category', level: 1 });
    expect(tree.body.children_data.length).toBeGreaterThan(0);
    expect(tree.body.children_data[0].children_data.length).toBeGreaterThan(0);
    const shallow = await m.call('/rest/V1/categories?depth=1');
    expect(shallow.body.children_data.every((c: { children_data: unknown[] }) => c.children_data.length === 0)).toBe(true);
  });

  it('lists, creates and updates categories', async () => {
    const list = await m.call(`/rest/V1/categories/list${criteria([[['level', '2']]], { pageSize: 100 })}`);
    expect(list.body.items.every((c: { level: number }) => c.level === 2)).toBe(true);
    expect(list.body.total_count).toBe(list.body.items.length);

    const created = await m.call('/rest/V1/categories', { body: { category: { parent_id: 3, name: 'Sale', is_active: true, position: 9 } } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ parent_id: 3, name: 'Sale', level: 3, path: `1/2/3/${created.body.id}` });

    const renamed = await m.call(`/rest/de/V1/categories/${created.body.id}`, { method: 'PUT', body: { category: { name: 'Angebote' } } });
    expect(renamed.body.name).toBe('Angebote');
    expect((await m.call(`/rest/V1/categories/${created.body.id}`)).body.name).toBe('Sale');
    const found = await m.call(`/rest/V1/categories/list${criteria([[['name', 'Sale']]])}`);
    expect(found.body.items.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
  });

  it('moves a category with its subtree (answering true) and refuses a move below itself or its descendant', async () => {
    const make = async (parent_id: number, name: string) =>
      (await m.call('/rest/V1/categories', { body: { category: { parent_id, name, is_active: true } } })).body as { id: number; path: string };
    const box = await make(2, 'Move box');
    const child = await make(box.id, 'Move child');
    const target = await make(2, 'Move target');
    const moved = await m.call(`/rest/V1/categories/${box.id}/move`, { method: 'PUT', body: { parentId: target.id } });
    expect(moved).toMatchObject({ status: 200, body: true });
    expect((await m.call(`/rest/V1/categories/${box.id}`)).body).toMatchObject({ parent_id: target.id, level: 3, path: `${target.path}/${box.id}` });
    expect((await m.call(`/rest/V1/categories/${child.id}`)).body).toMatchObject({ parent_id: box.id, level: 4, path: `${target.path}/${box.id}/${child.id}` });
    for (const parentId of [box.id, child.id]) {
      const refused = await m.call(`/rest/V1/categories/${box.id}/move`, { method: 'PUT', body: { parentId } });
      expect(refused).toMatchObject({ status: 400, body: { message: 'Operation do not allow to move a parent category to any of children category' } });
    }
    const missing = await m.call(`/rest/V1/categories/${box.id}/move`, { method: 'PUT', body: {} });
    expect(missing).toMatchObject({ status: 400, body: { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'parentId' } } });
  });
});

describe('MSI source items', () => {
  it('lists sources and searches source items by SKU like the documented answer', async () => {
    const sources = await m.call('/rest/V1/inventory/sources');
    expect(sources.body.items.map((s: { source_code: string }) => s.source_code)).toContain('default');
    const res = await m.call(`/rest/V1/inventory/source-items${criteria([[['sku', 'PG-0000002']]])}`);
    const shape = example('source-items-search-response.json');
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(shape).sort());
    expect(Object.keys(res.body.items[0]).sort()).toEqual(Object.keys(shape.items[0]).sort());
    expect(res.body.items.every((i: { sku: string }) => i.sku === 'PG-0000002')).toBe(true);
    expect(res.body.search_criteria).toEqual({ filter_groups: [{ filters: [{ field: 'sku', value: 'PG-0000002', condition_type: 'eq' }] }] });
  });

  it('saves a batch of source items and answers []', async () => {
    const res = await m.call('/rest/V1/inventory/source-items', {
      body: { sourceItems: [{ sku: 'PG-0000002', source_code: 'default', quantity: 77, status: 1 }, { sku: 'PG-0000003', source_code: 'default', quantity: 0, status: 0 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    const after = await m.call(`/rest/V1/inventory/source-items${criteria([[['sku', 'PG-0000002,PG-0000003', 'in']], [['source_code', 'default']]])}`);
    expect(after.body.items).toEqual([
      { sku: 'PG-0000002', source_code: 'default', quantity: 77, status: 1 },
      { sku: 'PG-0000003', source_code: 'default', quantity: 0, status: 0 },
    ]);
    const bad = await m.call('/rest/V1/inventory/source-items', { body: { sourceItems: [{ sku: 'PG-0000002', source_code: 'nowhere', quantity: 1, status: 1 }] } });
    expect(bad.status).toBe(400);
  });
});

describe('a large catalog', () => {
  it('pages 100,000 variations by id and answers delta scans without scanning', async () => {
    const big = await startMagento({ variations: 100_000 });
    try {
      const total = big.sandbox.store.products.count;
      expect(total).toBeGreaterThan(100_000);
      const lastPage = Math.ceil(total / 300);
      const res = await big.call(`/rest/V1/products${criteria([], { pageSize: 300, currentPage: lastPage })}`);
      expect(res.body.total_count).toBe(total);
      expect(res.body.items.at(-1).id).toBe(total);
      await big.call('/rest/all/V1/products/PG-0099999', { method: 'PUT', body: { product: { price: 1.23 } } });
      const since = new Date(big.sandbox.store.products.generatedUntilMs + 1).toISOString();
      const delta = await big.call(`/rest/V1/products${criteria([[['updated_at', since, 'gt']]], { pageSize: 300 })}`);
      expect(delta.body.items.map((p: { sku: string }) => p.sku)).toEqual(['PG-0099999']);
    } finally {
      await big.close();
    }
  });
});

describe('legacy stock items', () => {
  it('updates the default source through PUT /V1/products/{sku}/stockItems/{itemId}', async () => {
    const res = await m.call('/rest/V1/products/PG-0000011/stockItems/12', { method: 'PUT', body: { stockItem: { qty: 5, is_in_stock: true } } });
    expect(res.status).toBe(200);
    expect(res.body).toBe(12);
    const items = await m.call(`/rest/V1/inventory/source-items${criteria([[['sku', 'PG-0000011']], [['source_code', 'default']]])}`);
    expect(items.body.items).toEqual([{ sku: 'PG-0000011', source_code: 'default', quantity: 5, status: 1 }]);
    const stock = await m.call('/rest/V1/stockItems/PG-0000011');
    expect(stock.body).toMatchObject({ product_id: 12, is_in_stock: true });
  });
});

describe('attribute options', () => {
  it('lists options with Magento\'s empty first entry, per store view', async () => {
    const options = await m.call('/rest/V1/products/attributes/color/options');
    expect(options.body[0]).toEqual({ label: ' ', value: '' });
    expect(options.body).toContainEqual({ label: 'Red', value: '103' });
    const de = await m.call('/rest/de/V1/products/attributes/color/options');
    expect(de.body).toContainEqual({ label: 'Rot', value: '103' });
    const attribute = await m.call('/rest/V1/products/attributes/color');
    expect(attribute.body).toMatchObject({ attribute_id: 93, attribute_code: 'color', frontend_input: 'select' });
    expect((await m.call('/rest/V1/products/attributes/nope')).status).toBe(404);
  });

  it('adds an option and answers "id_<value>"; a duplicate label is refused', async () => {
    const res = await m.call('/rest/V1/products/attributes/color/options', {
      body: { option: { label: 'Teal', sort_order: 9, is_default: false, store_labels: [{ store_id: 2, label: 'Petrol' }] } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^id_\d+$/);
    const value = res.body.slice(3);
    expect((await m.call('/rest/de/V1/products/attributes/color/options')).body).toContainEqual({ label: 'Petrol', value });
    const dup = await m.call('/rest/V1/products/attributes/color/options', { body: { option: { label: 'Teal' } } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ message: 'Admin store attribute option label "%1" is already exists.', parameters: ['Teal'] });
    expect((await m.call(`/rest/V1/products/attributes/color/options/${value}`, { method: 'DELETE' })).body).toBe(true);
  });
});
