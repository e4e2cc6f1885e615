/**
 * plenty_order_import dry runs: a marketplace order as the Magento order it would become, a linked
 * order as the back-sync's writes (invoice, hold, release, status comment), a credit note as its credit
 * memo; nothing written to Magento or PlentyONE, and a run afterwards still writes what was previewed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { orderImportType } from '../../src/profiles/types/plenty_order_import/index.js';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { dryRunService } from '../mapping/support.js';
import { insertProfile, silentLog } from './support/memory-type.js';
import { marketplaceOrder, marketplaceSettings, sku, type PlentyRest } from './support/marketplace-orders.js';
import { orderImportEnv, type OrderImportEnv } from './support/order-import-env.js';
import { plentyRest } from './support/plenty-rest.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = {
  marketplace: {
    ...marketplaceSettings,
    writeBackPropertyTypeId: 990,
  },
  statusMap: { '7': 'complete' },
  statusActions: { '2': 'hold', '5': 'unhold' },
  invoices: { create: true, requirePaid: true },
  creditMemos: { create: true },
  collection: { overlapSeconds: 0 },
};

describe(`order import dry run on ${engine}`, () => {
  let env: OrderImportEnv;
  let profileId: number;
  let service: ReturnType<typeof dryRunService>;
  let rest: PlentyRest;
  const registry = new ProfileRegistry([orderImportType]);
  const magento = (method: string, path: string) => magentoCall(env.sandboxes.magento.url, method, path);
  /** Every write request either sandbox has answered so far (a PlentyONE login is not one). */
  const writes = () => Object.fromEntries(['POST', 'PUT', 'DELETE'].flatMap((m) => [
    [`magento ${m}`, env.sandboxes.magento.sandbox.log.get(m)],
    [`plenty ${m}`, env.sandboxes.plenty.sandbox.log.get(m) - (m === 'POST' ? env.sandboxes.plenty.sandbox.log.get(m, '/rest/login') : 0)],
  ]));
  const run = (ids: number[]) => executeRun({ db: env.db.db, registry, log: silentLog, services: { connectors: env.connectors } }, { profileId, trigger: 'event', input: { mode: 'ids', ids: ids.map(String) } });
  const dryRun = (ids: number[]) => service.dryRun(profileId, { mode: 'ids', ids: ids.map(String) }, 10);
  const magentoOrderOf = async (plentyOrderId: number): Promise<Json | undefined> => (await magento('GET',
    `/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=ext_order_id&searchCriteria[filter_groups][0][filters][0][value]=plenty:${plentyOrderId}`)).items[0];

  beforeAll(async () => {
    env = await orderImportEnv('order-import-dry');
    profileId = (await insertProfile(env.db.db, 'plenty_order_import', config)).id;
    service = dryRunService(env.db.db, registry, { connectors: env.connectors });
    rest = await plentyRest(env.sandboxes.plenty.url);
  }, 120_000);
  afterAll(async () => env?.close());

  it('shows a marketplace order as the Magento order it would become, an unmapped one as failing, and creates neither', async () => {
    const o = await marketplaceOrder(rest, 1, { referrerId: 2, lines: [{ index: 3, qty: 2, price: 19.99, discount: 2.5 }, { index: 4, qty: 1, price: 7.05 }], shipping: 4.99 });
    const unmapped = await marketplaceOrder(rest, 2, { referrerId: 2, mopId: 4242, lines: [{ index: 5, qty: 1, price: 5 }] });
    const before = writes();

    const report = await dryRun([o.id, unmapped.id]);

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const [created, failing] = report.records;
    expect(created).toMatchObject({ key: String(o.id), action: 'create' });
    expect(created!.diff).toEqual(expect.arrayContaining([
      { field: 'ext_order_id', after: `plenty:${o.id}` },
      { field: 'customer_email', after: o.email },
      { field: 'grand_total', after: 47.02 },
      { field: 'shipping_incl_tax', after: 4.99 },
      { field: 'payment_method', after: 'checkmo' },
      { field: 'shipping_method', after: 'flatrate_flatrate' },
      { field: `items.${sku(3)}.qty_ordered`, after: 2 },
      { field: `items.${sku(3)}.discount_amount`, after: 5 },
      { field: `items.${sku(4)}.price_incl_tax`, after: 7.05 },
    ]));
    expect(failing).toMatchObject({ key: String(unmapped.id), action: 'fail' });
    expect(failing!.reason).toContain('method of payment 4242 of order');
    expect(writes()).toEqual(before);
    expect(await magentoOrderOf(o.id)).toBeUndefined();

    expect(await run([o.id])).toMatchObject({ created: 1, failed: 0 });
    expect((await magentoOrderOf(o.id))!.grand_total).toBe(47.02);
    const again = await dryRun([o.id]);
    expect(again.records[0]).toMatchObject({ action: 'skip', reason: 'nothing to change for PlentyONE status 5' });
  });

  it('shows a paid order\'s invoice, a hold and a release as the back-sync would write them, and writes none', async () => {
    const o = await marketplaceOrder(rest, 3, { referrerId: 2, lines: [{ index: 6, qty: 2, price: 10 }], shipping: 5 });
    await run([o.id]);
    await run([o.id]);
    const mo = (await magentoOrderOf(o.id))!;
    expect((await dryRun([o.id])).records[0]).toMatchObject({ action: 'unchanged' });

    const payment = await rest('POST', '/rest/payments', { amount: o.total, mopId: 6001, currency: 'EUR' });
    await rest('POST', `/rest/payment/${payment.id}/order/${o.id}`);
    let before = writes();
    const invoice = (await dryRun([o.id])).records[0]!;
    expect(invoice).toMatchObject({ action: 'update', targetId: mo.increment_id });
    expect(invoice.diff).toEqual([{ field: 'invoice', after: { [sku(6)]: 2 } }]);
    expect(writes()).toEqual(before);
    expect((await magentoOrderOf(o.id))!.total_paid).toBeUndefined();
    await run([o.id]);
    expect((await magentoOrderOf(o.id))!.total_paid).toBe(o.total);

    await rest('PUT', `/rest/orders/${o.id}`, { statusId: 2 });
    before = writes();
    const hold = (await dryRun([o.id])).records[0]!;
    expect(hold.diff).toEqual([{ field: 'state', before: 'processing', after: 'holded' }]);
    expect(writes()).toEqual(before);
    expect((await magentoOrderOf(o.id))!.state).toBe('processing');
    await run([o.id]);
    expect((await magentoOrderOf(o.id))!.state).toBe('holded');

    // Released and completed in one step: the status is set on the order as the release leaves it.
    await rest('PUT', `/rest/orders/${o.id}`, { statusId: 7 });
    await withStatusActions({ '7': 'unhold' }, async () => {
      before = writes();
      const release = (await dryRun([o.id])).records[0]!;
      expect(release.diff).toEqual([
        { field: 'state', before: 'holded', after: 'processing' },
        { field: 'status', before: 'processing', after: 'complete' },
        { field: 'comment', after: expect.stringContaining(`PlentyONE order ${o.id}`) },
      ]);
      expect(writes()).toEqual(before);
      await run([o.id]);
    });
    expect(await magentoOrderOf(o.id)).toMatchObject({ state: 'processing', status: 'complete' });
  });

  it('shows a credit note as the credit memo it would become, and refunds nothing until a run does', async () => {
    const o = await marketplaceOrder(rest, 4, { referrerId: 2, lines: [{ index: 7, qty: 2, price: 10 }], shipping: 5 });
    await run([o.id]);
    const mo = (await magentoOrderOf(o.id))!;
    const payment = await rest('POST', '/rest/payments', { amount: o.total, mopId: 6001, currency: 'EUR' });
    await rest('POST', `/rest/payment/${payment.id}/order/${o.id}`);
    await run([o.id]);
    const items = (await rest('GET', `/rest/orders/${o.id}`)).orderItems as Json[];
    const note = await rest('POST', `/rest/orders/${o.id}/credit_notes`, { quantities: [{ orderItemId: items[0]!.id, quantity: 1 }, { orderItemId: items[1]!.id, quantity: 1 }] });
    const before = writes();

    const [memo] = (await dryRun([Number(note.id)])).records;

    expect(memo).toMatchObject({ key: String(note.id), action: 'create', targetId: mo.increment_id });
    expect(memo!.diff).toEqual([
      { field: `creditmemo.items.${sku(7)}`, after: 1 },
      { field: 'creditmemo.shipping_amount', after: 5 },
      { field: 'creditmemo.adjustment_negative', after: 0 },
      { field: 'creditmemo.comment', after: `PlentyONE credit note ${note.id} (15.00)` },
    ]);
    expect(writes()).toEqual(before);
    expect((await magentoOrderOf(o.id))!.total_refunded).toBeUndefined();
    expect(await run([Number(note.id)])).toMatchObject({ created: 1 });
    expect((await magentoOrderOf(o.id))!.total_refunded).toBe(15);
    expect((await dryRun([Number(note.id)])).records[0]).toMatchObject({ action: 'skip', reason: expect.stringContaining('already refunded') });
  });

  it('shows an imported order that still owes its write-back as that PlentyONE write, and sends it only in a run', async () => {
    const o = await marketplaceOrder(rest, 5, { referrerId: 2, lines: [{ index: 8, qty: 1, price: 12 }] });
    await run([o.id]);
    const mo = (await magentoOrderOf(o.id))!;
    // As if the run had stopped between the create and the write-back: the link says it is still owed.
    const owed = async () => ((await env.links.byPlentyId('order', String(o.id)))!.meta as { backSync: { writtenBack?: boolean } }).backSync.writtenBack;
    const link = (await env.links.byPlentyId('order', String(o.id)))!;
    const meta = link.meta as { backSync: Record<string, unknown> };
    await env.links.upsert({ entityType: 'order', magentoKey: link.magentoKey, plentyId: link.plentyId, meta: { ...meta, backSync: { ...meta.backSync, writtenBack: false } } });
    const before = writes();

    const [record] = (await dryRun([o.id])).records;

    expect(record).toMatchObject({ action: 'update', targetId: mo.increment_id });
    expect(record!.diff).toEqual([{ field: 'plentyOrder.properties.990', after: mo.increment_id }]);
    expect(writes()).toEqual(before);
    expect(await owed()).toBe(false);
    expect(await run([o.id])).toMatchObject({ updated: 1, failed: 0 });
    expect(writes()['plenty PUT']).toBe(before['plenty PUT']! + 1);
    expect(await owed()).toBe(true);
  });

  /** Runs `body` with other statusActions, then puts the profile's config back. */
  async function withStatusActions(statusActions: Record<string, string>, body: () => Promise<void>): Promise<void> {
    await env.db.query('update profiles set config = $1 where id = $2', [JSON.stringify({ ...config, statusActions }), profileId]);
    try {
      await body();
    } finally {
      await env.db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), profileId]);
    }
  }
});
