import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_AND_CLAIM } from '../../src/profiles/types/plenty_order_export/buyer-links.js';
import { engine } from '../support/db.js';
import { sandboxOrderConfig, startOrderExportHarness, type OrderExportHarness } from './order-export-harness.js';

/**
 * What a new order costs in PlentyONE calls, and that skipping the external-id lookup of an order seen
 * for the first time (adoptExistingOrders off) never writes one twice: not after a run stopped between
 * create and link, not when another run links it at that very moment, not after a refusal that
 * followed the create. With adoptExistingOrders on (the default), an order another system wrote is linked.
 */
const noAdoption = { ...sandboxOrderConfig, adoptExistingOrders: false };
let h: OrderExportHarness;
beforeAll(async () => { h = await startOrderExportHarness(noAdoption); }, 60_000);
afterAll(async () => h?.close());

/** An event run of these orders. */
const ids = (...incrementIds: string[]) => ({ mode: 'ids' as const, ids: incrementIds });
const plentyCalls = () => h.sandboxes.plenty.sandbox.log.get();
const lookups = () => h.plentyCalls('GET', '/rest/orders/search') + h.plentyCalls('GET', '/rest/orders');

/** An order as another system (or a run that died before linking it) left it in PlentyONE. */
const writtenElsewhere = (incrementId: string) => h.plentyStores.orders.create({
  typeId: 1, plentyId: 1000, orderItems: [], properties: [{ typeId: 7, value: incrementId }], addressRelations: [], relations: [], dates: [],
});
const orderLink = async (incrementId: string) => (await h.db.query<{ plenty_id: string }>(
  `select plenty_id from entity_links where entity_type = 'order' and magento_key = $1`, [incrementId]))[0]?.plenty_id;
const claimRows = async (incrementId: string) => (await h.db.query<{ n: number }>(
  `select count(*)::int as n from entity_links where entity_type = 'claim:order' and magento_key = $1`, [incrementId]))[0]!.n;

describe('PlentyONE calls of a new order', () => {
  it('a first-time order: the variation by its number and the create; the next order of that SKU and buyer: the create', async () => {
    // The buyer's contact and addresses are made and linked by a first order.
    const warm = await h.placeOrder({ items: [{ sku: 'PG-0000000', qty: 1 }], customerId: 3 });
    expect(await h.run(ids(warm.incrementId))).toMatchObject({ created: 1 });

    const first = await h.placeOrder({ items: [{ sku: 'PG-0000005', qty: 1 }], customerId: 3 });
    let before = plentyCalls();
    const lookupsBefore = lookups();
    const variationsBefore = h.plentyCalls('GET', '/rest/items/variations');
    expect(await h.run(ids(first.incrementId))).toMatchObject({ status: 'completed', created: 1 });
    expect(plentyCalls() - before).toBe(2);
    expect(h.plentyCalls('GET', '/rest/items/variations') - variationsBefore).toBe(1);
    expect(lookups()).toBe(lookupsBefore);

    // The variation id found for the SKU is kept: the next order of it makes the create alone.
    const second = await h.placeOrder({ items: [{ sku: 'PG-0000005', qty: 2 }], customerId: 3 });
    before = plentyCalls();
    expect(await h.run(ids(second.incrementId))).toMatchObject({ status: 'completed', created: 1 });
    expect(plentyCalls() - before).toBe(1);
    expect(h.ordersFor(first.incrementId)).toHaveLength(1);
    expect(h.ordersFor(second.incrementId)).toHaveLength(1);
    expect(h.ordersFor(second.incrementId)[0]!.orderItems.find((i) => i.typeId === 1)?.itemVariationId).toBe(1005);
  });
});

