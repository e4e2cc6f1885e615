/**
 * Incomplete marketplace orders (plenty_order_import, `marketplace.waitWhileLocked`, `waitStatuses`,
 * `unpaidAfterHours`) wait with their reason in the run history, are read again by every delta run and
 * are imported once, when complete; PlentyONE returns (order type 3) change nothing in Magento, said so.
 * Both sandboxes in-process, runs through executeRun on the test database (embedded or PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { profiles } from '../../src/db/schema/index.js';
import type { RunInput } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { orderImportType } from '../../src/profiles/types/plenty_order_import/index.js';
import { magentoCall } from '../support/magento-call.js';
import { insertProfile, silentLog } from './support/memory-type.js';
import { marketplaceOrder, marketplaceSettings, type PlentyRest } from './support/marketplace-orders.js';
import { orderImportEnv, type OrderImportEnv } from './support/order-import-env.js';
import { plentyRest } from './support/plenty-rest.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = {
  marketplace: {
    ...marketplaceSettings,
    waitStatuses: ['2'],
    unpaidAfterHours: 48,
  },
  creditMemos: { create: true },
  collection: { overlapSeconds: 0 },
};

let env: OrderImportEnv;
let profileId: number;
let rest: PlentyRest;
const registry = new ProfileRegistry([orderImportType]);

beforeAll(async () => {
  env = await orderImportEnv('order-import-incomplete');
  profileId = (await insertProfile(env.db.db, 'plenty_order_import', config)).id;
  rest = await plentyRest(env.sandboxes.plenty.url);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const run = (input: RunInput) => executeRun(
  { db: env.db.db, registry, log: silentLog, services: { connectors: env.connectors } },
  { profileId, trigger: input.mode === 'ids' ? 'event' : 'manual', input },
);
/** A delta run that sees no changed order: only the retry list brings orders in. */
const retryRun = () => run({ mode: 'delta', since: new Date(Date.now() + 3_600_000).toISOString() });

async function messages(runId: number): Promise<Record<string, string>> {
  const rows = await env.db.query<{ record_key: string; message: string }>('select record_key, message from profile_run_messages where run_id = $1', [runId]);
  return Object.fromEntries(rows.map((r) => [r.record_key, r.message]));
}

async function magentoOrdersOf(plentyOrderId: number): Promise<Json[]> {
  const q = `searchCriteria[filter_groups][0][filters][0][field]=ext_order_id&searchCriteria[filter_groups][0][filters][0][value]=plenty:${plentyOrderId}`;
  return (await magentoCall(env.sandboxes.magento.url, 'GET', `/rest/V1/orders?${q}`)).items as Json[];
}

async function pay(orderId: number, amount: number): Promise<void> {
  const payment = await rest('POST', '/rest/payments', { amount, mopId: 6001, currency: 'EUR' });
  await rest('POST', `/rest/payment/${payment.id}/order/${orderId}`);
}

