import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { startItemExportSuite, type ItemExportSuite } from './support/item-export-suite.js';

const VARIATIONS = 24;

describe(`item export: configurables, bulk refusals, children saved alone (${engine})`, () => {
  let s: ItemExportSuite;

  beforeAll(async () => {
    // No attribute value is linked: the export finds or creates them in PlentyONE.
    s = await startItemExportSuite({ variations: VARIATIONS, config: { configurables: {} }, attributeValuesLinked: false });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  const configurables = () => {
    const out = new Map<string, string[]>();
    for (let i = 0; i < VARIATIONS; i++) {
      const v = s.catalog.variation(i);
      if (v.parentSku) out.set(v.parentSku, [...(out.get(v.parentSku) ?? []), v.sku]);
    }
    return out;
  };

  it('exports every configurable with one variation per child, its super attributes found in PlentyONE by name', async () => {
    const result = await s.run({ mode: 'full' });
    expect(result, (await s.messages(result.runId)).join('\n')).toMatchObject({ status: 'completed', failed: 0 });
    expect(configurables().size).toBeGreaterThan(0);
    for (const skus of configurables().values()) {
      const variations = await Promise.all(skus.map(s.variationOf));
      expect(new Set(variations.map((v) => v!.itemId)).size).toBe(1);
      for (const [k, sku] of skus.entries()) {
        const expected = s.catalog.variation(s.catalog.variationIndexBySku(sku)!).attributes.map((a) => expect.objectContaining({ attributeId: a.attributeId, valueId: a.valueId }));
        expect(variations[k]!.variationAttributeValues).toEqual(expected);
      }
    }
    // The generator's attributes and values exist in PlentyONE: nothing was created.
    expect((await s.writes())['POST /rest/items/attributes/:attributeId/values'] ?? 0).toBe(0);
    await s.resetRequests();
    expect(await s.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await s.writes()).toEqual({});
  });

  it('creates a PlentyONE attribute value for a new Magento option once, and the child carries it', async () => {
    const [parent, skus] = [...configurables()][0]!;
    const child = skus.at(-1)!;
    const option = Number(String((await magentoCall(s.magento.url, 'POST', '/rest/all/V1/products/attributes/color/options', { option: { label: 'Petrol' } }))).replace('id_', ''));
    await magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(child)}`, { product: { sku: child, custom_attributes: [{ attribute_code: 'color', value: String(option) }] } });
    await s.resetRequests();
    const result = await s.run({ mode: 'ids', ids: [parent] });
    expect(result, (await s.messages(result.runId)).join('\n')).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect((await s.writes())['POST /rest/items/attributes/:attributeId/values']).toBe(1);
    const created = s.plentySandbox.stores.attributes.values.find((v) => v.backendName === 'Petrol')!;
    expect((await s.variationOf(child))!.variationAttributeValues).toContainEqual(expect.objectContaining({ valueId: created.id }));
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [parent] });
    expect((await s.writes())['POST /rest/items/attributes/:attributeId/values'] ?? 0).toBe(0);
  });

  it('with createAttributes off, a configurable with an option PlentyONE lacks fails with what to do', async () => {
    const [parent, skus] = [...configurables()][1]!;
    const option = Number(String((await magentoCall(s.magento.url, 'POST', '/rest/all/V1/products/attributes/color/options', { option: { label: 'Mauve' } }))).replace('id_', ''));
    await magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(skus[0]!)}`, { product: { sku: skus[0], custom_attributes: [{ attribute_code: 'color', value: String(option) }] } });
    await s.setConfig({ configurables: { createAttributes: false } });
    try {
      await s.resetRequests();
      const result = await s.run({ mode: 'ids', ids: [parent] });
      expect(result).toMatchObject({ created: 0, updated: 0, failed: 1 });
      expect((await s.messages(result.runId)).join('\n')).toMatch(/"Mauve" of "color" has no value in PlentyONE[\s\S]*configurables\.createAttributes/);
      expect(await s.writes()).toEqual({});
    } finally {
      await s.setConfig({ configurables: {} });
    }
  });

  it('a configurable saved in Magento updates all its variations', async () => {
    const [parent, skus] = [...configurables()][2]!;
    // A category the configurable had not: every variation is linked to it.
    const links = await s.links.list('category');
    const product = await magentoCall(s.magento.url, 'GET', `/rest/all/V1/products/${encodeURIComponent(parent)}`);
    const had = new Set((product.extension_attributes.category_links as { category_id: string }[]).map((l) => l.category_id));
    const extra = links.find((l) => !had.has(l.magentoKey))!;
    await magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(parent)}`, {
      product: { sku: parent, extension_attributes: { category_links: [...product.extension_attributes.category_links, { position: 9, category_id: extra.magentoKey }] } },
    });
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [parent] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    for (const sku of skus) {
      expect(((await s.variationOf(sku))!.variationCategories as { categoryId: number }[]).map((c) => c.categoryId)).toContain(Number(extra.plentyId));
    }
    expect(await s.writes()).toEqual({ 'POST /rest/items/variations/variation_categories': 1 });
  });

  it('a child saved alone writes only its own variation when exportParentOnChildSave is off', async () => {
    const [, skus] = [...configurables()][0]!;
    const child = skus[0]!;
    await magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(child)}`, { product: { sku: child, price: 55.5, name: 'Renamed child' } });
    await s.setConfig({ configurables: { exportParentOnChildSave: false } });
    try {
      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [child] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      expect(await s.writes()).toEqual({ 'PUT /rest/items/variations/variation_sales_prices': 1 });
      const prices = (await s.variationOf(child))!.variationSalesPrices as { salesPriceId: number; price: number }[];
      expect(prices.find((p) => p.salesPriceId === 1)?.price).toBe(55.5);
    } finally {
      await s.setConfig({ configurables: {} });
    }
  });

  it('a price row PlentyONE refuses fails its product with the reason; the others in the call are written', async () => {
    const simples = [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => !v.parentSku).slice(0, 2);
    expect(simples).toHaveLength(2);
    const [a, b] = simples as [typeof simples[0], typeof simples[0]];
    // The regular price of A was removed in PlentyONE behind plentygate's back: its update is refused.
    const va = (await s.variationOf(a.sku))!;
    const c = await s.client();
    await c.request('DELETE', '/rest/items/{id}/variations/{variationId}/variation_sales_prices/{priceId}', { path: { id: va.itemId, variationId: va.id, priceId: 1 } });
    for (const v of [a, b]) await magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(v.sku)}`, { product: { sku: v.sku, price: 66.25 } });
    await s.resetRequests();
    const result = await s.run({ mode: 'ids', ids: [a.sku, b.sku] });
    expect(result).toMatchObject({ status: 'partial', updated: 1, failed: 1 });
    expect((await s.messages(result.runId)).join('\n')).toMatch(new RegExp(`${a.sku}[\\s\\S]*No variation price found`));
    // One bulk call carried both rows.
    expect(await s.writes()).toEqual({ 'PUT /rest/items/variations/variation_sales_prices': 1 });
    expect(((await s.variationOf(b.sku))!.variationSalesPrices as { salesPriceId: number; price: number }[]).find((p) => p.salesPriceId === 1)?.price).toBe(66.25);
  });

  const simple = (n: number) => [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => !v.parentSku)[n]!;

  it('a product deleted in Magento has its variation deactivated (deletions.mode "deactivate", the default)', async () => {
    const v = simple(2);
    expect(await s.variationOf(v.sku)).toMatchObject({ isActive: true });
    await magentoCall(s.magento.url, 'DELETE', `/rest/all/V1/products/${encodeURIComponent(v.sku)}`);
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await s.writes()).toEqual({ 'PUT /rest/items/:itemId/variations/:variationId': 1 });
    expect(await s.variationOf(v.sku)).toMatchObject({ number: v.sku, isActive: false });
  });

  it('with deletions.mode "delete" the item goes, and a SKU never exported is skipped with the reason', async () => {
    const v = simple(3);
    await magentoCall(s.magento.url, 'DELETE', `/rest/all/V1/products/${encodeURIComponent(v.sku)}`);
    await s.setConfig({ deletions: { mode: 'delete' } });
    try {
      const result = await s.run({ mode: 'ids', ids: [v.sku, 'PG-NEVER-THERE'] });
      expect(result).toMatchObject({ status: 'completed', updated: 1, skipped: 1, failed: 0 });
      expect(await s.variationOf(v.sku)).toBeUndefined();
      expect(await s.links.get('variation', v.sku)).toBeUndefined();
      expect((await s.messages(result.runId)).join('\n')).toMatch(/PG-NEVER-THERE is not in Magento and was never exported/);
    } finally {
      await s.setConfig({ deletions: { mode: 'deactivate' } });
    }
  });

  it('skips a product not visible individually when exportInvisibleChildren is off, and keeps a deleted one with deletions.mode "ignore"', async () => {
    const sku = 'PG-HIDDEN-0001';
    await magentoCall(s.magento.url, 'POST', '/rest/all/V1/products', { product: { sku, name: sku, price: 5, status: 1, visibility: 1, type_id: 'simple', attribute_set_id: 4 } });
    await s.setConfig({ configurables: { exportInvisibleChildren: false } });
    try {
      const result = await s.run({ mode: 'ids', ids: [sku] });
      expect(result).toMatchObject({ status: 'completed', skipped: 1, created: 0 });
      expect((await s.messages(result.runId)).join('\n')).toMatch(/not visible individually \(configurables\.exportInvisibleChildren is off\)/);
    } finally {
      await s.setConfig({ configurables: {} });
    }
    expect(await s.run({ mode: 'ids', ids: [sku] })).toMatchObject({ status: 'completed', created: 1 });
    await magentoCall(s.magento.url, 'DELETE', `/rest/all/V1/products/${sku}`);
    await s.setConfig({ deletions: { mode: 'ignore' } });
    try {
      await s.resetRequests();
      const result = await s.run({ mode: 'ids', ids: [sku] });
      expect(result).toMatchObject({ status: 'completed', skipped: 1 });
      expect(await s.writes()).toEqual({});
      expect(await s.variationOf(sku)).toMatchObject({ isActive: true });
    } finally {
      await s.setConfig({ deletions: {} });
    }
  });
});
