/**
 * Issue "Done when" for the item export, through the gateway: the sandbox catalogue (simple and
 * configurable products, images, categories) is exported whole, a second full run writes nothing, a
 * configurable saved in Magento (its webhook) updates all its variations, and a product deleted in
 * Magento (its delete webhook) has its variation deactivated. PostgreSQL + Redis + BullMQ, one worker.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../queue/helpers.js';
import { magentoCall } from '../support/magento-call.js';
import { distributedMissing } from '../support/redis-required.js';
import { settled as settledHarness, startItemExportE2e, type ItemExportE2e } from './item-export-harness.js';

const distributed = !distributedMissing;
const VARIATIONS = 60;

interface RunRow { id: number; trigger: string; status: string; params: { mode: string; ids?: string[] }; processed: number; created: number; updated: number; skipped: number; failed: number }

describe.skipIf(!distributed)('item export through the gateway: full export, configurable save, delete webhook', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let e2e: ItemExportE2e;

  const runs = () => e2e.query<RunRow>(`select id, trigger, status, params, processed, created, updated, skipped, failed from profile_runs where profile_id = $1 and trigger <> 'cron' order by id`, [e2e.profileId]);
  const fullRun = async () => {
    const before = (await runs()).length;
    await e2e.runtime.service.requestRun(e2e.profileId, { trigger: 'manual', input: { mode: 'full' } });
    return waitFor(async () => {
      const rows = await runs();
      return rows.length > before && rows.at(-1)!.status !== 'running' ? rows.at(-1) : undefined;
    }, 'the full run', 180_000);
  };
  const settled = () => settledHarness(e2e, 60_000);

  beforeAll(async () => {
    e2e = await startItemExportE2e({ variations: VARIATIONS, env: { MAGENTO_WEBHOOK_SECRET: secret } });
    await e2e.startWorker();
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  }, 60_000);

  it('exports every product of the catalogue, and a second full run writes nothing', { timeout: 400_000 }, async () => {
    const first = await fullRun();
    expect(first).toMatchObject({ status: 'completed', processed: e2e.catalog.itemCount, created: e2e.catalog.itemCount, failed: 0 });
    const items = e2e.plenty.sandbox.stores.items;
    for (let i = 0; i < VARIATIONS; i++) {
      const v = e2e.catalog.variation(i);
      const held = items.variationByNumber(v.sku);
      expect(held, v.sku).toBeDefined();
      expect(held!.attributeValues.map((a) => a.valueId).sort()).toEqual(v.attributes.map((a) => a.valueId).sort());
      expect(items.item(held!.itemId)!.images).toHaveLength(1);
    }
    await e2e.resetPlentyRequests();
    expect(await fullRun()).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await e2e.plentyWrites()).toEqual({});

    const res = await fetch(`${e2e.magento.url}/_sandbox/webhooks`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 'shop', url: `${e2e.gateway.url}/webhooks/magento`, format: 'standard', secret, events: ['product.saved', 'product.deleted'] }]),
    });
    expect(res.status).toBe(200);
  });

  it('a configurable saved in Magento updates all its variations', { timeout: 120_000 }, async () => {
    const { catalog, magento, plenty } = e2e;
    const item = Array.from({ length: catalog.itemCount }, (_, i) => catalog.item(i)).find((it) => it.type === 'configurable' && it.variationCount > 1)!;
    const skus = Array.from({ length: item.variationCount }, (_, k) => catalog.variation(item.firstVariationIndex + k).sku);
    const linked = await e2e.query<{ magento_key: string; plenty_id: string }>(`select magento_key, plenty_id from entity_links where entity_type = 'category' order by magento_key`);
    const product = await magentoCall(magento.url, 'GET', `/rest/all/V1/products/${encodeURIComponent(item.sku)}`);
    const had = new Set((product.extension_attributes.category_links as { category_id: string }[]).map((l) => l.category_id));
    const extra = linked.find((l) => !had.has(l.magento_key))!;
    await e2e.resetPlentyRequests();
    await magentoCall(magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(item.sku)}`, {
      product: { sku: item.sku, extension_attributes: { category_links: [...product.extension_attributes.category_links, { position: 9, category_id: extra.magento_key }] } },
    });
    await settled();
    const event = (await runs()).filter((r) => r.trigger === 'event').at(-1);
    expect(event).toMatchObject({ status: 'completed', params: { mode: 'ids', ids: [item.sku] }, updated: 1, failed: 0 });
    for (const sku of skus) expect(plenty.sandbox.stores.items.variationByNumber(sku)!.categoryIds).toContain(Number(extra.plenty_id));
    expect(await e2e.plentyWrites()).toEqual({ 'POST /rest/items/variations/variation_categories': 1 });
  });

  it('a product deleted in Magento has its variation deactivated by the delete webhook', { timeout: 120_000 }, async () => {
    const { catalog, magento, plenty } = e2e;
    const index = Array.from({ length: VARIATIONS }, (_, i) => i).find((i) => catalog.item(catalog.variation(i).itemIndex).type === 'simple' && catalog.variation(i).active)!;
    const sku = catalog.variation(index).sku;
    expect(plenty.sandbox.stores.items.variationByNumber(sku)!.isActive).toBe(true);
    await e2e.resetPlentyRequests();
    await magentoCall(magento.url, 'DELETE', `/rest/all/V1/products/${encodeURIComponent(sku)}`);
    await settled();
    const event = (await runs()).filter((r) => r.trigger === 'event').at(-1);
    expect(event).toMatchObject({ status: 'completed', params: { mode: 'ids', ids: [sku] }, updated: 1, failed: 0 });
    expect(plenty.sandbox.stores.items.variationByNumber(sku)!.isActive).toBe(false);
    expect(await e2e.plentyWrites()).toEqual({ 'PUT /rest/items/:itemId/variations/:variationId': 1 });
  });
});

if (!distributed) {
  describe('item export through the gateway: full export, configurable save, delete webhook', () => {
    it.skip(distributedMissing!, () => {});
  });
}