describe('incomplete marketplace orders wait, are reported and are imported once complete', () => {
  it('unpaid: waits with the amount paid, is read again by delta runs and imported exactly once when paid', async () => {
    const o = await marketplaceOrder(rest, 101, { referrerId: 2, lines: [{ index: 3, qty: 1, price: 20 }], shipping: 5 });
    const first = await run({ mode: 'ids', ids: [String(o.id)] });
    expect(first).toMatchObject({ created: 0, skipped: 1, failed: 0 });
    expect((await messages(first.runId))[String(o.id)]).toContain('is not paid yet (0.00 of 25.00 paid)');
    expect(await magentoOrdersOf(o.id)).toEqual([]);

    // Still unpaid: the retry list brings it in again, it waits again.
    expect(await retryRun()).toMatchObject({ created: 0, skipped: 1 });
    await pay(o.id, 25);
    expect(await retryRun()).toMatchObject({ created: 1 });
    const [mo, ...more] = await magentoOrdersOf(o.id);
    expect(more).toEqual([]);
    expect(String(mo!.status_histories[0].comment)).not.toContain('unpaid');
    // Off the retry list, and a second callback creates nothing.
    expect(await retryRun()).toMatchObject({ created: 0, skipped: 0, failed: 0 });
    expect(await run({ mode: 'ids', ids: [String(o.id)] })).toMatchObject({ created: 0 });
    expect(await magentoOrdersOf(o.id)).toHaveLength(1);
  });

  it('unpaid longer than unpaidAfterHours: imported once, with a comment and a history note saying it is unpaid', async () => {
    const orderedAt = new Date(Date.now() - 49 * 3_600_000).toISOString();
    const o = await marketplaceOrder(rest, 102, { referrerId: 2, orderedAt, lines: [{ index: 4, qty: 2, price: 10 }] });
    await pay(o.id, 5);
    const r = await run({ mode: 'ids', ids: [String(o.id)] });
    expect(r).toMatchObject({ created: 1 });
    expect((await messages(r.runId))[String(o.id)]).toContain('still unpaid 48 hours after it was ordered (5.00 of 20.00 paid)');
    const [mo] = await magentoOrdersOf(o.id);
    expect(String(mo!.status_histories[0].comment)).toContain('still unpaid 48 hours after it was ordered');
    expect(await retryRun()).toMatchObject({ created: 0 });
    expect(await magentoOrdersOf(o.id)).toHaveLength(1);
  });

  it('locked for review (lockStatus reversibleLocked): waits until PlentyONE unlocks it, then imported once', async () => {
    const o = await marketplaceOrder(rest, 103, { referrerId: 2, lines: [{ index: 5, qty: 1, price: 8 }] });
    await pay(o.id, 8);
    await rest('PUT', `/rest/orders/${o.id}`, { lockStatus: 'reversibleLocked' });
    const r = await run({ mode: 'ids', ids: [String(o.id)] });
    expect(r).toMatchObject({ created: 0, skipped: 1 });
    expect((await messages(r.runId))[String(o.id)]).toContain('locked for review (lockStatus reversibleLocked)');
    expect(await retryRun()).toMatchObject({ created: 0, skipped: 1 });
    await rest('PUT', `/rest/orders/${o.id}`, { lockStatus: 'unlocked' });
    expect(await retryRun()).toMatchObject({ created: 1 });
    expect(await retryRun()).toMatchObject({ created: 0 });
    expect(await magentoOrdersOf(o.id)).toHaveLength(1);
  });

  it('waitWhileLocked off: a locked order is imported at once', async () => {
    await env.db.db.update(profiles).set({ config: { ...config, marketplace: { ...config.marketplace, waitWhileLocked: false } } }).where(eq(profiles.id, profileId));
    try {
      const o = await marketplaceOrder(rest, 106, { referrerId: 2, lines: [{ index: 8, qty: 1, price: 8 }] });
      await pay(o.id, 8);
      await rest('PUT', `/rest/orders/${o.id}`, { lockStatus: 'reversibleLocked' });
      expect(await run({ mode: 'ids', ids: [String(o.id)] })).toMatchObject({ created: 1 });
    } finally {
      await env.db.db.update(profiles).set({ config }).where(eq(profiles.id, profileId));
    }
  });

  it('in a status of waitStatuses (on hold): waits until the status moves on, then imported once', async () => {
    const o = await marketplaceOrder(rest, 104, { referrerId: 2, statusId: 2, lines: [{ index: 6, qty: 1, price: 8 }] });
    await pay(o.id, 8);
    const r = await run({ mode: 'ids', ids: [String(o.id)] });
    expect(r).toMatchObject({ created: 0, skipped: 1 });
    expect((await messages(r.runId))[String(o.id)]).toContain('is in status 2, which is not final (marketplace.waitStatuses)');
    await rest('PUT', `/rest/orders/${o.id}`, { statusId: 5 });
    expect(await retryRun()).toMatchObject({ created: 1 });
    expect(await retryRun()).toMatchObject({ created: 0 });
    expect(await magentoOrdersOf(o.id)).toHaveLength(1);
  });
});

describe('returns', () => {
  it('a PlentyONE return changes nothing in Magento and says so (no comment, no refund)', async () => {
    const o = await marketplaceOrder(rest, 105, { referrerId: 2, lines: [{ index: 7, qty: 2, price: 10 }] });
    await pay(o.id, 20);
    await run({ mode: 'ids', ids: [String(o.id)] });
    const [before] = await magentoOrdersOf(o.id);
    const items = (await rest('GET', `/rest/orders/${o.id}`)).orderItems as Json[];
    const ret = await rest('POST', `/rest/orders/${o.id}/returns`, { quantities: [{ orderItemId: items[0]!.id, quantity: 1 }] });
    const r = await run({ mode: 'ids', ids: [String(ret.id)] });
    expect(r).toMatchObject({ created: 0, updated: 0, skipped: 1, failed: 0 });
    expect((await messages(r.runId))[String(ret.id)]).toContain(`PlentyONE return ${ret.id} of order ${o.id}: returns change nothing in Magento`);
    const [after] = await magentoOrdersOf(o.id);
    expect(after!.status_histories).toEqual(before!.status_histories);
    expect(after!.total_refunded ?? 0).toBe(0);
  });
});
