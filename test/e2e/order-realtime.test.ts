/**
 * The order export in real time at its defaults, through the gateway: no schedule, the default
 * debounce, the profile's settling period (shortened through config to keep the suite quick; the
 * default 60 s path is proven in test/profiles/order-export-settling.test.ts). Orders placed in the
 * Magento sandbox reach PlentyONE once each within the settling period plus 10 s; a Magento cancel
 * cancels the PlentyONE order; a shipment's tracking number reaches PlentyONE once. One `serve` process
 * on PostgreSQL (+ Redis) when DATABASE_URL (and REDIS_URL) are set, on the embedded default otherwise.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_QUEUE, RUN_JOB } from '../../src/profiles/queue-names.js';
import { orderExportSandboxConfig } from '../../src/profiles/types/plenty_order_export/sandbox-config.js';
import { freePort } from '../../src/runtime/free-port.js';
import type { RunningProcess } from '../../src/runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { engine } from '../support/db.js';
import { sleep, waitFor } from '../queue/helpers.js';
import { serveOnEngines } from './serve-on-engines.js';
import { magentoCall, type Json } from '../support/magento-call.js';


const SETTLING_SECONDS = 5;
const ORDERS = 20;
/** Simple products of the generated catalog that the sandboxes sell. */
const SKUS = ['PG-0000000', 'PG-0000001', 'PG-0000002', 'PG-0000003', 'PG-0000005', 'PG-0000006', 'PG-0000007'];

