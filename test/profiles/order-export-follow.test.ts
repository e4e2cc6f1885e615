import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { sandboxOrderConfig, startOrderExportHarness, type OrderExportHarness } from './order-export-harness.js';

/**
 * What happens to an order in Magento after its export reaches PlentyONE, each once: cancel, mapped
 * status changes, shipment tracking numbers (a dry run shows them and writes none); and why an order was
 * left alone is in the run's messages.
 */
let h: OrderExportHarness;
const statusMap = { pending: '3', holded: '4', processing: '5' };
beforeAll(async () => {
  h = await startOrderExportHarness({ ...sandboxOrderConfig, statusMap });
}, 60_000);
afterAll(async () => h?.close());

const ids = (...keys: string[]) => ({ mode: 'ids' as const, ids: keys });
/** Calls of the PlentyONE sandbox whose route pattern matches, whatever the id parameters are named. */
const calls = (method: string, pattern: RegExp) => Object.entries(h.sandboxes.plenty.sandbox.log.snapshot().byRoute)
  .filter(([route]) => route.startsWith(`${method} `) && pattern.test(route.slice(method.length + 1)))
  .reduce((sum, [, n]) => sum + n, 0);

async function exported(email: string) {
  const placed = await h.placeOrder({ items: [{ sku: 'PG-0000001', qty: 2 }, { sku: 'PG-0000002', qty: 1 }], email });
  expect(await h.run(ids(placed.incrementId))).toMatchObject({ created: 1, failed: 0 });
  const [order] = h.ordersFor(placed.incrementId);
  return { ...placed, orderId: order!.id };
}
const plentyOrder = (orderId: number) => h.plentyStores.orders.get(orderId)!;

