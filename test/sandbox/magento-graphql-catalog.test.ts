import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsIn } from '../../src/sandbox/magento/store/index.js';
import type { Product } from '../../src/sandbox/magento/store/index.js';
import { startGraphqlSandbox } from './magento-graphql-server.js';
import type { GraphqlSandbox } from './magento-graphql-server.js';

const uid = (id: number | string) => Buffer.from(String(id)).toString('base64');

interface ProductsAnswer {
  products: {
    total_count: number;
    page_info: { page_size: number; current_page: number; total_pages: number };
    items: { sku: string; name: string; uid: string; __typename: string; categories: { uid: string }[] }[];
  };
}

const PRODUCTS = `query ($filter: ProductAttributeFilterInput, $pageSize: Int, $currentPage: Int) {
  products(filter: $filter, pageSize: $pageSize, currentPage: $currentPage) {
    total_count
    page_info { page_size current_page total_pages }
    items { __typename sku name uid categories { uid } }
  }
}`;

describe('Magento GraphQL sandbox: catalog reads', () => {
  let sandbox: GraphqlSandbox;
  /** Simple products the storefront shows (enabled, visible in catalog, in stock). */
  let shown: Product[];
  let configurable: Product;

  const products = async (filter: object, extra: object = {}, headers: Record<string, string> = {}) => {
    const { body } = await sandbox.gql<ProductsAnswer>(PRODUCTS, { filter, ...extra }, headers);
    expect(body.errors).toBeUndefined();
    return (body.data as ProductsAnswer).products;
  };

  beforeAll(async () => {
    sandbox = await startGraphqlSandbox({ variations: 200 });
    const { store } = sandbox;
    const all = [...store.products.iterate()];
    const visible = (p: Product) => p.status === 1 && (p.visibility === 2 || p.visibility === 4);
    shown = all.filter((p) => p.typeId === 'simple' && visible(p) && store.inventory.isInStock(p.sku));
    const parent = all.find(
      (p) => p.typeId === 'configurable' && visible(p) && store.products.children(p.sku).some((c) => store.inventory.isInStock(c.sku)),
    );
    if (shown.length < 6 || !parent) throw new Error('the generated catalog lacks simple or configurable products');
    configurable = parent;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('finds products by sku eq and sku in', async () => {
    const [a, b, c] = shown as [Product, Product, Product];
    const one = await products({ sku: { eq: a.sku } });
    expect(one.total_count).toBe(1);
    expect(one.items).toEqual([
      expect.objectContaining({ __typename: 'SimpleProduct', sku: a.sku, name: a.name, uid: uid(a.id) }),
    ]);
    const three = await products({ sku: { in: [c.sku, a.sku, b.sku, 'NOT-THERE'] } });
    expect(three.total_count).toBe(3);
    expect(three.items.map((i) => i.sku).sort()).toEqual([a.sku, b.sku, c.sku].sort());
  });

  it('matches names word by word and finds a product by url_key', async () => {
    const target = shown[0] as Product;
    const word = target.name.split(/\s+/).find((w) => /^\p{L}{3,}$/u.test(w)) as string;
    const byName = await products({ name: { match: word } }, { pageSize: 100 });
    expect(byName.total_count).toBeGreaterThan(0);
    for (const item of byName.items) expect(item.name.toLowerCase()).toContain(word.toLowerCase());
    expect(byName.items.map((i) => i.sku)).toContain(target.sku);

    const byUrlKey = await products({ url_key: { eq: target.urlKey } });
    expect(byUrlKey.items.map((i) => i.sku)).toEqual([target.sku]);
  });

  it('filters by category_uid and pages with page_info and total_count', async () => {
    const categoryId = (shown[0] as Product).categoryIds[0] as number;
    const inCategory = await products({ category_uid: { eq: uid(categoryId) } }, { pageSize: 100 });
    expect(inCategory.total_count).toBeGreaterThan(0);
    expect(inCategory.items.map((i) => i.sku)).toContain((shown[0] as Product).sku);

    const root = sandbox.store.categories.get(2);
    expect(root).toBeDefined();
    const everything = await products({ category_uid: { eq: uid(2) } }, { pageSize: 5, currentPage: 1 });
    const second = await products({ category_uid: { eq: uid(2) } }, { pageSize: 5, currentPage: 2 });
    expect(everything.total_count).toBeGreaterThan(10);
    expect(everything.page_info).toEqual({ page_size: 5, current_page: 1, total_pages: Math.ceil(everything.total_count / 5) });
    expect(second.page_info.current_page).toBe(2);
    expect(second.items).toHaveLength(5);
    expect(second.items.map((i) => i.sku)).not.toContain(everything.items[0]?.sku);

    const beyond = everything.page_info.total_pages + 1;
    const { body } = await sandbox.gql(PRODUCTS, { filter: { category_uid: { eq: uid(2) } }, pageSize: 5, currentPage: beyond });
    expect(body.errors?.[0]).toMatchObject({
      message: `currentPage value ${beyond} specified is greater than the ${beyond - 1} page(s) available.`,
      extensions: { category: 'graphql-input' },
    });
  });

  it('shows a configurable with its options and in-stock variants', async () => {
    const { body } = await sandbox.gql<{
      products: {
        items: {
          __typename: string;
          configurable_options: { attribute_code: string; values: { uid: string; label: string }[] }[];
          variants: { attributes: { code: string; uid: string; label: string }[]; product: { sku: string; __typename: string } }[];
        }[];
      };
    }>(
      `query ($sku: String) { products(filter: { sku: { eq: $sku } }) { items { __typename
        ... on ConfigurableProduct {
          configurable_options { attribute_code values { uid label } }
          variants { attributes { code uid label } product { __typename sku } }
        } } } }`,
      { sku: configurable.sku },
    );
    expect(body.errors).toBeUndefined();
    const item = body.data?.products.items[0];
    expect(item?.__typename).toBe('ConfigurableProduct');
    const codes = (configurable.configurable?.options ?? []).map((o) => o.attributeCode);
    expect(item?.configurable_options.map((o) => o.attribute_code)).toEqual(codes);
    const expectedChildren = sandbox.store.products
      .children(configurable.sku)
      .filter((c) => c.status === 1 && sandbox.store.inventory.isInStock(c.sku))
      .map((c) => c.sku);
    expect(item?.variants.map((v) => v.product.sku)).toEqual(expectedChildren);
    const optionUids = new Set(item?.configurable_options.flatMap((o) => o.values.map((v) => v.uid)));
    for (const variant of item?.variants ?? []) {
      expect(variant.product.__typename).toBe('SimpleProduct');
      expect(variant.attributes.map((a) => a.code)).toEqual(codes);
      for (const attribute of variant.attributes) expect(optionUids.has(attribute.uid)).toBe(true);
    }
  });

  it('hides disabled products and products not visible in the catalog', async () => {
    const [, , , disabled, invisible, kept] = shown as Product[] as [Product, Product, Product, Product, Product, Product];
    await sandbox.store.products.save({ sku: disabled.sku, status: 2 });
    await sandbox.store.products.save({ sku: invisible.sku, visibility: 1 });
    const answer = await products({ sku: { in: [disabled.sku, invisible.sku, kept.sku] } });
    expect(answer.items.map((i) => i.sku)).toEqual([kept.sku]);
    expect(answer.total_count).toBe(1);
  });

  it('switches names by the Store header and refuses unknown store codes', async () => {
    const product = shown[1] as Product;
    await sandbox.store.products.save({ sku: product.sku, name: 'Sandbox-Hemd' }, 'de');
    const en = await products({ sku: { eq: product.sku } });
    const de = await products({ sku: { eq: product.sku } }, {}, { Store: 'de' });
    expect(en.items[0]?.name).toBe(textsIn(product, 'default').name);
    expect(de.items[0]?.name).toBe('Sandbox-Hemd');

    const unknown = await sandbox.gql('{ storeConfig { store_code } }', {}, { Store: 'xx' });
    expect(unknown.body).toEqual({
      errors: [{ message: 'Requested store is not found', extensions: { category: 'graphql-input' } }],
    });
  });

  it('answers the category tree, per store view', async () => {
    const query = `{ categories { total_count items { uid name level children_count children { uid name level children { uid } } } } }`;
    const { body } = await sandbox.gql<{
      categories: { total_count: number; items: { uid: string; name: string; level: number; children_count: string; children: { uid: string; name: string; level: number }[] }[] };
    }>(query);
    expect(body.errors).toBeUndefined();
    const rootAnswer = body.data?.categories.items[0];
    const { categories } = sandbox.store;
    const root = categories.get(2);
    expect(body.data?.categories.total_count).toBe(1);
    expect(rootAnswer).toMatchObject({ uid: uid(2), name: root?.name, level: 1 });
    expect(rootAnswer?.children_count).toBe(String(categories.descendantCount(2)));
    const children = categories.childrenOf(2).filter((c) => c.isActive);
    expect(rootAnswer?.children.map((c) => c.uid)).toEqual(children.map((c) => uid(c.id)));

    const first = children[0];
    if (!first) throw new Error('the generated tree has no top-level category');
    await categories.update(first.id, { name: 'Sandbox-Kategorie' }, 'de');
    const byUid = `query ($uid: String) { categories(filters: { category_uid: { eq: $uid } }) { items { name } } }`;
    const de = await sandbox.gql<{ categories: { items: { name: string }[] } }>(byUid, { uid: uid(first.id) }, { Store: 'de' });
    const en = await sandbox.gql<{ categories: { items: { name: string }[] } }>(byUid, { uid: uid(first.id) });
    expect(de.body.data?.categories.items).toEqual([{ name: 'Sandbox-Kategorie' }]);
    expect(en.body.data?.categories.items).toEqual([{ name: first.name }]);
  });

  it('answers storeConfig for the selected view and availableStores', async () => {
    const query = '{ storeConfig { store_code locale base_currency_code root_category_uid } availableStores { store_code store_name locale is_default_store } }';
    const en = await sandbox.gql<{ storeConfig: Record<string, unknown>; availableStores: Record<string, unknown>[] }>(query);
    const de = await sandbox.gql<{ storeConfig: Record<string, unknown> }>(query, {}, { Store: 'de' });
    expect(en.body.data?.storeConfig).toMatchObject({ store_code: 'default', locale: 'en_US', root_category_uid: uid(2) });
    expect(de.body.data?.storeConfig).toMatchObject({ store_code: 'de', locale: 'de_DE' });
    const views = sandbox.store.frontViews();
    expect(en.body.data?.availableStores).toEqual(
      views.map((v) => ({ store_code: v.code, store_name: v.name, locale: v.locale, is_default_store: v.code === 'default' })),
    );
  });
});
