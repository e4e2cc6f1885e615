/**
 * Issue "Done when" for the item export: product saves in bursts (the same SKU saved ten times within
 * a second, each time with other values) produce one PlentyONE write, carrying the last save. The
 * Magento sandbox posts its `product.saved` webhooks to the gateway with the settings a merchant gets
 * by default (debounce 2 s); PostgreSQL + Redis + BullMQ, one worker process.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewaySettings, type ServedGateway } from '../../src/gateway/index.js';
import { sleep, waitFor } from '../queue/helpers.js';
import { settled as settledHarness, startItemExportE2e, type ItemExportE2e } from './item-export-harness.js';
import { distributedMissing } from '../support/redis-required.js';

const distributed = !distributedMissing;
const SAVES = 10;

interface RunRow { id: number; trigger: string; status: string; params: { mode: string; ids?: string[] }; created: number; updated: number; failed: number }

describe.skipIf(!distributed)('item export: a burst of saves of one product', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let e2e: ItemExportE2e;
  let gateway: ServedGateway;

  beforeAll(async () => {
    // Only the webhook secret is set: debounce, rate limits and dedupe are what a merchant gets by default.
    e2e = await startItemExportE2e({ variations: 60, env: { MAGENTO_WEBHOOK_SECRET: secret } });
    expect(loadGatewaySettings(e2e.env).debounceMs).toBe(2000);
    gateway = e2e.gateway;
    await e2e.startWorker();
    // Everything is in PlentyONE already: the saves below are updates.
    await e2e.runtime.service.requestRun(e2e.profileId, { trigger: 'manual', input: { mode: 'full' } });
    await waitFor(async () => (await runs()).some((r) => r.trigger === 'manual' && r.status === 'completed'), 'the first full export', 60_000);
    const res = await fetch(`${e2e.magento.url}/_sandbox/webhooks`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 'shop', url: `${gateway.url}/webhooks/magento`, format: 'standard', secret, events: ['product.saved'] }]),
    });
    expect(res.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
  }, 60_000);

  const runs = () => e2e.query<RunRow>(`select id, trigger, status, params, created, updated, failed from profile_runs where profile_id = $1 and trigger <> 'cron' order by id`, [e2e.profileId]);

  const settled = () => settledHarness(e2e, 30_000);

  it('ten saves of one SKU within a second are one variation update carrying the last save', { timeout: 60_000 }, async () => {
    const { catalog, plenty } = e2e;
    const index = Array.from({ length: catalog.variationCount }, (_, i) => i).find((i) => catalog.item(catalog.variation(i).itemIndex).type === 'simple')!;
    const sku = catalog.variation(index).sku;
    await e2e.resetPlentyRequests();

    const started = Date.now();
    for (let n = 0; n < SAVES; n++) {
      const res = await fetch(`${e2e.magento.url}/_sandbox/products`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ product: { sku, price: 20 + n, weight: 1 + n / 10 } }),
      });
      expect(res.status).toBe(200);
      await sleep(80);
    }
    expect(Date.now() - started, 'the saves came within the debounce window (the premise of this test)').toBeLessThan(2_000);
    await settled();

    const deliveries = await (await fetch(`${e2e.magento.url}/_sandbox/webhooks/deliveries`)).json() as { deliveries: { ok: boolean; type: string }[] };
    expect(deliveries.deliveries.filter((d) => d.type === 'product.saved' && d.ok)).toHaveLength(SAVES);
    const [inbox] = await e2e.query<{ n: number }>(`select count(*)::int as n from webhook_inbox where status = 'dispatched'`);
    expect(inbox!.n).toBe(SAVES);

    const eventRuns = (await runs()).filter((r) => r.trigger === 'event');
    expect(eventRuns).toHaveLength(1);
    expect(eventRuns[0]).toMatchObject({ status: 'completed', params: { mode: 'ids', ids: [sku] }, created: 0, updated: 1, failed: 0 });
    expect(await e2e.plentyWrites()).toEqual({
      'PUT /rest/items/:itemId/variations/:variationId': 1,
      'PUT /rest/items/variations/variation_sales_prices': 1,
    });

    const variation = plenty.sandbox.stores.items.variationByNumber(sku)!;
    expect(variation.weightG).toBe(1900);
    expect(variation.prices.find((p) => p.salesPriceId === 1)?.price).toBe(29);
  });
});

if (!distributed) {
  describe('item export: a burst of saves of one product', () => {
    it.skip(distributedMissing!, () => {});
  });
}
