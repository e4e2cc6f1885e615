/**
 * Marketplace orders (plenty_order_import, `marketplace`): PlentyONE orders of marketplace referrers
 * become Magento orders once, with PlentyONE's prices, discounts, shipping and currency; bad input fails
 * or waits with its reason and is read again by later runs; invoices, credit memos and holds follow.
 * Both sandboxes in-process, runs through executeRun on the test database (embedded or PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { profiles } from '../../src/db/schema/index.js';
import type { Connectors } from '../../src/connectors/services.js';
import type { LinkStore } from '../../src/profiles/links.js';
import type { StartedSandboxes } from '../../src/sandbox/start.js';
import type { TestDatabase } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { orderImportEnv, type OrderImportEnv } from './support/order-import-env.js';
import type { RunInput } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { orderExportType } from '../../src/profiles/types/plenty_order_export/index.js';
import { orderImportType } from '../../src/profiles/types/plenty_order_import/index.js';
import { insertProfile, silentLog } from './support/memory-type.js';
import { marketplaceOrder, sku, type PlentyRest } from './support/marketplace-orders.js';
import { plentyRest } from './support/plenty-rest.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = {
  marketplace: {
    create: true,
    referrers: ['2', '4.01'],
    storeMap: { '1000': 'default' },
    paymentMap: { '6001': 'checkmo' },
    shippingMap: { '6': 'flatrate_flatrate' },
    writeBackPropertyTypeId: 990,
  },
  statusActions: { '2': 'hold', '5': 'unhold' },
  invoices: { create: true, requirePaid: true },
  creditMemos: { create: true },
  collection: { overlapSeconds: 0 },
};

let db: TestDatabase;
let sandboxes: StartedSandboxes;
let connectors: Connectors;
let links: LinkStore;
let profileId: number;
const registry = new ProfileRegistry([orderImportType, orderExportType]);

let env: OrderImportEnv | undefined;
beforeAll(async () => {
  env = await orderImportEnv('order-import-mp');
  ({ db, sandboxes, connectors, links } = env);
  profileId = (await insertProfile(db.db, 'plenty_order_import', config)).id;
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const call = magentoCall;
const magento = (method: string, path: string, body?: unknown) => call(sandboxes.magento.url, method, path, body);
let rest: PlentyRest | undefined;
async function plentyCall(method: string, path: string, body?: unknown): Promise<Json> {
  rest ??= await plentyRest(sandboxes.plenty.url);
  return rest(method, path, body);
}
const plentyApi: PlentyRest = (method, path, body) => plentyCall(method, path, body);

async function run(input: RunInput) {
  const r = await executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId, trigger: input.mode === 'ids' ? 'event' : 'manual', input });
  if (process.env.DEBUG_RUNS) console.log(r, await db.query('select record_key, message from profile_run_messages where run_id = $1', [r.runId]));
  return r;
}

async function messages(runId: number): Promise<Record<string, string>> {
  const rows = await db.query<{ record_key: string; message: string }>('select record_key, message from profile_run_messages where run_id = $1', [runId]);
  return Object.fromEntries(rows.map((r) => [r.record_key, r.message]));
}

async function magentoOrderOf(plentyOrderId: number): Promise<Json | undefined> {
  const q = `searchCriteria[filter_groups][0][filters][0][field]=ext_order_id&searchCriteria[filter_groups][0][filters][0][value]=plenty:${plentyOrderId}`;
  const found = (await magento('GET', `/rest/V1/orders?${q}`)).items as Json[];
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
}

describe('marketplace orders become Magento orders once', () => {
  it('carries PlentyONE\'s lines, discounts, shipping and currency to the cent, links it and writes the number back', async () => {
    const o = await marketplaceOrder(plentyApi, 1, {
      referrerId: 2, currency: 'GBP', exchangeRate: 0.85, externalOrderId: '302-1234567-7654321',
      lines: [{ index: 3, qty: 2, price: 19.99, discount: 2.5 }, { index: 4, qty: 1, price: 7.05 }], shipping: 4.99,
    });
    const first = await run({ mode: 'ids', ids: [String(o.id)] });
    expect(first).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    const mo = (await magentoOrderOf(o.id))!;
    expect(mo.grand_total).toBe(o.total);
    expect(mo.grand_total).toBe(47.02); // 2 × (19.99 − 2.50) + 7.05 + 4.99
    expect(mo.order_currency_code).toBe('GBP');
    expect(mo.shipping_incl_tax).toBe(4.99);
    expect(mo.discount_amount).toBe(-5);
    expect(mo.customer_is_guest).toBe(1);
    expect(mo.customer_email).toBe(o.email);
    expect(mo.payment.method).toBe('checkmo');
    expect(mo.extension_attributes.shipping_assignments[0].shipping.method).toBe('flatrate_flatrate');
    expect(mo.extension_attributes.shipping_assignments[0].shipping.address).toMatchObject({ city: 'Berlin', postcode: '10115', country_id: 'DE', street: ['Hauptstraße 1'] });
    expect((mo.items as Json[]).map((i) => [i.sku, i.qty_ordered, i.price_incl_tax])).toEqual([[sku(3), 2, 19.99], [sku(4), 1, 7.05]]);
    expect(mo.email_sent).toBe(0);
    expect(String(mo.status_histories[0].comment)).toContain('302-1234567-7654321');
    expect((await links.byPlentyId('order', String(o.id)))?.magentoKey).toBe(mo.increment_id);
    const plentyOrder = await plentyCall('GET', `/rest/orders/${o.id}`);
    expect((plentyOrder.properties as Json[]).find((p) => p.typeId === 990)?.value).toBe(mo.increment_id);

    const again = await run({ mode: 'ids', ids: [String(o.id), String(o.id)] });
    expect(again).toMatchObject({ created: 0, failed: 0 });
    expect(await magentoOrderOf(o.id)).toMatchObject({ entity_id: mo.entity_id });
  });

  it('the order export never sends an imported order back to PlentyONE, even before it is linked', async () => {
    const o = await marketplaceOrder(plentyApi, 5, { referrerId: 2, lines: [{ index: 3, qty: 1, price: 9 }] });
    await run({ mode: 'ids', ids: [String(o.id)] });
    const mo = (await magentoOrderOf(o.id))!;
    await links.remove('order', mo.increment_id);
    const exportProfile = await insertProfile(db.db, 'plenty_order_export', {
      storeMapping: [{ storeView: 'default', plentyId: 1000 }], paymentMap: { checkmo: 6001 }, defaultShippingProfileId: 6, settlingSeconds: 0,
    });
    const r = await executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId: exportProfile.id, trigger: 'event', input: { mode: 'ids', ids: [mo.increment_id] } });
    expect(r).toMatchObject({ created: 0, skipped: 1 });
    expect((await messages(r.runId))[mo.increment_id]).toContain(`Imported from PlentyONE order ${o.id}`);
  });

  it('finds the order a 500-after-write created and links it instead of creating it again', async () => {
    const o = await marketplaceOrder(plentyApi, 2, { referrerId: 4.01, lines: [{ index: 5, qty: 1, price: 10 }], shipping: 0 });
    await magento('POST', '/_sandbox/faults', { method: 'POST', path: '/rest/V1/orders', kind: 'fail-after-write', times: 1 });
    const broken = await run({ mode: 'ids', ids: [String(o.id)] }).catch((e: unknown) => e);
    expect(await magentoOrderOf(o.id)).toBeDefined();
    void broken;
    const retried = await run({ mode: 'ids', ids: [String(o.id)] });
    expect(retried.failed).toBe(0);
    const mo = (await magentoOrderOf(o.id))!;
    expect((await links.byPlentyId('order', String(o.id)))?.magentoKey).toBe(mo.increment_id);
  });

  it('a linked customer buys as that customer, in the customer\'s group; a customer deleted in Magento since makes a guest order', async () => {
    const o = await marketplaceOrder(plentyApi, 3, { referrerId: 2, lines: [{ index: 6, qty: 1, price: 12 }] });
    const gone = await marketplaceOrder(plentyApi, 6, { referrerId: 2, lines: [{ index: 7, qty: 1, price: 9 }] });
    await links.upsert({ entityType: 'customer', magentoKey: '1', plentyId: String(o.contactId) });
    await links.upsert({ entityType: 'customer', magentoKey: '987654', plentyId: String(gone.contactId) });
    const customer = await magento('GET', '/rest/V1/customers/1') as Json;
    await magento('PUT', '/rest/V1/customers/1', { customer: { ...customer, group_id: 2 } });
    expect(await run({ mode: 'ids', ids: [String(o.id), String(gone.id)] })).toMatchObject({ created: 2, failed: 0 });
    expect(await magentoOrderOf(o.id)).toMatchObject({ customer_id: 1, customer_is_guest: 0, customer_group_id: 2 });
    const guest = (await magentoOrderOf(gone.id))!;
    expect(guest).toMatchObject({ customer_is_guest: 1, customer_group_id: 0 });
    expect(guest.customer_id ?? null).toBeNull();
    expect(JSON.stringify(guest.status_histories)).toContain(`the Magento customer linked to contact ${gone.contactId} no longer exists: a guest order`);
  });
});

describe('bad input fails or waits with its reason, and later runs read it again', () => {
  it('unknown product, unmapped payment method, incomplete address; the rest of the batch goes on', async () => {
    const unpaidMethod = await marketplaceOrder(plentyApi, 11, { referrerId: 2, mopId: 4242, lines: [{ index: 8, qty: 1, price: 5 }] });
    const incomplete = await marketplaceOrder(plentyApi, 12, { referrerId: 2, incompleteAddress: true, lines: [{ index: 9, qty: 1, price: 5 }] });
    const fine = await marketplaceOrder(plentyApi, 13, { referrerId: 2, lines: [{ index: 10, qty: 1, price: 5 }] });
    const r = await run({ mode: 'ids', ids: [unpaidMethod.id, incomplete.id, fine.id].map(String) });
    expect(r).toMatchObject({ created: 1, failed: 1, skipped: 1 });
    const why = await messages(r.runId);
    expect(why[String(unpaidMethod.id)]).toContain('method of payment 4242');
    expect(why[String(incomplete.id)]).toContain('incomplete: it has no billing or delivery address');
    expect(await magentoOrderOf(incomplete.id)).toBeUndefined();

    // Completed in PlentyONE without a change the scan would see: the next delta run reads it again.
    await plentyCall('PUT', `/rest/orders/${incomplete.id}`, { addressRelations: [{ typeId: 1, addressId: incomplete.billingId }, { typeId: 2, addressId: incomplete.deliveryId }] });
    const later = await run({ mode: 'delta', since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(later.created).toBe(1);
    expect(await magentoOrderOf(incomplete.id)).toBeDefined();
  });

  it('missingProduct fail (the default) names the SKU', async () => {
    const o = await marketplaceOrder(plentyApi, 20, { referrerId: 2, lines: [{ index: 10, qty: 1, price: 5 }, { index: 11, qty: 2, price: 3 }] });
    await magento('DELETE', `/rest/all/V1/products/${sku(11)}`).catch(() => undefined);
    const r = await run({ mode: 'ids', ids: [String(o.id)] });
    expect(r.failed).toBe(1);
    expect((await messages(r.runId))[String(o.id)]).toContain(`Magento has no product with SKU ${sku(11)}`);
  });
});

describe('invoices, credit memos, holds', () => {
  it('invoices a paid order once, refunds a credit note once, holds and releases with the mapped statuses', async () => {
    const o = await marketplaceOrder(plentyApi, 30, { referrerId: 2, lines: [{ index: 12, qty: 2, price: 10 }], shipping: 5 });
    await run({ mode: 'ids', ids: [String(o.id)] });
    let mo = (await magentoOrderOf(o.id))!;
    expect(mo.total_paid).toBeUndefined();

    // Unpaid: no invoice. Paid in full: one invoice, and no second one on the next callback.
    await run({ mode: 'ids', ids: [String(o.id)] });
    expect((await magentoOrderOf(o.id))!.total_paid).toBeUndefined();
    const payment = await plentyCall('POST', '/rest/payments', { amount: o.total, mopId: 6001, currency: 'EUR' });
    await plentyCall('POST', `/rest/payment/${payment.id}/order/${o.id}`);
    await run({ mode: 'ids', ids: [String(o.id)] });
    await run({ mode: 'ids', ids: [String(o.id)] });
    mo = (await magentoOrderOf(o.id))!;
    expect(mo.total_paid).toBe(o.total);
    expect((mo.items as Json[])[0]!.qty_invoiced).toBe(2);

    // A credit note of one item and the shipping: one credit memo of 15.00, also after a second run.
    const plentyOrder = await plentyCall('GET', `/rest/orders/${o.id}`);
    const items = plentyOrder.orderItems as Json[];
    const note = await plentyCall('POST', `/rest/orders/${o.id}/credit_notes`, { quantities: [{ orderItemId: items[0]!.id, quantity: 1 }, { orderItemId: items[1]!.id, quantity: 1 }] });
    const refunded = await run({ mode: 'ids', ids: [String(note.id)] });
    expect(refunded.created).toBe(1);
    await run({ mode: 'ids', ids: [String(note.id)] });
    const memos = (await magento('GET', `/rest/V1/creditmemos?searchCriteria[filter_groups][0][filters][0][field]=order_id&searchCriteria[filter_groups][0][filters][0][value]=${mo.entity_id}`)).items as Json[];
    expect(memos.map((m) => m.grand_total)).toEqual([15]);
    expect((await magentoOrderOf(o.id))!.total_refunded).toBe(15);

    // Held on PlentyONE status 2 (waiting for activation), released on 5.
    await plentyCall('PUT', `/rest/orders/${o.id}`, { statusId: 2 });
    await run({ mode: 'ids', ids: [String(o.id)] });
    expect((await magentoOrderOf(o.id))!.state).toBe('holded');
    await plentyCall('PUT', `/rest/orders/${o.id}`, { statusId: 5 });
    await run({ mode: 'ids', ids: [String(o.id)] });
    expect((await magentoOrderOf(o.id))!.state).toBe('processing');
  });
});

/** Runs `body` with the profile's config changed by `patch` (one profile per type), then restores it. */
async function withConfig(patch: (c: typeof config) => Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  await db.db.update(profiles).set({ config: patch(structuredClone(config)) }).where(eq(profiles.id, profileId));
  try {
    await body();
  } finally {
    await db.db.update(profiles).set({ config }).where(eq(profiles.id, profileId));
  }
}

