/**
 * Where exported images sit and are shown: a moved Magento gallery entry moves its PlentyONE image, and
 * media.referrers becomes each image's availabilities (at upload, and kept in sync when it changes).
 */
import { describe, expect, it } from 'vitest';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { exportedSuite } from './support/item-export-suite.js';

const VARIATIONS = 8;

describe(`item export: image positions and availabilities (${engine})`, () => {
  const s = exportedSuite({ variations: VARIATIONS });

  const simples = () => [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => !v.parentSku);
  const itemOf = async (sku: string) => (await s.variationOf(sku))!.itemId as number;
  const images = async (itemId: number) => (await s.client()).items.images(itemId);
  const availabilities = async (itemId: number) => {
    const client = await s.client();
    return Object.fromEntries(await Promise.all((await images(itemId)).map(async (i) => [i.id, (await client.items.imageDetails.availabilities(itemId, i.id)).map((a) => `${a.type}:${a.value}`).sort()] as const)));
  };
  const gallery = (sku: string, entries: { file: string; position: number }[]) =>
    magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(sku)}`, { product: { sku, media_gallery_entries: entries.map((e) => ({ ...e, media_type: 'image', types: [] })) } });

  it('moves an image whose gallery position changed in Magento, and a second run writes nothing', async () => {
    const v = simples()[0]!;
    const itemId = await itemOf(v.sku);
    await gallery(v.sku, [{ file: '/f/r/front.jpg', position: 1 }, { file: '/b/a/back.jpg', position: 2 }]);
    await s.setConfig({ media: { deleteRemoved: true } });
    try {
      expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', failed: 0 });
      const uploaded = await images(itemId);
      expect(uploaded).toHaveLength(2);
      const byPosition = () => images(itemId).then((list) => [...list].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((i) => i.id));
      const [front, back] = await byPosition();

      // The same files, swapped: no upload, no delete, each image moved.
      await gallery(v.sku, [{ file: '/f/r/front.jpg', position: 2 }, { file: '/b/a/back.jpg', position: 1 }]);
      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      expect(await s.writes()).toEqual({ 'PUT /rest/items/:id/images/:imageId': 2 });
      expect(await byPosition()).toEqual([back, front]);

      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [v.sku] })).toMatchObject({ status: 'completed', updated: 0, failed: 0 });
      expect(await s.writes()).toEqual({});
    } finally {
      await s.setConfig({ media: {} });
    }
  });

  it('sets media.referrers on every image, keeps them in sync when the list changes, and uploads new images with them', async () => {
    const [a, b] = simples().slice(1, 3);
    const items = [await itemOf(a!.sku), await itemOf(b!.sku)];
    expect(Object.values(await availabilities(items[0]!)).flat()).toEqual([]);

    // Images uploaded before the list was configured get it: one availability call per image.
    await s.setConfig({ media: { referrers: [{ type: 'mandant', value: 1000 }] } });
    await s.resetRequests();
    expect(await s.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    const imageCount = (await images(items[0]!)).length + (await images(items[1]!)).length;
    expect((await s.writes())['POST /rest/items/:id/images/:imageId/availabilities']).toBeGreaterThanOrEqual(imageCount);
    for (const itemId of items) for (const list of Object.values(await availabilities(itemId))) expect(list).toEqual(['mandant:1000']);

    await s.resetRequests();
    expect(await s.run({ mode: 'full' })).toMatchObject({ status: 'completed', updated: 0, failed: 0 });
    expect(await s.writes()).toEqual({});

    // A changed list: the one plentygate set is removed, the new one added.
    await s.setConfig({ media: { referrers: [{ type: 'marketplace', value: -1 }] } });
    expect(await s.run({ mode: 'ids', ids: [a!.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    for (const list of Object.values(await availabilities(items[0]!))) expect(list).toEqual(['marketplace:-1']);

    // A new gallery file is uploaded with its availabilities: no call of its own.
    await gallery(a!.sku, [{ file: '/n/e/new-side.jpg', position: 1 }]);
    await s.setConfig({ media: { referrers: [{ type: 'marketplace', value: -1 }], deleteRemoved: true } });
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: [a!.sku] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await s.writes()).toEqual({ 'POST /rest/items/:id/images/upload': 1, 'DELETE /rest/items/:id/images/:imageId': 1 });
    expect(Object.values(await availabilities(items[0]!))).toEqual([['marketplace:-1']]);
    await s.setConfig({ media: {} });
  });

  it('refuses an availability type PlentyONE does not have', async () => {
    const { itemExportConfigSchema } = await import('../../src/profiles/types/plenty_item_export/config.js');
    const parsed = itemExportConfigSchema.safeParse({ media: { referrers: [{ type: 'shop', value: 1 }] } });
    expect(parsed.success).toBe(false);
    const twice = itemExportConfigSchema.safeParse({ media: { referrers: [{ type: 'mandant', value: 1000 }, { type: 'mandant', value: 1000 }] } });
    expect(twice.error?.issues[0]?.message).toContain('already listed');
  });
});