describe('after the export', () => {
  it('a Magento cancel cancels the PlentyONE order, once', async () => {
    const o = await exported('cancel@example.com');
    expect(plentyOrder(o.orderId).statusId).toBe(3);
    expect(await h.magento('POST', `/rest/V1/orders/${o.entityId}/cancel`, {})).toBe(true);
    const before = calls('PUT', /^\/rest\/orders\/[^/]+\/cancel$/);

    // canceled is in filters.excludeStatuses, which only decides what is exported, not what is followed.
    expect(await h.run(ids(o.incrementId))).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(plentyOrder(o.orderId).statusId).toBe(8);
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 0, skipped: 1 });
    expect(calls('PUT', /^\/rest\/orders\/[^/]+\/cancel$/)).toBe(before + 1);
  });

  it('a dry run of a canceled and shipped order shows the cancel and the tracking number it would write, and writes neither', async () => {
    const o = await exported('dry-follow@example.com');
    await h.magento('POST', `/rest/V1/order/${o.entityId}/ship`, { items: [], tracks: [{ track_number: 'TRK-DRY', title: 'DHL', carrier_code: 'dhl' }] });
    expect(await h.magento('POST', `/rest/V1/orders/${o.entityId}/cancel`, {})).toBe(true);
    const written = await bothSandboxWrites({ magento: h.sandboxes.magento.url, plenty: h.sandboxes.plenty.url });

    const report = await dryRunService(h.db.db, h.service.registry, { connectors: h.connectors }).dryRun(h.profile.id, ids(o.incrementId), 10);

    expect(report.records).toEqual([expect.objectContaining({
      key: o.incrementId, action: 'update', targetId: String(o.orderId), reason: 'Exported before: only its follow-ups are written (canceled, shippingPackages).',
    })]);
    expect(report.records[0]!.diff).toEqual([{ field: 'canceled', after: 'canceled' }, { field: 'shippingPackages', after: ['TRK-DRY'] }]);
    expect(await bothSandboxWrites({ magento: h.sandboxes.magento.url, plenty: h.sandboxes.plenty.url })).toEqual(written);
    expect(plentyOrder(o.orderId)).toMatchObject({ statusId: 3, packages: [] });
    // What the dry run showed, the run writes; a dry run afterwards has nothing left to write.
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 1, failed: 0 });
    expect(plentyOrder(o.orderId).statusId).toBe(8);
    expect(plentyOrder(o.orderId).packages.map((p) => p.packageNumber)).toEqual(['TRK-DRY']);
    const after = await dryRunService(h.db.db, h.service.registry, { connectors: h.connectors }).dryRun(h.profile.id, ids(o.incrementId), 10);
    expect(after.records).toEqual([expect.objectContaining({ action: 'unchanged', reason: 'Exported before: only follow-ups (status, payment, tracking) are written to it, and none is due.', diff: [] })]);
  });

  it('a dry run shows a mapped status change beside the PlentyONE status', async () => {
    const o = await exported('dry-status@example.com');
    await h.magento('POST', `/rest/V1/orders/${o.entityId}/hold`, {});
    const report = await dryRunService(h.db.db, h.service.registry, { connectors: h.connectors }).dryRun(h.profile.id, ids(o.incrementId), 10);
    expect(report.records[0]!.diff).toEqual([{ field: 'statusId', before: 3, after: 4 }]);
    expect(plentyOrder(o.orderId).statusId).toBe(3);
  });

  it('hold and unhold in Magento set the mapped PlentyONE status; an unchanged status writes nothing', async () => {
    const o = await exported('hold@example.com');
    await h.magento('POST', `/rest/V1/orders/${o.entityId}/hold`, {});
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 1 });
    expect(plentyOrder(o.orderId).statusId).toBe(4);
    const puts = calls('PUT', /^\/rest\/orders\/[^/]+$/);
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 0, skipped: 1 });
    expect(calls('PUT', /^\/rest\/orders\/[^/]+$/)).toBe(puts);
    await h.magento('POST', `/rest/V1/orders/${o.entityId}/unhold`, {});
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 1 });
    expect(plentyOrder(o.orderId).statusId).toBe(3);
  });

  it('tracking numbers of Magento shipments become PlentyONE shipping packages, each once', async () => {
    const o = await exported('ship@example.com');
    const order = await h.magento('GET', `/rest/V1/orders/${o.entityId}`) as { items: { item_id: number; sku: string }[] };
    const line = (sku: string) => order.items.find((i) => i.sku === sku)!.item_id;
    await h.magento('POST', `/rest/V1/order/${o.entityId}/ship`, {
      items: [{ order_item_id: line('PG-0000001'), qty: 2 }], tracks: [{ track_number: 'TRK-0001', title: 'DHL', carrier_code: 'dhl' }],
    });
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 1, failed: 0 });
    const numbers = () => plentyOrder(o.orderId).packages.map((p) => p.packageNumber).sort();
    expect(numbers()).toEqual(['TRK-0001']);
    expect(plentyOrder(o.orderId).packages[0]!.packageId).toBe(1);

    // Seen again (another webhook of the order): nothing new.
    const posts = calls('POST', /^\/rest\/orders\/[^/]+\/shipping\/packages$/);
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 0, skipped: 1 });
    expect(calls('POST', /^\/rest\/orders\/[^/]+\/shipping\/packages$/)).toBe(posts);

    // The second shipment's number is added; one PlentyONE already has (booked there) is linked, not added again.
    await fetch(`${h.sandboxes.plenty.url}/_sandbox/orders/${o.orderId}/packages`, { method: 'POST', body: JSON.stringify({ packageNumber: 'TRK-0003' }) });
    await h.magento('POST', `/rest/V1/order/${o.entityId}/ship`, {
      items: [{ order_item_id: line('PG-0000002'), qty: 1 }],
      tracks: [{ track_number: 'TRK-0002', title: 'DHL', carrier_code: 'dhl' }, { track_number: 'TRK-0003', title: 'DHL', carrier_code: 'dhl' }],
    });
    expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 1, failed: 0 });
    expect(numbers()).toEqual(['TRK-0001', 'TRK-0002', 'TRK-0003']);
    expect(calls('POST', /^\/rest\/orders\/[^/]+\/shipping\/packages$/)).toBe(posts + 1);
  });

  it('exportTracking off leaves shipments out, on the package set in trackingPackageId otherwise', async () => {
    await h.configure({ ...sandboxOrderConfig, statusMap, exportTracking: false });
    try {
      const o = await exported('notrack@example.com');
      await h.magento('POST', `/rest/V1/order/${o.entityId}/ship`, { items: [], tracks: [{ track_number: 'TRK-OFF', title: 'DHL', carrier_code: 'dhl' }] });
      await h.run(ids(o.incrementId));
      expect(plentyOrder(o.orderId).packages).toEqual([]);
      await h.configure({ ...sandboxOrderConfig, statusMap, trackingPackageId: 7 });
      await h.run(ids(o.incrementId));
      expect(plentyOrder(o.orderId).packages.map((p) => [p.packageNumber, p.packageId])).toEqual([['TRK-OFF', 7]]);
    } finally {
      await h.configure({ ...sandboxOrderConfig, statusMap });
    }
  });
});