describe('exactly once without the lookup of first-time orders', () => {
  it('a run that stopped between create and link: the order is not written again, while its claim lasts nor after', async () => {
    const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000006', qty: 1 }], customerId: 3 });
    // What a run leaves that died after PlentyONE stored the order and before its batch save: the
    // order in PlentyONE, the order's claim, no link.
    const written = writtenElsewhere(incrementId);
    await h.db.query(`insert into entity_links (entity_type, magento_key, plenty_id) values ('claim:order', $1, 'run:999999')`, [incrementId]);

    const during = await h.run(ids(incrementId));
    expect(during).toMatchObject({ created: 0, skipped: 1 });
    expect(await h.messages(during.runId)).toContainEqual(expect.objectContaining({ recordKey: incrementId, message: 'Another run is exporting this order right now.' }));
    expect(h.ordersFor(incrementId)).toHaveLength(1);

    // The lease of the dead run's claim ran out: the next run takes the claim over and looks first.
    await h.db.query(`update entity_links set updated_at = now() - interval '1 hour' where entity_type = 'claim:order' and magento_key = $1`, [incrementId]);
    const lookupsBefore = lookups();
    expect(await h.run(ids(incrementId))).toMatchObject({ status: 'completed', created: 1 });
    expect(lookups() - lookupsBefore).toBe(1);
    expect(h.ordersFor(incrementId).map((o) => o.id)).toEqual([written.id]);
    expect(await orderLink(incrementId)).toBe(String(written.id));
    expect(await claimRows(incrementId)).toBe(0);
  });

  it('a refusal after the create (the payment) fails the order; the run\'s save links it and gives its claim up, the next run books the payment', async () => {
    const { incrementId, entityId } = await h.placeOrder({ items: [{ sku: 'PG-0000007', qty: 1 }], customerId: 3 });
    await h.magento('POST', `/rest/V1/order/${entityId}/invoice`, { capture: true });
    await h.addPlentyFault({ kind: 'echo', status: 422, method: 'POST', path: '/rest/payments', times: 1 });
    expect(await h.run(ids(incrementId))).toMatchObject({ status: 'partial', created: 0, failed: 1 });
    expect(h.ordersFor(incrementId)).toHaveLength(1);
    // Linked by the run's save, which gave the claim up with it (not before, see process.ts: a crash in
    // between would have left the order with neither link nor claim).
    expect(await orderLink(incrementId)).toBe(String(h.ordersFor(incrementId)[0]!.id));
    expect(await claimRows(incrementId)).toBe(0);

    expect(await h.run(ids(incrementId))).toMatchObject({ status: 'completed', updated: 1 });
    expect(h.ordersFor(incrementId)).toHaveLength(1);
    expect(h.plentyStores.payments.forOrder(h.ordersFor(incrementId)[0]!.id)).toHaveLength(1);
  });

  it.skipIf(engine !== 'postgres')('a run that claims the order while another run saves its link looks it up, and links the one order', async () => {
    const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000008', qty: 1 }], customerId: 3 });
    // Run A created the order under its claim; its batch save (link written, claim given up) is under
    // way in a transaction of its own while run B starts.
    const written = writtenElsewhere(incrementId);
    await h.db.query(`insert into entity_links (entity_type, magento_key, plenty_id) values ('claim:order', $1, 'run:999998')`, [incrementId]);
    const sql = postgres(h.db.url!, { max: 2, onnotice: () => {} });
    try {
      let commit!: () => void;
      const committed = new Promise<void>((resolve) => { commit = resolve; });
      let saving!: () => void;
      const saved = new Promise<void>((resolve) => { saving = resolve; });
      const batchSave = sql.begin(async (tx) => {
        await tx`delete from entity_links where entity_type = 'claim:order' and magento_key = ${incrementId}`;
        await tx`insert into entity_links (entity_type, magento_key, plenty_id) values ('order', ${incrementId}, ${String(written.id)})`;
        saving();
        await committed;
      });
      await saved;
      const runB = h.run(ids(incrementId));
      // Run B read no link (A's is not committed) and now waits for A's claim row.
      for (let waited = 0; ; waited += 20) {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if (row!.n > 0) break;
        if (waited > 10_000) throw new Error('run B never waited for the claim');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      commit();
      await batchSave;
      // B's claim was new, but its statement saw A's claim: not a first attempt, so B looked the order up.
      expect(await runB).toMatchObject({ status: 'completed', created: 0, skipped: 1, failed: 0 });
      expect(h.ordersFor(incrementId).map((o) => o.id)).toEqual([written.id]);
      expect(await orderLink(incrementId)).toBe(String(written.id));
    } finally {
      await sql.end();
    }
  });
});

describe('concurrent runs of new orders (the claim taken with the link read)', () => {
  it.skipIf(engine !== 'postgres')('two runs of each of several new orders at once: each order once, linked, no claim left', async () => {
    const placed = await Promise.all([0, 1, 2, 3, 4].map((i) => h.placeOrder({ items: [{ sku: `PG-000001${i}`, qty: 1 }], customerId: 3 })));
    const results = await Promise.all(placed.flatMap(({ incrementId }) => [h.run(ids(incrementId)), h.run(ids(incrementId))]));
    expect(results.every((r) => r.status === 'completed')).toBe(true);
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(placed.length);
    for (const { incrementId } of placed) {
      expect(h.ordersFor(incrementId)).toHaveLength(1);
      expect(await orderLink(incrementId)).toBe(String(h.ordersFor(incrementId)[0]!.id));
      expect(await claimRows(incrementId)).toBe(0);
    }
  });
});

describe('the statement that reads an order\'s links and claims it', () => {
  it.skipIf(engine !== 'postgres')('looks every link up by the key index in the plan a prepared statement keeps, on a table without statistics', async () => {
    // Prepared on PostgreSQL: after five executions it may keep one plan for any values, not knowing how
    // many SKUs or buyer keys the arrays hold; on a new installation's links table a join could then
    // read every link for every order.
    const sql = postgres(h.db.url!, { max: 1, onnotice: () => {} });
    try {
      await sql`create table links_fresh (like entity_links including all)`;
      await sql`insert into links_fresh (entity_type, magento_key, plenty_id) select 'variation', 'SKU-' || g, g::text from generate_series(1, 3000) g`;
      const text = READ_AND_CLAIM.replaceAll('entity_links', 'links_fresh');
      await sql.unsafe(`prepare read_and_claim as ${text}`);
      await sql`set plan_cache_mode = force_generic_plan`;
      const plan = (await sql.unsafe<{ 'QUERY PLAN': string }[]>(
        `explain execute read_and_claim('100000001', 'run:1', now(), true, '{SKU-1,SKU-2}', '{customer_email,customer}', '{a@example.com,3}', true, '{:1:x,:2:y}')`,
      )).map((r) => r['QUERY PLAN']).join('\n');
      // By the (type, key) index: neither a scan of the table nor a bitmap of every link of a type.
      expect(plan).toContain('Index Scan using links_fresh_entity_type_magento_key_idx');
      expect(plan).not.toMatch(/Seq Scan|Bitmap|plenty_id_idx/);
    } finally {
      await sql.end();
    }
  });
});

describe('adoptExistingOrders', () => {
  it('on: a new order another system already wrote to PlentyONE is linked, not created again', async () => {
    await h.configure({ ...sandboxOrderConfig, adoptExistingOrders: true });
    try {
      const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000000', qty: 1 }], customerId: 3 });
      const theirs = writtenElsewhere(incrementId);
      const result = await h.run(ids(incrementId));
      expect(result).toMatchObject({ status: 'completed', created: 0, skipped: 1 });
      expect(await h.messages(result.runId)).toContainEqual(expect.objectContaining({
        recordKey: incrementId, message: `Already in PlentyONE as order ${theirs.id} (external order id ${incrementId}); linked now.`,
      }));
      expect(h.ordersFor(incrementId).map((o) => o.id)).toEqual([theirs.id]);
      expect(await orderLink(incrementId)).toBe(String(theirs.id));

      // A new order PlentyONE does not hold: looked up, then created.
      const fresh = await h.placeOrder({ items: [{ sku: 'PG-0000000', qty: 1 }], customerId: 3 });
      const lookupsBefore = lookups();
      expect(await h.run(ids(fresh.incrementId))).toMatchObject({ created: 1 });
      expect(lookups() - lookupsBefore).toBe(1);
      expect(h.ordersFor(fresh.incrementId)).toHaveLength(1);
    } finally {
      await h.configure(noAdoption);
    }
  });
});
