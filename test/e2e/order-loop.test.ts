/**
 * The real-time loop of an order, through the gateway both ways: a shopper's order reaches PlentyONE
 * (Magento webhook → order export), and PlentyONE's progress comes back (PlentyONE callback → order
 * back-sync): the mapped status, one shipment with the tracking number and carrier, and nothing twice
 * when PlentyONE calls again. One `serve` process (gateway + worker) on PostgreSQL + Redis when
 * DATABASE_URL and REDIS_URL are set, on the embedded default otherwise.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderExportSandboxConfig } from '../../src/profiles/types/plenty_order_export/sandbox-config.js';
import { freePort } from '../../src/runtime/free-port.js';
import type { RunningProcess } from '../../src/runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { engine } from '../support/db.js';
import { redisMissing } from '../support/redis-required.js';
import { waitFor } from '../queue/helpers.js';
import { serveOnEngines } from './serve-on-engines.js';
import { magentoCall, type Json } from '../support/magento-call.js';


const backSyncConfig = {
  statusMap: { '5.10': 'processing', '7': 'complete' },
  statusActions: { '8': 'cancel' },
  shipments: { carrierMap: { '6': { carrierCode: 'dhl', title: 'DHL' } } },
};

/** Redis when REDIS_URL names one that answers; the embedded queue otherwise (the probe says why). */
const withRedis = Boolean(process.env.REDIS_URL) && !redisMissing;

describe(`an order's round trip through the gateway (${engine}${withRedis ? ' + Redis' : ''})`, () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  let sandboxes: StartedSandboxes;
  let serve: RunningProcess;

  const magento = (method: string, path: string, body?: unknown) => magentoCall(sandboxes.magento.url, method, path, body);
  const plentyControl = async (path: string, body: unknown) => {
    const res = await fetch(`${sandboxes.plenty.url}/_sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const shipmentsOf = async (entityId: number): Promise<Json[]> => {
    const q = `searchCriteria[filter_groups][0][filters][0][field]=order_id&searchCriteria[filter_groups][0][filters][0][value]=${entityId}`;
    return (await magento('GET', `/rest/V1/shipments?${q}`)).items as Json[];
  };

  beforeAll(async () => {
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const signKey = randomBytes(32).toString('hex'); // serve refuses sign keys under 24 bytes of entropy
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    sandboxes = await startSandboxes({ variations: 40, customers: 5, orders: 0, plan: 'plus', plentyWebhookUrl: `${gatewayUrl}/webhooks/plenty`, plentyWebhookSignKey: signKey });
    cleanup.push(() => sandboxes.close());
    // The gateway settings a merchant would set: both webhook secrets, the default debounce.
    serve = await serveOnEngines({ sandboxes, port, env: { MAGENTO_WEBHOOK_SECRET: secret, PLENTY_WEBHOOK_SIGN_KEY: signKey }, redis: withRedis, cleanup });
    const { runtime } = serve;
    for (const [typeId, config] of [['plenty_order_export', orderExportSandboxConfig], ['plenty_order_import', backSyncConfig]] as const) {
      const { missing } = await runtime.service.updateConfig(typeId, config);
      expect(missing).toEqual([]);
      await runtime.service.test(typeId);
      await runtime.service.enable(typeId);
    }
    await fetch(`${sandboxes.magento.url}/_sandbox/webhooks`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 'plentygate', url: `${gatewayUrl}/webhooks/magento`, format: 'standard', secret, events: ['order.placed'] }]),
    });
  }, 120_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }, 60_000);

  it('order to PlentyONE, then status and shipment back to Magento, once', { timeout: 60_000 }, async () => {
    const placed = await magento('POST', '/_sandbox/orders', {
      items: [{ sku: 'PG-0000000', qty: 2 }, { sku: 'PG-0000005', qty: 1 }], email: 'loop.buyer@example.com', paymentMethod: 'checkmo', shippingMethod: 'flatrate_flatrate',
    });
    const incrementId = String(placed.increment_id);
    const entityId = Number(placed.entity_id);
    const stores = sandboxes.plenty.sandbox.stores;
    const order = await waitFor(() => stores.orders.all().find((o) => stores.orders.externalOrderId(o) === incrementId), `order ${incrementId} in PlentyONE`, 30_000);

    // Flat rate became shipping profile 6 (shippingMap), which the back-sync files under DHL (carrierMap).
    expect(order.properties).toContainEqual(expect.objectContaining({ typeId: 2, value: '6' }));
    // The warehouse packs it: a tracking number, then "outgoing items booked" (7).
    await plentyControl(`/orders/${order.id}/packages`, { packageNumber: 'JD0001234567' });
    await plentyControl(`/orders/${order.id}/status`, { statusId: 7 });

    const shipped = await waitFor(async () => {
      const list = await shipmentsOf(entityId);
      return list.length ? list : undefined;
    }, `a Magento shipment for order ${incrementId}`, 30_000);
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.tracks).toEqual([expect.objectContaining({ track_number: 'JD0001234567', carrier_code: 'dhl', title: 'DHL' })]);
    expect((shipped[0]!.items as Json[]).map((i) => [i.sku, i.qty]).sort()).toEqual([['PG-0000000', 2], ['PG-0000005', 1]]);
    const status = await waitFor(async () => {
      const o = await magento('GET', `/rest/V1/orders/${entityId}`);
      // The status is set first, then the comment saying why (a comment alone cannot change it from 2.4.7).
      return o.status === 'complete' && (o.status_histories ?? []).length > 0 ? o : undefined;
    }, 'the Magento order complete, with the comment', 30_000);
    expect(status.status_histories[0]).toMatchObject({ status: 'complete' });

    // PlentyONE calls again (the same status saved once more): nothing is shipped twice.
    const runsBefore = await serve.runtime.db.query<{ n: number }>(
      "select count(*)::int as n from profile_runs r join profiles p on p.id = r.profile_id where p.type_id = 'plenty_order_import' and r.trigger <> 'cron' and r.status in ('completed', 'partial')");
    await plentyControl(`/orders/${order.id}/status`, { statusId: 7 });
    await waitFor(async () => {
      const [row] = await serve.runtime.db.query<{ n: number }>(
        "select count(*)::int as n from profile_runs r join profiles p on p.id = r.profile_id where p.type_id = 'plenty_order_import' and r.trigger <> 'cron' and r.status in ('completed', 'partial')");
      return row!.n > runsBefore[0]!.n;
    }, 'the back-sync run of the second callback', 30_000);
    expect(await shipmentsOf(entityId)).toHaveLength(1);
  });
});