describe('Magento comments and skip reasons', () => {
  it('the export comment carries the current status, so a release before AC-1342 keeps it', async () => {
    await fetch(`${h.sandboxes.magento.url}/_sandbox/version`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '2.4.3' }) });
    await h.configure({ ...sandboxOrderConfig, statusMap, commentInMagento: true });
    try {
      const o = await exported('comment@example.com');
      const order = await h.magento('GET', `/rest/V1/orders/${o.entityId}`) as { status?: string; status_histories: { comment: string; status?: string }[] };
      expect(order.status).toBe('pending');
      expect(order.status_histories[0]).toMatchObject({ comment: `Exported to PlentyONE as order ${o.orderId} by plentygate.`, status: 'pending' });
    } finally {
      await h.configure({ ...sandboxOrderConfig, statusMap });
      await fetch(`${h.sandboxes.magento.url}/_sandbox/version`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '2.4.8' }) });
    }
  });

  it('a dry run shows the payment, the Magento comment and the status a run would write, and writes none', async () => {
    const o = await exported('dry-payment@example.com');
    await h.configure({ ...sandboxOrderConfig, statusMap, commentInMagento: true });
    try {
      await h.magento('POST', `/rest/V1/order/${o.entityId}/invoice`, { capture: true });
      const payments = () => calls('POST', /^\/rest\/payments$/);
      const before = payments();
      const report = await dryRunService(h.db.db, h.service.registry, { connectors: h.connectors }).dryRun(h.profile.id, ids(o.incrementId), 10);
      expect(report.records[0]!.diff).toEqual([
        { field: 'payment', after: expect.stringMatching(/^\d+(\.\d+)? EUR booked \(method of payment \d+\) and related to the order$/) },
        { field: 'magento.comment', after: `Exported to PlentyONE as order ${o.orderId} by plentygate.` },
        // The invoice moved the order to "processing", which statusMap maps too.
        { field: 'statusId', before: 3, after: 5 },
      ]);
      expect(payments()).toBe(before);
      expect(await h.run(ids(o.incrementId))).toMatchObject({ updated: 1, failed: 0 });
      expect(payments()).toBe(before + 1);
      const order = await h.magento('GET', `/rest/V1/orders/${o.entityId}`) as { status_histories: { comment: string }[] };
      expect(order.status_histories.map((c) => c.comment)).toContain(`Exported to PlentyONE as order ${o.orderId} by plentygate.`);
    } finally {
      await h.configure({ ...sandboxOrderConfig, statusMap });
    }
  });

  it('every skip keeps its reason in the run history', async () => {
    await h.configure({ ...sandboxOrderConfig, statusMap, filters: { statuses: ['processing'] } });
    try {
      const placed = await h.placeOrder({ items: [{ sku: 'PG-0000003', qty: 1 }], email: 'filtered@example.com' });
      const result = await h.run(ids(placed.incrementId));
      expect(result).toMatchObject({ skipped: 1, created: 0 });
      expect(await h.messages(result.runId)).toContainEqual(expect.objectContaining({
        level: 'info', recordKey: placed.incrementId, message: `Order ${placed.incrementId} is in status "pending", which is not in filters.statuses.`,
      }));
    } finally {
      await h.configure({ ...sandboxOrderConfig, statusMap });
    }
  });

  it('an order on hold in Magento waits, saying so, and goes once it is released', async () => {
    const placed = await h.placeOrder({ items: [{ sku: 'PG-0000003', qty: 1 }], email: 'held@example.com' });
    await h.magento('POST', `/rest/V1/orders/${placed.entityId}/hold`, {});
    const held = await h.run(ids(placed.incrementId));
    expect(held).toMatchObject({ skipped: 1, created: 0 });
    expect(await h.messages(held.runId)).toContainEqual(expect.objectContaining({
      level: 'info', message: `Order ${placed.incrementId} is in status "holded" (filters.excludeStatuses): it is exported once its status changes.`,
    }));
    expect(h.ordersFor(placed.incrementId)).toEqual([]);
    await h.magento('POST', `/rest/V1/orders/${placed.entityId}/unhold`, {});
    expect(await h.run(ids(placed.incrementId))).toMatchObject({ created: 1 });
  });

  it('a run without a queue says the next delta run exports a settling order', async () => {
    await h.configure({ ...sandboxOrderConfig, statusMap, settlingSeconds: 600 });
    try {
      const placed = await h.placeOrder({ items: [{ sku: 'PG-0000003', qty: 1 }], email: 'settling@example.com' });
      const result = await h.run(ids(placed.incrementId));
      expect(result).toMatchObject({ skipped: 1, created: 0 });
      const [message] = await h.messages(result.runId);
      expect(message?.message).toMatch(/inside the settling period of 600 s \(settlingSeconds\): this process has no queue to export it later, so the next delta run exports it\.$/);
    } finally {
      await h.configure({ ...sandboxOrderConfig, statusMap });
    }
  });
});

