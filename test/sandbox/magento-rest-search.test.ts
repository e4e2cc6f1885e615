import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria, startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
beforeAll(async () => {
  m = await startMagento();
});
afterAll(async () => {
  await m?.close();
});

const skus = (body: { items: { sku: string }[] }) => body.items.map((i) => i.sku);

describe('Magento REST auth', () => {
  it('answers 401 with Magento\'s message without a token and with a wrong one', async () => {
    for (const token of [null, 'wrong']) {
      const res = await m.call('/rest/V1/products/PG-0000001', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        message: "The consumer isn't authorized to access %resources.",
        parameters: { resources: 'Magento_Catalog::products' },
      });
    }
    expect((await m.call('/rest/V1/products/PG-0000001')).status).toBe(200);
  });

  it('accepts a configured token', async () => {
    const other = await startMagento({ token: 'secret-token' });
    try {
      expect((await other.call('/rest/V1/store/websites', { token: 'secret-token' })).status).toBe(200);
      expect((await other.call('/rest/V1/store/websites')).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers unknown routes like Magento', async () => {
    const res = await m.call('/rest/V1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Request does not match any route.');
  });
});

describe('searchCriteria', () => {
  it('requires searchCriteria on list endpoints', async () => {
    const res = await m.call('/rest/V1/products');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'searchCriteria' } });
  });

  it('pages with a default page size of 20 and echoes the criteria', async () => {
    const res = await m.call('/rest/V1/products?searchCriteria=');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(20);
    expect(res.body.total_count).toBe(m.sandbox.store.products.count);
    expect(res.body.search_criteria).toEqual({ filter_groups: [] });
    const page2 = await m.call(`/rest/V1/products${criteria([], { pageSize: 5, currentPage: 2 })}`);
    expect(page2.body.items.map((p: { id: number }) => p.id)).toEqual([6, 7, 8, 9, 10]);
    expect(page2.body.search_criteria).toEqual({ filter_groups: [], page_size: 5, current_page: 2 });
  });

  it('refuses a page size above 300', async () => {
    const res = await m.call(`/rest/V1/products${criteria([], { pageSize: 301 })}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'Maximum SearchCriteria pageSize is %max', parameters: { max: 300 } });
    const full = await m.call(`/rest/V1/products${criteria([], { pageSize: 300 })}`);
    expect(full.body.items).toHaveLength(Math.min(300, m.sandbox.store.products.count));
  });

  it('ORs filters inside a group and ANDs groups', async () => {
    const or = await m.call(`/rest/V1/products${criteria([[['sku', 'PG-0000001'], ['sku', 'PG-0000002']]])}`);
    expect(skus(or.body)).toEqual(['PG-0000001', 'PG-0000002']);
    const and = await m.call(
      `/rest/V1/products${criteria([[['sku', 'PG-0000001'], ['sku', 'PG-0000002']], [['entity_id', '2', 'gt']]])}`,
    );
    expect(skus(and.body)).toEqual(['PG-0000002']);
    expect(and.body.total_count).toBe(1);
  });

  it('supports every condition type', async () => {
    const ids = async (field: string, value: string, condition: string) => {
      const res = await m.call(`/rest/V1/products${criteria([[[field, value, condition]], [['entity_id', '10', 'lteq']]], { pageSize: 50 })}`);
      expect(res.status).toBe(200);
      return res.body.items.map((p: { id: number }) => p.id);
    };
    expect(await ids('entity_id', '3', 'eq')).toEqual([3]);
    expect(await ids('entity_id', '3', 'neq')).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(await ids('entity_id', '8', 'gt')).toEqual([9, 10]);
    expect(await ids('entity_id', '8', 'gteq')).toEqual([8, 9, 10]);
    expect(await ids('entity_id', '3', 'lt')).toEqual([1, 2]);
    expect(await ids('entity_id', '2', 'lteq')).toEqual([1, 2]);
    expect(await ids('entity_id', '9', 'from')).toEqual([9, 10]);
    expect(await ids('entity_id', '1', 'to')).toEqual([1]);
    expect(await ids('entity_id', '2,4', 'in')).toEqual([2, 4]);
    expect(await ids('entity_id', '2,3,4,5,6,7,8,9', 'nin')).toEqual([1, 10]);
    expect(await ids('sku', 'pg-000000%', 'like')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await ids('sku', '%7', 'like')).toEqual([8]);
    expect(await ids('sku', '%0000000', 'nlike')).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await ids('special_price', '', 'null')).toEqual(
      (await ids('entity_id', '0', 'gt')).filter((id: number) => m.sandbox.store.products.getById(id)!.specialPrice === null),
    );
    expect((await ids('special_price', '', 'notnull')).length + (await ids('special_price', '', 'null')).length).toBe(10);
    const product = m.sandbox.store.products.getById(4)!;
    expect(await ids('category_ids', String(product.categoryIds[0]), 'finset')).toContain(4);
  });

  it('sorts by several fields', async () => {
    const res = await m.call(`/rest/V1/products${criteria([[['entity_id', '6', 'lteq']]], { sort: [['price', 'DESC'], ['entity_id', 'ASC']] })}`);
    const prices = res.body.items.map((p: { price: number }) => p.price);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    expect(res.body.search_criteria.sort_orders).toEqual([{ field: 'price', direction: 'DESC' }, { field: 'entity_id', direction: 'ASC' }]);
  });

  it('answers an empty page past the end for products, the last page again for orders and customers', async () => {
    const products = await m.call(`/rest/V1/products${criteria([[['entity_id', '5', 'lteq']]], { pageSize: 2, currentPage: 9 })}`);
    expect(products.body.items).toEqual([]);
    expect(products.body.total_count).toBe(5);

    const orders = await m.call(`/rest/V1/orders${criteria([[['entity_id', '5', 'lteq']]], { pageSize: 2, currentPage: 9 })}`);
    expect(orders.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([5]);
    expect(orders.body.total_count).toBe(5);

    const count = m.sandbox.store.customers.count;
    const customers = await m.call(`/rest/V1/customers/search${criteria([], { pageSize: 7, currentPage: 1000 })}`);
    const lastPageStart = Math.floor((count - 1) / 7) * 7 + 1;
    expect(customers.body.items[0].id).toBe(lastPageStart);
    expect(customers.body.total_count).toBe(count);
  });

  it('compares dates given with or without time and zone', async () => {
    const until = m.sandbox.store.products.generatedUntilMs;
    const later = new Date(until + 1000).toISOString();
    const none = await m.call(`/rest/V1/products${criteria([[['updated_at', later.slice(0, 19).replace('T', ' '), 'gt']]])}`);
    expect(none.body.total_count).toBe(0);
    const all = await m.call(`/rest/V1/products${criteria([[['updated_at', '2000-01-01', 'gt']]])}`);
    expect(all.body.total_count).toBe(m.sandbox.store.products.count);
  });
});

describe('store views and the store-code prefix', () => {
  it('lists store views and websites', async () => {
    const views = await m.call('/rest/V1/store/storeViews');
    expect(views.body.map((v: { code: string }) => v.code)).toEqual(['admin', 'default', 'de']);
    const websites = await m.call('/rest/V1/store/websites');
    expect(websites.body).toContainEqual({ id: 1, code: 'base', name: 'Main Website', default_group_id: 1 });
    const configs = await m.call('/rest/V1/store/storeConfigs');
    expect(configs.body.find((s: { code: string }) => s.code === 'de').locale).toBe('de_DE');
    expect(configs.body[0].base_url).toBe(`${m.url}/`);
  });

  it('renders store-scoped texts under /rest/<store_code>/V1', async () => {
    const en = await m.call('/rest/V1/products/PG-0000003');
    const de = await m.call('/rest/de/V1/products/PG-0000003');
    const all = await m.call('/rest/all/V1/products/PG-0000003');
    expect(de.status).toBe(200);
    expect(de.body.name).not.toBe(en.body.name);
    expect(all.body.name).toBe(en.body.name);
    const unknown = await m.call('/rest/xx/V1/products/PG-0000003');
    expect(unknown.status).toBe(404);
  });

  it('counts REST calls in the request log by route pattern', async () => {
    await fetch(`${m.url}/_sandbox/requests`, { method: 'DELETE' });
    await m.call('/rest/V1/products/PG-0000001');
    await m.call('/rest/de/V1/products/PG-0000002');
    const log = (await (await fetch(`${m.url}/_sandbox/requests`)).json()) as any;
    expect(log.total).toBe(2);
    expect(log.byRoute['GET /rest/V1/products/:sku']).toBe(1);
    expect(log.byRoute['GET /rest/:storeCode/V1/products/:sku']).toBe(1);
  });
});

describe('fault injection on the REST API', () => {
  const addFault = async (rule: Record<string, unknown>) => {
    const res = await fetch(`${m.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
    expect(res.status).toBe(201);
  };

  it('answers injected errors in Magento\'s error format', async () => {
    await addFault({ method: 'GET', path: '/rest/V1/products/*', kind: 'error', status: 503, times: 1 });
    const failed = await m.call('/rest/V1/products/PG-0000001');
    expect(failed.status).toBe(503);
    expect(typeof failed.body.message).toBe('string');
    expect((await m.call('/rest/V1/products/PG-0000001')).status).toBe(200);
  });

  it('fail-after-write: the change is made although the answer is 500', async () => {
    await addFault({ method: 'PUT', path: '/rest/*', kind: 'fail-after-write', times: 1 });
    const res = await m.call('/rest/all/V1/products/PG-0000009', { method: 'PUT', body: { product: { price: 99.99 } } });
    expect(res.status).toBe(500);
    expect((await m.call('/rest/V1/products/PG-0000009')).body.price).toBe(99.99);
    await fetch(`${m.url}/_sandbox/faults`, { method: 'DELETE' });
  });
});

describe('?fields= response filter', () => {
  it('keeps only the named fields, nested ones included', async () => {
    const res = await m.call(`/rest/V1/products${criteria([], { pageSize: 2 }).replace('?', '?fields=items[sku,extension_attributes[stock_item[qty]]],total_count&')}`);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'total_count']);
    expect(res.body.items[0]).toEqual({ sku: 'PG-0000000', extension_attributes: { stock_item: { qty: expect.any(Number) } } });
    const one = await m.call('/rest/V1/products/PG-0000001?fields=sku,price');
    expect(Object.keys(one.body).sort()).toEqual(['price', 'sku']);
  });
});