describe('each setting does what it says', () => {
  it('filters: an unlisted referrer, a status not listed, an order created before createdAfter are not imported, with the reason', async () => {
    const otherReferrer = await marketplaceOrder(plentyApi, 40, { referrerId: 4, lines: [{ index: 13, qty: 1, price: 5 }] });
    const waiting = await marketplaceOrder(plentyApi, 41, { referrerId: 2, statusId: 3, lines: [{ index: 13, qty: 1, price: 5 }] });
    await withConfig((c) => ({ ...c, marketplace: { ...c.marketplace, statuses: ['5', '6'] } }), async () => {
      const r = await run({ mode: 'ids', ids: [String(otherReferrer.id), String(waiting.id)] });
      expect(r).toMatchObject({ created: 0, skipped: 2 });
      const why = await messages(r.runId);
      expect(why[String(otherReferrer.id)]).toContain('referrer 4 is not in marketplace.referrers');
      expect(why[String(waiting.id)]).toContain('status 3 is not in marketplace.statuses');
    });
    await withConfig((c) => ({ ...c, marketplace: { ...c.marketplace, createdAfter: new Date(Date.now() + 3_600_000).toISOString() } }), async () => {
      const r = await run({ mode: 'ids', ids: [String(waiting.id)] });
      expect((await messages(r.runId))[String(waiting.id)]).toContain('created before marketplace.createdAfter');
    });
    expect(await magentoOrderOf(otherReferrer.id)).toBeUndefined();
  });

  it('customer guest, missingProduct placeholder and skip_line, notifyCustomer', async () => {
    const linked = await marketplaceOrder(plentyApi, 42, { referrerId: 2, lines: [{ index: 14, qty: 1, price: 8 }] });
    await links.upsert({ entityType: 'customer', magentoKey: '2', plentyId: String(linked.contactId) });
    const placeholder = await marketplaceOrder(plentyApi, 43, { referrerId: 2, lines: [{ index: 14, qty: 1, price: 8 }, { index: 11, qty: 2, price: 3 }], shipping: 2 });
    const skipped = await marketplaceOrder(plentyApi, 44, { referrerId: 2, lines: [{ index: 14, qty: 1, price: 8 }, { index: 11, qty: 2, price: 3 }], shipping: 2 });
    await withConfig((c) => ({ ...c, marketplace: { ...c.marketplace, customer: 'guest', missingProduct: 'placeholder', notifyCustomer: true } }), async () => {
      expect(await run({ mode: 'ids', ids: [String(linked.id), String(placeholder.id)] })).toMatchObject({ created: 2, failed: 0 });
    });
    expect(await magentoOrderOf(linked.id)).toMatchObject({ customer_is_guest: 1, email_sent: 1 });
    const withPlaceholder = (await magentoOrderOf(placeholder.id))!;
    expect(withPlaceholder.grand_total).toBe(placeholder.total);
    expect((withPlaceholder.items as Json[]).map((i) => [i.sku, i.qty_ordered])).toEqual([[sku(14), 1], [sku(11), 2]]);
    expect(String(withPlaceholder.status_histories[0].comment)).toContain(`Magento has no product with SKU ${sku(11)}: placeholder line`);
    await withConfig((c) => ({ ...c, marketplace: { ...c.marketplace, missingProduct: 'skip_line' } }), async () => {
      expect(await run({ mode: 'ids', ids: [String(skipped.id)] })).toMatchObject({ created: 1 });
    });
    const withoutLine = (await magentoOrderOf(skipped.id))!;
    expect((withoutLine.items as Json[]).map((i) => i.sku)).toEqual([sku(14)]);
    expect(withoutLine.grand_total).toBe(skipped.total - 6);
    expect(withoutLine.email_sent).toBe(0);
  });

  it('invoices wait for the status and the invoice document when asked to, without payments when requirePaid is off; credit notes wait for creditMemos.create', async () => {
    const o = await marketplaceOrder(plentyApi, 45, { referrerId: 2, lines: [{ index: 15, qty: 1, price: 20 }] });
    await run({ mode: 'ids', ids: [String(o.id)] });
    await withConfig((c) => ({ ...c, invoices: { create: true, requirePaid: false, requireDocument: true, minStatusId: '6' }, creditMemos: { create: false } }), async () => {
      await plentyCall('POST', `/rest/orders/${o.id}/documents/invoice/generate`);
      await run({ mode: 'ids', ids: [String(o.id)] });
      expect((await magentoOrderOf(o.id))!.total_paid).toBeUndefined(); // status 5 < 6
      await plentyCall('PUT', `/rest/orders/${o.id}`, { statusId: 6 });
      await run({ mode: 'ids', ids: [String(o.id)] });
      expect((await magentoOrderOf(o.id))!.total_paid).toBe(20);
      const items = (await plentyCall('GET', `/rest/orders/${o.id}`)).orderItems as Json[];
      const note = await plentyCall('POST', `/rest/orders/${o.id}/credit_notes`, { quantities: [{ orderItemId: items[0]!.id, quantity: 1 }] });
      const r = await run({ mode: 'ids', ids: [String(note.id)] });
      expect((await messages(r.runId))[String(note.id)]).toContain('creditMemos.create is off');
    });
    const other = await marketplaceOrder(plentyApi, 46, { referrerId: 2, lines: [{ index: 15, qty: 1, price: 20 }] });
    await withConfig((c) => ({ ...c, invoices: { create: true, requirePaid: false, requireDocument: true } }), async () => {
      await run({ mode: 'ids', ids: [String(other.id)] });
      await run({ mode: 'ids', ids: [String(other.id)] });
      expect((await magentoOrderOf(other.id))!.total_paid).toBeUndefined(); // no invoice document yet
    });
  });
});
