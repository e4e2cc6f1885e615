/** What Magento removed is removed in PlentyONE when the settings say so; images are found by checksum, never by URL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { startItemExportSuite, type ItemExportSuite } from './support/item-export-suite.js';

const VARIATIONS = 12;

describe(`item export: removals and images (${engine})`, () => {
  let s: ItemExportSuite;

  beforeAll(async () => {
    s = await startItemExportSuite({ variations: VARIATIONS });
    const first = await s.run({ mode: 'full' });
    expect(first, (await s.messages(first.runId)).join('\n')).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  const simples = () => [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => !v.parentSku && v.ean);
  const images = async (itemId: number) => (await s.client()).items.images(itemId);
  const put = (sku: string, product: Record<string, unknown>) => magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(sku)}`, { product: { sku, ...product } });

  it('keeps PlentyONE\'s own image URL and checksum, and a second run uploads nothing', async () => {
    const v = simples()[0]!;
    const variation = (await s.variationOf(v.sku))!;
    const [image] = await images(variation.itemId);
    const product = await magentoCall(s.magento.url, 'GET', `/rest/all/V1/products/${encodeURIComponent(v.sku)}`);
    expect(image!.url).not.toContain(product.media_gallery_entries[0].file);
    expect(image!.md5Checksum).toMatch(/^[0-9a-f]{32}$/);
    await s.resetRequests();
    expect(await s.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await s.writes()).toEqual({});
  });

  it('an item whose links are lost finds its images by checksum and uploads none again', async () => {
    const v = simples()[1]!;
    const itemId = (await s.variationOf(v.sku))!.itemId;
    await s.links.remove('item', v.sku);
    await s.links.remove('variation', v.sku);
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', created: 0, failed: 0 });
    expect((await s.writes())['POST /rest/items/:id/images/upload'] ?? 0).toBe(0);
    expect(await images(itemId)).toHaveLength(1);
    const link = await s.links.get('item', v.sku);
    expect((link!.meta as { images: { id: number }[] }).images.map((i) => i.id)).toEqual((await images(itemId)).map((i) => i.id));
  });

  it('uploads a new gallery file by content (media.upload "content") and deletes the removed one (media.deleteRemoved)', async () => {
    const v = simples()[2]!;
    const itemId = (await s.variationOf(v.sku))!.itemId;
    const [before] = await images(itemId);
    await put(v.sku, { media_gallery_entries: [{ file: '/n/e/new-shot.jpg', media_type: 'image', position: 1, types: ['image'] }] });
    await s.setConfig({ media: { upload: 'content', deleteRemoved: true } });
    try {
      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      expect(await s.writes()).toEqual({ 'POST /rest/items/:id/images/upload': 1, 'DELETE /rest/items/:id/images/:imageId': 1 });
      const after = await images(itemId);
      expect(after).toHaveLength(1);
      expect(after[0]!.id).not.toBe(before!.id);
    } finally {
      await s.setConfig({ media: {} });
    }
  });

  it('removes category links and barcodes Magento no longer has, only when deletions.categories / .barcodes are on', async () => {
    let v = simples()[3]!;
    for (const candidate of simples().slice(3)) {
      if (((await s.variationOf(candidate.sku))!.variationCategories as unknown[]).length > 0) { v = candidate; break; }
    }
    const before = (await s.variationOf(v.sku))!;
    const linked = (before.variationCategories as { categoryId: number }[]).map((c) => c.categoryId);
    expect(linked.length).toBeGreaterThan(0);
    expect(before.variationBarcodes).toHaveLength(1);
    await put(v.sku, { extension_attributes: { category_links: [] }, custom_attributes: [{ attribute_code: 'ean', value: '' }] });
    // Off (the default): nothing is removed.
    await s.resetRequests();
    await s.run({ mode: 'ids', ids: [v.sku] });
    expect(Object.keys(await s.writes()).filter((route) => route.startsWith('DELETE'))).toEqual([]);
    await s.setConfig({ deletions: { categories: true, barcodes: true } });
    try {
      // The hashes of the first run match what Magento has now: forget them so the aspects are compared again.
      await s.links.upsert({ entityType: 'variation', magentoKey: v.sku, plentyId: String(before.id), aspectHashes: { categories: 'x', barcodes: 'x' } });
      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      const after = (await s.variationOf(v.sku))!;
      expect(after.variationCategories).toEqual([]);
      expect(after.variationBarcodes).toEqual([]);
      expect((await s.writes())['DELETE /rest/items/:id/variations/:variationId/variation_categories/:catId']).toBe(linked.length);
    } finally {
      await s.setConfig({ deletions: {} });
    }
  });

  it('a full run deactivates the variation of a product deleted in Magento without a webhook, once', async () => {
    const v = simples()[4]!;
    await magentoCall(s.magento.url, 'DELETE', `/rest/all/V1/products/${encodeURIComponent(v.sku)}`);
    await s.resetRequests();
    expect(await s.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    expect(await s.variationOf(v.sku)).toMatchObject({ isActive: false });
    expect((await s.writes())['PUT /rest/items/:itemId/variations/:variationId']).toBe(1);
    await s.resetRequests();
    expect(await s.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await s.writes()).toEqual({});
  });

  it('with media.checksum a file whose content no longer matches PlentyONE\'s checksum is uploaded again, the old image deleted', async () => {
    const v = simples()[0]!;
    const itemId = (await s.variationOf(v.sku))!.itemId;
    const [before] = await images(itemId);
    await s.setConfig({ media: { checksum: true } });
    try {
      // Nothing differs: the checksums are compared, nothing is uploaded.
      await s.resetRequests();
      await s.run({ mode: 'ids', ids: [v.sku] });
      expect(await s.writes()).toEqual({});
      // As if the Magento file had been replaced under the same name: the MD5 PlentyONE reported no longer matches.
      const link = (await s.links.get('item', v.sku))!;
      const meta = link.meta as { images: { key: string; id: number; md5: string }[] };
      await s.links.upsert({ entityType: 'item', magentoKey: v.sku, plentyId: link.plentyId, aspectHashes: { images: 'x' }, meta: { ...meta, images: meta.images.map((i) => ({ ...i, md5: '0'.repeat(32) })) } });
      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      expect(await s.writes()).toEqual({ 'POST /rest/items/:id/images/upload': 1, 'DELETE /rest/items/:id/images/:imageId': 1 });
      const after = await images(itemId);
      expect(after.map((i) => i.id)).not.toContain(before!.id);
      expect(after).toHaveLength(1);
    } finally {
      await s.setConfig({ media: {} });
    }
  });

  it('writes a mapped market ident number once, updates it, adopts it when its id is lost, and deletes it when Magento empties the attribute', async () => {
    const v = simples()[1]!;
    const variation = (await s.variationOf(v.sku))!;
    const held = () => s.plentySandbox.stores.marketNumbers.of(variation.id).map((n) => [n.type, n.countryId, n.value]);
    await s.setConfig({ marketNumbers: [{ attribute: 'asin', type: 'ASIN', countryId: 1 }] });
    try {
      await put(v.sku, { custom_attributes: [{ attribute_code: 'asin', value: 'B00TEST001' }] });
      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      expect(held()).toEqual([['ASIN', 1, 'B00TEST001']]);
      await s.resetRequests();
      await s.run({ mode: 'ids', ids: [v.sku] });
      expect(await s.writes()).toEqual({});
      // The link forgot the number's id: it is read back and updated, not created again.
      const link = (await s.links.get('variation', v.sku))!;
      await s.links.upsert({ entityType: 'variation', magentoKey: v.sku, plentyId: link.plentyId, meta: { ...link.meta, marketNumberIds: {} } });
      await put(v.sku, { custom_attributes: [{ attribute_code: 'asin', value: 'B00TEST002' }] });
      await s.resetRequests();
      await s.run({ mode: 'ids', ids: [v.sku] });
      expect(await s.writes()).toEqual({ 'PUT /rest/items/:id/variations/:variationId/market_ident_numbers/:marketIdentNumberId': 1 });
      expect(held()).toEqual([['ASIN', 1, 'B00TEST002']]);
      await put(v.sku, { custom_attributes: [{ attribute_code: 'asin', value: '' }] });
      await s.run({ mode: 'ids', ids: [v.sku] });
      expect(held()).toEqual([]);
    } finally {
      await s.setConfig({ marketNumbers: [] });
    }
  });
});
