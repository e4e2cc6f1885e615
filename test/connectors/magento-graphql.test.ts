/**
 * The Magento client's GraphQL side against the Magento sandbox over HTTP: the generated typed
 * documents, the Store header, and error classification.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentApiError, TransientApiError } from '../../src/connectors/errors.js';
import {
  AvailableStoresDocument,
  CategoriesTreeDocument,
  ProductsBySkusDocument,
  StoreConfigDocument,
} from '../../src/graphql/generated/graphql.js';
import type { ProductsBySkusQuery } from '../../src/graphql/generated/graphql.js';
import { startMagentoHarness, type MagentoHarness } from './magento-support.js';

let m: MagentoHarness;
beforeAll(async () => {
  m = await startMagentoHarness({ variations: 150, orders: 10 });
});
afterAll(async () => {
  await m?.close();
});
afterEach(async () => {
  await m.clearFaults();
});

type Item = NonNullable<NonNullable<NonNullable<ProductsBySkusQuery['products']>['items']>[number]>;

/** A visible, enabled simple product without parent and a configurable with children in stock. */
function skus(): { simple: string; configurable: string } {
  const { products, inventory } = m.sandbox.store;
  let simple = '';
  let configurable = '';
  for (const p of products.iterate()) {
    if (p.status !== 1 || p.visibility === 1) continue;
    if (!simple && p.typeId === 'simple' && !products.parentSkuOf(p.sku) && inventory.isInStock(p.sku)) simple = p.sku;
    if (!configurable && p.typeId === 'configurable' && products.children(p.sku).some((c) => c.status === 1 && inventory.isInStock(c.sku))) {
      configurable = p.sku;
    }
    if (simple && configurable) break;
  }
  return { simple, configurable };
}

describe('typed GraphQL', () => {
  it('reads products by SKU with prices, media, categories and configurable variants', async () => {
    const { simple, configurable } = skus();
    await m.resetRequests();
    const { products } = await m.client().graphql.request(ProductsBySkusDocument, { skus: [simple, configurable] });
    expect((await m.requests())['POST /graphql']).toBe(1);
    expect(products?.total_count).toBe(2);
    const items = (products?.items ?? []).filter((i): i is Item => i !== null);
    const bySku = new Map(items.map((i) => [i.sku, i]));
    const s = bySku.get(simple)!;
    expect(s.__typename).toBe('SimpleProduct');
    expect(s.price_range.minimum_price.final_price.value).toBeGreaterThan(0);
    expect(s.price_range.minimum_price.final_price.currency).toBe('EUR');
    const c = bySku.get(configurable)!;
    if (c.__typename !== 'ConfigurableProduct') throw new Error(`expected a configurable, got ${c.__typename}`);
    // The narrowed type has the configurable fields: the generated types follow the selection.
    const codes = (c.configurable_options ?? []).map((o) => o?.attribute_code);
    expect(codes.length).toBeGreaterThan(0);
    const variant = c.variants?.[0];
    expect(variant?.product?.sku).toBeTruthy();
    expect(variant?.attributes?.map((a) => a?.code)).toEqual(codes);
  });

  it('selects the store view with the Store header', async () => {
    const { simple } = skus();
    await m.sandbox.store.products.save({ sku: simple, name: 'Deutscher Name' }, 'de');
    const client = m.client();
    const en = await client.graphql.request(ProductsBySkusDocument, { skus: [simple] });
    const de = await client.graphql.request(ProductsBySkusDocument, { skus: [simple] }, { store: 'de' });
    const deByDefault = await m.client({ storeCode: 'de' }).graphql.request(ProductsBySkusDocument, { skus: [simple] });
    expect(en.products?.items?.[0]?.name).not.toBe('Deutscher Name');
    expect(de.products?.items?.[0]?.name).toBe('Deutscher Name');
    expect(deByDefault.products?.items?.[0]?.name).toBe('Deutscher Name');
  });

  it('reads storeConfig, availableStores and the category tree without variables', async () => {
    const client = m.client();
    const { storeConfig } = await client.graphql.request(StoreConfigDocument, {}, { store: 'de' });
    expect(storeConfig).toMatchObject({ store_code: 'de', locale: 'de_DE' });
    const { availableStores } = await client.graphql.request(AvailableStoresDocument);
    expect(availableStores?.map((s) => s?.store_code)).toEqual(m.sandbox.store.frontViews().map((v) => v.code));
    const { categories } = await client.graphql.request(CategoriesTreeDocument);
    const root = categories?.items?.[0];
    expect(root?.level).toBe(1);
    expect(root?.children?.length).toBeGreaterThan(0);
  });
});

describe('GraphQL failures', () => {
  it('an unknown store view is permanent with Magento’s message', async () => {
    const error = await m.client().graphql.request(StoreConfigDocument, {}, { store: 'xx' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentApiError);
    expect((error as Error).message).toBe('Magento graphql query StoreConfig failed: Requested store is not found');
    expect(error).toMatchObject({ route: 'graphql query StoreConfig', status: 200 });
  });

  it('retries a query through a 500', async () => {
    await m.fault({ method: 'POST', path: '/graphql', kind: 'error', status: 500, times: 2 });
    await m.resetRequests();
    const { storeConfig } = await m.client().graphql.request(StoreConfigDocument);
    expect(storeConfig?.store_code).toBe('default');
    expect((await m.requests())['POST /graphql']).toBe(3);
  });

  it('gives up with a transient error, and times out as transient', async () => {
    await m.fault({ method: 'POST', path: '/graphql', kind: 'error', status: 502 });
    const failed = await m.client({ retries: 1 }).graphql.request(StoreConfigDocument).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TransientApiError);
    expect(failed).toMatchObject({ status: 502 });

    await m.clearFaults();
    await m.fault({ method: 'POST', path: '/graphql', kind: 'timeout', holdMs: 5_000 });
    const slow = await m.client({ timeoutMs: 150, retries: 0 }).graphql.request(StoreConfigDocument).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(TransientApiError);
    expect((slow as Error).message).toBe('Magento did not answer graphql query StoreConfig within 150 ms');
  });
});