describe('settings without an effect are gone', () => {
  const legacy = {
    ...sandboxOrderConfig, bundlesAsSets: true, documents: { invoice: false, creditMemo: false, deliveryNote: false },
    filters: { salesChannels: [] }, customer: { createAddresses: true },
  };

  it('a config stored by an earlier version still runs, and the run says which settings it ignored', async () => {
    await h.db.query('update profiles set config = $1 where id = $2', [JSON.stringify(legacy), h.profile.id]);
    try {
      const placed = await h.placeOrder({ items: [{ sku: 'PG-0000003', qty: 1 }], email: 'legacy@example.com' });
      const result = await h.run(ids(placed.incrementId));
      expect(result).toMatchObject({ created: 1, failed: 0 });
      expect(await h.messages(result.runId)).toContainEqual(expect.objectContaining({
        level: 'warn', message: expect.stringContaining('bundlesAsSets, documents, filters.salesChannels, customer.createAddresses'),
      }));
    } finally {
      await h.configure({ ...sandboxOrderConfig, statusMap });
    }
  });

  it('saving one is refused, saying it has no effect', async () => {
    for (const [path, set] of [['documents', { documents: { invoice: true } }], ['bundlesAsSets', { bundlesAsSets: false }],
      ['filters.salesChannels', { filters: { salesChannels: ['web'] } }], ['customer.createAddresses', { customer: { createAddresses: false } }]] as const) {
      await expect(h.configure({ ...sandboxOrderConfig, ...set })).rejects.toThrow();
      const error = await h.configure({ ...sandboxOrderConfig, ...set }).catch((e: unknown) => e) as { problems?: string[] };
      expect(error.problems?.join('\n')).toContain(`${path}: this setting is not built yet`);
    }
  });
});

describe('currency', () => {
  it('an order paid in another currency than the base one carries its exchange rate', async () => {
    const placed = await h.magento('POST', '/_sandbox/orders', {
      items: [{ sku: 'PG-0000005', qty: 2 }], email: 'usd@example.com', currency: { code: 'USD', rate: 1.1 },
    }) as { increment_id: string; entity_id: number };
    const magentoOrder = await h.magento('GET', `/rest/V1/orders/${placed.entity_id}`) as {
      order_currency_code: string; base_currency_code: string; base_to_order_rate: number; grand_total: number; base_grand_total: number;
    };
    expect(magentoOrder).toMatchObject({ order_currency_code: 'USD', base_currency_code: 'EUR', base_to_order_rate: 1.1 });
    expect(await h.run(ids(placed.increment_id))).toMatchObject({ created: 1, failed: 0 });
    const [order] = h.ordersFor(placed.increment_id);
    for (const item of order!.orderItems) {
      expect(item.amounts?.[0]).toMatchObject({ currency: 'USD', exchangeRate: 1.1, isSystemCurrency: false });
    }
    const total = order!.orderItems.reduce((sum, i) => sum + Number(i.quantity) * Number(i.amounts?.[0]?.priceGross ?? 0), 0);
    expect(total).toBeCloseTo(magentoOrder.grand_total, 2);

    // An order in the base currency is in PlentyONE's system currency at rate 1.
    const eur = await h.placeOrder({ items: [{ sku: 'PG-0000005', qty: 1 }], email: 'eur@example.com' });
    await h.run(ids(eur.incrementId));
    expect(h.ordersFor(eur.incrementId)[0]!.orderItems[0]!.amounts?.[0]).toMatchObject({ currency: 'EUR', exchangeRate: 1, isSystemCurrency: true });
  });
});
