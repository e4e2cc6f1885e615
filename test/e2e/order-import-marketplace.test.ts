/**
 * Marketplace orders end to end, through one running `plentygate serve` on the engines the environment
 * names (PostgreSQL + Redis when set, else the embedded default): 200 orders of three referrers (Amazon
 * in GBP, eBay and eBay Germany in EUR with discounts) are created in PlentyONE, whose callbacks reach
 * the gateway; each becomes exactly one Magento order with PlentyONE's total, although Magento answers
 * two creates with a 500 after writing them and some callbacks arrive twice. A payment brings one
 * invoice, a credit note one credit memo, a hold status holds the order and the next status releases it.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import type { RunningProcess } from '../../src/runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { waitFor } from '../queue/helpers.js';
import { buyer, marketplaceOrder, type Buyer, type PlentyRest } from '../profiles/support/marketplace-orders.js';
import { plentyRest } from '../profiles/support/plenty-rest.js';
import { pendingWork } from '../support/queue-idle.js';
import { redisMissing } from '../support/redis-required.js';
import { serveOnEngines } from './serve-on-engines.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const withRedis = Boolean(process.env.REDIS_URL) && !redisMissing;
const ORDERS = 200;
const REFERRERS = [
  { referrerId: 2, currency: 'GBP', exchangeRate: 0.85 },
  { referrerId: 4, currency: 'EUR' },
  { referrerId: 4.01, currency: 'EUR', discount: 1.5 },
];

describe('marketplace orders through the gateway (one serve process)', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  let sandboxes: StartedSandboxes;
  let serve: RunningProcess;
  let plenty: PlentyRest;
  let gatewayUrl = '';
  const created: { id: number; total: number; currency: string }[] = [];

  const magento = async (path: string, init: { method?: string; body?: unknown } = {}): Promise<Json> => {
    const res = await fetch(`${sandboxes.magento.url}/rest${path}`, {
      method: init.method ?? 'GET', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Json;
  };
  /** Magento orders plentygate imported, by PlentyONE order id (several for one id would be a duplicate). */
  const imported = (): Map<number, Json[]> => {
    const byPlenty = new Map<number, Json[]>();
    for (const o of sandboxes.magento.sandbox.store.orders.written()) {
      const id = /^plenty:(\d+)$/.exec(o.extOrderId ?? '')?.[1];
      if (id) byPlenty.set(Number(id), [...(byPlenty.get(Number(id)) ?? []), o as unknown as Json]);
    }
    return byPlenty;
  };
  const idle = async () => waitFor(async () => (await pendingWork(serve.runtime.queue!)) === 0, 'an idle queue', 120_000);
  const magentoOrderOf = async (plentyId: number): Promise<Json> => {
    const q = `searchCriteria[filter_groups][0][filters][0][field]=ext_order_id&searchCriteria[filter_groups][0][filters][0][value]=plenty:${plentyId}`;
    return ((await magento(`/V1/orders?${q}`)).items as Json[])[0]!;
  };

  beforeAll(async () => {
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}/webhooks/plenty`;
    const signKey = randomBytes(32).toString('hex');
    // The marketplaces' orders arrive inside PlentyONE, not through the merchant's REST budget: this test
    // writes them through REST, so the system gets a budget large enough for both.
    sandboxes = await startSandboxes({
      variations: 30, customers: 0, orders: 0, plentyWebhookUrl: gatewayUrl, plentyWebhookSignKey: signKey,
      plan: { base: 'plus', readsPerShort: 20_000, writesPerShort: 20_000 },
    });
    cleanup.push(() => sandboxes.close());
    serve = await serveOnEngines({ sandboxes, port, env: { PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_DEBOUNCE_MS: '0' }, redis: withRedis, cleanup });
    const { service } = serve.runtime;
    const profile = (await service.list()).find((p) => p.typeId === 'plenty_order_import')!;
    const configured = await service.updateConfig(profile.id, {
      marketplace: {
        create: true, referrers: ['2', '4', '4.01'], storeMap: { '1000': 'default' },
        paymentMap: { '6001': 'checkmo' }, fallbackPaymentMethod: 'banktransfer', shippingMap: { '6': 'flatrate_flatrate' },
      },
      statusActions: { '2': 'hold', '5': 'unhold' },
      invoices: { create: true, requirePaid: true },
      creditMemos: { create: true },
    });
    expect(configured.missing).toEqual([]);
    await service.test(profile.id);
    expect((await service.enable(profile.id)).status).toBe('active');
    plenty = await plentyRest(sandboxes.plenty.url);
  }, 120_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }, 60_000);

  it(`${ORDERS} orders of three referrers arrive once each with PlentyONE's totals, despite 500-after-write and repeated callbacks`, { timeout: 600_000 }, async () => {
    // Magento writes two of the creates and answers them with a 500: the retried jobs must find them.
    await fetch(`${sandboxes.magento.url}/_sandbox/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ method: 'POST', path: '/rest/V1/orders', kind: 'fail-after-write', skip: 20, times: 2 }] }),
    });
    const buyers: Buyer[] = [];
    for (let n = 0; n < 20; n++) buyers.push(await buyer(plenty, 1000 + n));
    for (let n = 0; n < ORDERS; n++) {
      const r = REFERRERS[n % REFERRERS.length]!;
      const o = await marketplaceOrder(plenty, n, {
        referrerId: r.referrerId, currency: r.currency, exchangeRate: r.exchangeRate, buyer: buyers[n % buyers.length],
        mopId: n % 10 === 0 ? 4242 : 6001, // some with a method of payment only the fallback covers
        lines: [{ index: 1 + (n % 25), qty: 1 + (n % 3), price: 9.99 + (n % 7), discount: r.discount }, { index: 2 + (n % 20), qty: 1, price: 4.5 }],
        shipping: n % 4 === 0 ? 0 : 4.95,
      });
      created.push({ id: o.id, total: o.total, currency: r.currency });
    }
    await waitFor(() => imported().size >= ORDERS, `${ORDERS} Magento orders`, 300_000);
    await idle();

    // Repeated callbacks (a delivery replayed as PlentyONE's retry would) and a manual run of the same ids.
    const deliveries = sandboxes.plenty.sandbox.webhooks.deliveries.filter((d) => d.event.startsWith('order')).slice(0, 10);
    for (const d of deliveries) {
      await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d.body) });
    }
    await serve.runtime.service.requestRun('plenty_order_import', { trigger: 'manual', input: { mode: 'ids', ids: created.slice(0, 20).map((o) => String(o.id)) } });
    await idle();

    const orders = imported();
    expect(orders.size).toBe(ORDERS);
    for (const o of created) {
      const found = orders.get(o.id) ?? [];
      expect(found, `PlentyONE order ${o.id}`).toHaveLength(1);
      expect(found[0]!.grandTotal, `total of PlentyONE order ${o.id}`).toBe(o.total);
      expect(found[0]!.currency).toBe(o.currency);
    }
    const faults = (await (await fetch(`${sandboxes.magento.url}/_sandbox/faults`)).json()) as { rules: { fired: number }[] };
    expect(faults.rules.map((r) => r.fired)).toEqual([2]);
    const fallback = await magentoOrderOf(created[0]!.id);
    expect(fallback.payment.method).toBe('banktransfer');
  });

  it('a paid order gets one invoice, a credit note one credit memo; a hold status holds it and the next releases it', { timeout: 120_000 }, async () => {
    const o = created[1]!;
    const payment = await plenty('POST', '/rest/payments', { amount: o.total, mopId: 6001, currency: o.currency });
    await plenty('POST', `/rest/payment/${payment.id}/order/${o.id}`);
    await waitFor(async () => (await magentoOrderOf(o.id)).total_paid === o.total, 'the Magento invoice', 60_000);
    await idle();
    const items = (await plenty('GET', `/rest/orders/${o.id}`)).orderItems as Json[];
    await sleep(1000 - (Date.now() % 1000) + 50);
    await plenty('POST', `/rest/orders/${o.id}/credit_notes`, { quantities: [{ orderItemId: items[1]!.id, quantity: 1 }] });
    await waitFor(async () => (await magentoOrderOf(o.id)).total_refunded === 4.5, 'the Magento credit memo', 60_000);
    await idle();
    const memos = sandboxes.magento.sandbox.store.orders.get((await magentoOrderOf(o.id)).entity_id)!.creditmemos ?? [];
    expect(memos).toHaveLength(1);
    expect(sandboxes.magento.sandbox.store.orders.get((await magentoOrderOf(o.id)).entity_id)!.invoices).toHaveLength(1);

    // A callback names its order and the second of the change, so the gateway takes a second change within
    // the same second for a repeated delivery of the first: each status change goes in a second of its own.
    const nextSecond = () => sleep(1000 - (Date.now() % 1000) + 50);
    await nextSecond();
    await plenty('PUT', `/rest/orders/${o.id}`, { statusId: 2 });
    await waitFor(async () => (await magentoOrderOf(o.id)).state === 'holded', 'the order held', 60_000);
    await nextSecond();
    await plenty('PUT', `/rest/orders/${o.id}`, { statusId: 5 });
    await waitFor(async () => (await magentoOrderOf(o.id)).state === 'processing', 'the order released', 60_000);
  });
});