describe(`orders in real time at the defaults (${engine}${process.env.REDIS_URL ? ' + Redis' : ''})`, () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  let sandboxes: StartedSandboxes;
  let serve: RunningProcess;
  const exported = new Map<string, { entityId: number; orderId: number }>();

  const magento = (method: string, path: string, body?: unknown) => magentoCall(sandboxes.magento.url, method, path, body);
  const plentyOrders = (incrementId: string) => {
    const orders = sandboxes.plenty.sandbox.stores.orders;
    return orders.all().filter((o) => orders.externalOrderId(o) === incrementId);
  };
  const plentyCalls = (method: string, pattern: RegExp) => Object.entries(sandboxes.plenty.sandbox.log.snapshot().byRoute)
    .filter(([route]) => route.startsWith(`${method} `) && pattern.test(route.slice(method.length + 1)))
    .reduce((sum, [, n]) => sum + n, 0);
  /**
   * Every webhook answered and every run job done (none waiting, delayed or running; the queue's own
   * scheduled jobs, such as the nightly history cleanup and the profile's schedule, stay delayed and do not count).
   */
  const settled = async () => {
    await fetch(`${sandboxes.magento.url}/_sandbox/webhooks/drain`, { method: 'POST' });
    const queue = serve.runtime.queue!.queue(PROFILE_QUEUE);
    await waitFor(async () => {
      for (const state of ['waiting', 'delayed', 'active'] as const) {
        // The profile's delta schedule (trigger cron) is such a job too: the scheduler adds its next tick
        // within a minute of the profile's activation, and it stays delayed for 15 minutes.
        if ((await queue.list(state, { limit: 1000 })).some((j) => j.name === RUN_JOB && (j.data as { trigger?: string }).trigger !== 'cron')) return false;
      }
      return true;
    }, 'every run job done', 30_000);
  };

  beforeAll(async () => {
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    sandboxes = await startSandboxes({ variations: 40, customers: 5, orders: 0 });
    cleanup.push(() => sandboxes.close());
    // What a merchant sets: the webhook secret. Debounce, schedules and the queue stay at their defaults.
    serve = await serveOnEngines({ sandboxes, port, env: { MAGENTO_WEBHOOK_SECRET: secret }, redis: Boolean(process.env.REDIS_URL), cleanup });
    const { runtime } = serve;
    // No lookup of a first-time order by its external id: nothing else writes these orders to PlentyONE.
    const { missing } = await runtime.service.updateConfig('plenty_order_export', { ...orderExportSandboxConfig, settlingSeconds: SETTLING_SECONDS, adoptExistingOrders: false });
    expect(missing).toEqual([]);
    await runtime.service.test('plenty_order_export');
    await runtime.service.enable('plenty_order_export');
    await fetch(`${sandboxes.magento.url}/_sandbox/webhooks`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 'plentygate', url: `${gatewayUrl}/webhooks/magento`, format: 'standard', secret, events: ['order.placed', 'order.saved', 'shipment.saved'] }]),
    });
  }, 120_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }, 60_000);

  it(`${ORDERS} orders placed in Magento are in PlentyONE once each, within the settling period + 10 s`, { timeout: 90_000 }, async () => {
    const placed: { incrementId: string; entityId: number; at: number }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const order = await magento('POST', '/_sandbox/orders', {
        items: [{ sku: SKUS[i % SKUS.length]!, qty: 1 + (i % 2) }], email: `realtime.${i % 7}@example.com`,
        paymentMethod: i % 2 ? 'banktransfer' : 'checkmo',
      });
      placed.push({ incrementId: String(order.increment_id), entityId: Number(order.entity_id), at: Date.now() });
    }
    // When each order is first seen in PlentyONE.
    const seen = new Map<string, number>();
    await waitFor(() => {
      for (const p of placed) if (!seen.has(p.incrementId) && plentyOrders(p.incrementId).length > 0) seen.set(p.incrementId, Date.now());
      return seen.size === ORDERS;
    }, `all ${ORDERS} orders in PlentyONE`, (SETTLING_SECONDS + 10) * 1000 + (Date.now() - placed[0]!.at));
    const slowest = Math.max(...placed.map((p) => seen.get(p.incrementId)! - p.at));
    expect(slowest).toBeLessThanOrEqual((SETTLING_SECONDS + 10) * 1000);

    await settled();
    for (const p of placed) {
      const orders = plentyOrders(p.incrementId);
      expect(orders, `PlentyONE orders for ${p.incrementId}`).toHaveLength(1);
      exported.set(p.incrementId, { entityId: p.entityId, orderId: orders[0]!.id });
    }
    // Each order waited for its settling period: the runs before it said so, and a delayed job exported it.
    const [held] = await serve.runtime.db.query<{ n: number }>(
      "select count(*)::int as n from profile_run_messages where level = 'info' and message like '%inside the settling period of 5 s%'");
    expect(held!.n).toBeGreaterThan(0);
  });

  it('a canceled Magento order is canceled in PlentyONE, once', { timeout: 60_000 }, async () => {
    const [incrementId, o] = [...exported][0]!;
    const cancels = plentyCalls('PUT', /^\/rest\/orders\/[^/]+\/cancel$/);
    expect(await magento('POST', `/rest/V1/orders/${o.entityId}/cancel`, {})).toBe(true);
    const orders = sandboxes.plenty.sandbox.stores.orders;
    await waitFor(() => orders.get(o.orderId)?.statusId === 8, `PlentyONE order ${o.orderId} (Magento ${incrementId}) canceled`, 30_000);
    await settled();
    await sleep(200);
    expect(plentyCalls('PUT', /^\/rest\/orders\/[^/]+\/cancel$/)).toBe(cancels + 1);
  });

  it("a Magento shipment's tracking number reaches PlentyONE once", { timeout: 60_000 }, async () => {
    const [incrementId, o] = [...exported][1]!;
    const packagesPosted = plentyCalls('POST', /^\/rest\/orders\/[^/]+\/shipping\/packages$/);
    await magento('POST', `/rest/V1/order/${o.entityId}/ship`, { items: [], tracks: [{ track_number: 'RT-00421337', title: 'DHL', carrier_code: 'dhl' }] });
    const orders = sandboxes.plenty.sandbox.stores.orders;
    await waitFor(() => (orders.get(o.orderId)?.packages.length ?? 0) > 0, `a package on PlentyONE order ${o.orderId} (Magento ${incrementId})`, 30_000);
    await settled();
    await sleep(200);
    expect(orders.get(o.orderId)!.packages.map((p) => p.packageNumber)).toEqual(['RT-00421337']);
    expect(plentyCalls('POST', /^\/rest\/orders\/[^/]+\/shipping\/packages$/)).toBe(packagesPosted + 1);
  });
});
