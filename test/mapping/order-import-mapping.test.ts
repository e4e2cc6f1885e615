/**
 * The order import with a mapping: a rule keeps one marketplace's orders out with its reason, a JSONata
 * expression and a rule's `set` change the Magento order a marketplace order becomes; a second run
 * writes nothing, and a changed mapping reaches the orders imported after it (an order is created once).
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
import { marketplaceOrder, type PlentyRest } from '../profiles/support/marketplace-orders.js';
import { insertProfile, silentLog } from '../profiles/support/memory-type.js';
import { orderImportEnv, type OrderImportEnv } from '../profiles/support/order-import-env.js';
import { plentyRest } from '../profiles/support/plenty-rest.js';
import { writeCalls } from './support.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = {
  marketplace: { create: true, referrers: ['2', '4.01'], storeMap: { '1000': 'default' }, paymentMap: { '6001': 'checkmo' }, shippingMap: { '6': 'flatrate_flatrate' } },
  collection: { overlapSeconds: 0 },
};
const mapping = {
  fields: [
    // The marketplace's own order number where the order shows its shipping.
    { target: 'shipping_description', expression: '"Marketplace order " & properties[typeId=7].value' },
  ],
  rules: [
    { name: 'amazon', if: { source: 'referrerId', in: [4.01] }, then: [{ skip: 'Amazon orders are booked by the Amazon connector.' }] },
    { if: { source: 'referrerId', in: [2] }, then: [{ set: { target: 'comment', value: 'Sold on eBay.' } }] },
  ],
};

let env: OrderImportEnv;
let profileId: number;
let plenty: PlentyRest;
const registry = new ProfileRegistry([orderImportType]);

beforeAll(async () => {
  env = await orderImportEnv('order-import-mapping');
  profileId = (await insertProfile(env.db.db, 'plenty_order_import', { ...base, mapping })).id;
  plenty = await plentyRest(env.sandboxes.plenty.url);
}, 120_000);
afterAll(async () => env?.close());

const run = (input: RunInput) => executeRun({ db: env.db.db, registry, log: silentLog, services: { connectors: env.connectors } }, { profileId, trigger: 'event', input });
const ids = (...orders: { id: number }[]) => ({ mode: 'ids' as const, ids: orders.map((o) => String(o.id)) });

async function magentoOrderOf(plentyOrderId: number): Promise<Json | undefined> {
  const q = `searchCriteria[filter_groups][0][filters][0][field]=ext_order_id&searchCriteria[filter_groups][0][filters][0][value]=plenty:${plentyOrderId}`;
  return ((await magentoCall(env.sandboxes.magento.url, 'GET', `/rest/V1/orders?${q}`)).items as Json[])[0];
}
async function messages(runId: number): Promise<string[]> {
  return (await env.db.query<{ message: string }>('select message from profile_run_messages where run_id = $1', [runId])).map((r) => r.message);
}

describe('order import mapping', () => {
  let ebay: { id: number };
  let firstDescription: string;

  it('creates the mapped Magento order and skips the other marketplace\'s with the rule\'s reason', async () => {
    ebay = await marketplaceOrder(plenty, 41, { referrerId: 2, externalOrderId: 'EB-4711', lines: [{ index: 3, qty: 1, price: 12.5 }], shipping: 4.99 });
    const amazon = await marketplaceOrder(plenty, 42, { referrerId: 4.01, externalOrderId: '302-1', lines: [{ index: 4, qty: 1, price: 8 }] });
    const result = await run(ids(ebay, amazon));
    expect(result).toMatchObject({ created: 1, skipped: 1, failed: 0 });
    const mo = (await magentoOrderOf(ebay.id))!;
    expect(mo.shipping_description).toBe('Marketplace order EB-4711');
    expect(String(mo.status_histories[0].comment)).toMatch(/^Imported from PlentyONE order \d+ .*\. Sold on eBay\.$/);
    expect(mo.grand_total).toBe(17.49); // the mapping changes no amount
    expect(await magentoOrderOf(amazon.id)).toBeUndefined();
    expect(await messages(result.runId)).toContain('Amazon orders are booked by the Amazon connector.');
    firstDescription = mo.shipping_description;
  });

  it('a second run writes nothing to Magento', async () => {
    const before = writeCalls(env.sandboxes.magento.sandbox.log);
    const again = await run(ids(ebay));
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(writeCalls(env.sandboxes.magento.sandbox.log)).toEqual(before);
  });

  it('a changed mapping reaches the orders imported after it; the order already created stays as it was', async () => {
    const changed = { ...mapping, fields: [{ target: 'shipping_description', expression: '"eBay " & properties[typeId=7].value' }] };
    await env.db.db.update(profiles).set({ config: { ...base, mapping: changed } }).where(eq(profiles.id, profileId));
    const next = await marketplaceOrder(plenty, 43, { referrerId: 2, externalOrderId: 'EB-4712', lines: [{ index: 5, qty: 1, price: 3 }] });
    const before = writeCalls(env.sandboxes.magento.sandbox.log);
    const result = await run(ids(ebay, next));
    expect(result).toMatchObject({ created: 1, failed: 0 });
    expect((await magentoOrderOf(next.id))!.shipping_description).toBe('eBay EB-4712');
    expect((await magentoOrderOf(ebay.id))!.shipping_description).toBe(firstDescription);
    expect(writeCalls(env.sandboxes.magento.sandbox.log)['POST /rest/V1/orders']).toBe((before['POST /rest/V1/orders'] ?? 0) + 1);
  });
});
