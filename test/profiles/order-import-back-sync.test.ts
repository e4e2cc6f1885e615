/**
 * Order back-sync (plenty_order_import) against both sandboxes in-process: orders placed in Magento,
 * created in PlentyONE through the client and linked as the order export links them, then moved on with
 * the PlentyONE sandbox control (status, shipping packages); runs go through executeRun on the test database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlentyClient } from '../../src/connectors/plenty/index.js';
import type { Connectors } from '../../src/connectors/services.js';
import type { LinkStore } from '../../src/profiles/links.js';
import type { StartedSandboxes } from '../../src/sandbox/start.js';
import type { TestDatabase } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { orderImportEnv, type OrderImportEnv } from './support/order-import-env.js';
import type { RunInput } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { createStateStore } from '../../src/profiles/state.js';
import { orderImportType } from '../../src/profiles/types/plenty_order_import/index.js';
import { insertProfile, silentLog } from './support/memory-type.js';
import { plentyRest } from './support/plenty-rest.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const baseConfig = {
  statusMap: { '5.10': 'processing', '7': 'complete' },
  statusActions: { '8': 'cancel' },
  shipments: { carrierMap: { '6': { carrierCode: 'dhl', title: 'DHL' } } },
  collection: { overlapSeconds: 0 },
};

let db: TestDatabase;
let sandboxes: StartedSandboxes;
let connectors: Connectors;
let plenty: PlentyClient;
let links: LinkStore;
const registry = new ProfileRegistry([orderImportType]);

let env: OrderImportEnv | undefined;
beforeAll(async () => {
  env = await orderImportEnv('order-import');
  ({ db, sandboxes, connectors, links } = env);
  plenty = await connectors.plenty('plenty');
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const call = magentoCall;
const magento = (method: string, path: string, body?: unknown) => call(sandboxes.magento.url, method, path, body);
const plentyControl = (path: string, body: unknown) => call(sandboxes.plenty.url, 'POST', `/_sandbox${path}`, body);

const sku = (index: number) => `PG-${String(index).padStart(7, '0')}`;

/** A Magento order, its PlentyONE twin (external id = increment id) and, unless `link` is false, the order link. */
async function exportedOrder(lines: { index: number; qty: number; warehouseId?: number }[], options: { link?: boolean; shippingProfile?: number } = {}) {
  const placed = await magento('POST', '/_sandbox/orders', { items: lines.map((l) => ({ sku: sku(l.index), qty: l.qty })), email: 'buyer@example.com' });
  const incrementId = String(placed.increment_id);
  const order = await plenty.orders.create({
    typeId: 1,
    plentyId: 1000,
    statusId: 5,
    orderItems: lines.map((l) => ({ typeId: 1, quantity: l.qty, itemVariationId: 1000 + l.index, orderItemName: sku(l.index), ...(l.warehouseId ? { warehouseId: l.warehouseId } : {}) })),
    properties: [
      { typeId: 7, value: incrementId },
      ...(options.shippingProfile === undefined ? [] : [{ typeId: 2, value: String(options.shippingProfile) }]),
    ],
  });
  if (options.link !== false) await links.upsert({ entityType: 'order', magentoKey: incrementId, plentyId: String(order.id) });
  return { entityId: Number(placed.entity_id), incrementId, plentyId: order.id };
}

async function shipmentsOf(entityId: number): Promise<Json[]> {
  const q = `searchCriteria[filter_groups][0][filters][0][field]=order_id&searchCriteria[filter_groups][0][filters][0][value]=${entityId}`;
  return (await magento('GET', `/rest/V1/shipments?${q}`)).items as Json[];
}

// One profile per type: the suite shares it (its watermark is only used by the delta test).
let profileRow: { id: number } | undefined;
async function profileWith() {
  profileRow ??= await insertProfile(db.db, 'plenty_order_import', baseConfig);
  return profileRow;
}

/** Runs `body` with the shared profile's `shipments` settings extended by `patch`, then puts them back. */
async function withShipments(patch: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  const { id } = await profileWith();
  const set = (config: unknown) => db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), id]);
  await set({ ...baseConfig, shipments: { ...baseConfig.shipments, ...patch } });
  try {
    await body();
  } finally {
    await set(baseConfig);
  }
}

async function run(profileId: number, input: RunInput) {
  const r = await executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId, trigger: input.mode === 'ids' ? 'event' : 'cron', input });
  if (process.env.DEBUG_RUNS) console.log(r, await db.query('select record_key, message from profile_run_messages where run_id = $1', [r.runId]));
  return r;
}

async function failedKeys(runId: number): Promise<string[]> {
  return (await db.query<{ record_key: string }>("select record_key from profile_run_messages where run_id = $1 and level = 'error'", [runId])).map((r) => r.record_key);
}

describe('order back-sync on events', () => {
  it('ships with the tracking number and mapped carrier once, and a second run ships nothing more', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 3, qty: 2 }, { index: 2, qty: 1 }], { shippingProfile: 6 });
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: '00340434161234567890' });

    const first = await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] });
    expect(first).toMatchObject({ status: 'completed', processed: 1, updated: 1, failed: 0 });
    const shipments = await shipmentsOf(o.entityId);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]?.tracks).toEqual([expect.objectContaining({ track_number: '00340434161234567890', carrier_code: 'dhl', title: 'DHL' })]);
    const order = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    // Lines as the merchant sees them (a configurable's child line ships with its parent).
    const lines = (order.items as Json[]).filter((i) => i.parent_item_id === undefined || i.parent_item_id === null);
    expect(lines.map((i) => [i.sku, i.qty_shipped])).toEqual([[sku(3), 2], [sku(2), 1]]);
    expect(order.status).toBe('complete');
    const comments = (order.status_histories as Json[]).map((h) => String(h.comment));
    expect(comments.filter((c) => c.includes(`PlentyONE order ${o.plentyId}`))).toHaveLength(1);

    const again = await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] });
    expect(again).toMatchObject({ status: 'completed', processed: 1, updated: 0, skipped: 1 });
    expect(await shipmentsOf(o.entityId)).toHaveLength(1);
    const after = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    expect((after.status_histories as Json[]).length).toBe((order.status_histories as Json[]).length);
  });

  it('ships each line from the MSI source of its PlentyONE warehouse (warehouseMapping, defaultSourceCode), the tracking number with the first shipment', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 12, qty: 2, warehouseId: 1 }, { index: 13, qty: 1, warehouseId: 2 }, { index: 14, qty: 1, warehouseId: 3 }]);
    const atSource = (index: number, source: string) => sandboxes.magento.sandbox.store.inventory.itemsOf(sku(index)).find((i) => i.sourceCode === source)?.quantity;
    const before = { berlin: atSource(12, 'berlin'), vienna: atSource(13, 'vienna'), defaultVienna: atSource(14, 'vienna') };
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'MSI-1' });

    await withShipments({ warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }], defaultSourceCode: 'vienna' }, async () => {
      expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 1, failed: 0 });
    });

    const shipments = await shipmentsOf(o.entityId);
    expect(shipments.map((sh) => [sh.extension_attributes?.source_code, (sh.items as Json[]).map((i) => [i.sku, i.qty]), (sh.tracks as Json[]).map((t) => t.track_number)])).toEqual([
      ['berlin', [[sku(12), 2]], ['MSI-1']],
      ['vienna', [[sku(13), 1], [sku(14), 1]], []],
    ]);
    expect(atSource(12, 'berlin')).toBe(before.berlin! - 2);
    expect(atSource(13, 'vienna')).toBe(before.vienna! - 1);
    expect(atSource(14, 'vienna')).toBe(before.defaultVienna! - 1);
    expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 0, failed: 0 });
    expect(await shipmentsOf(o.entityId)).toHaveLength(2);
  });

  it('with shipments.requireDocument waits for the delivery note, then ships', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 16, qty: 1 }]);
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'DOC-1' });
    await withShipments({ requireDocument: true }, async () => {
      // The mapped status is written; the shipment waits, and the order is not read as unchanged once the note comes.
      expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 1, failed: 0 });
      expect(await shipmentsOf(o.entityId)).toEqual([]);
      expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 0, skipped: 1 });
      expect(await shipmentsOf(o.entityId)).toEqual([]);

      await (await plentyRest(sandboxes.plenty.url))('POST', `/rest/orders/${o.plentyId}/documents/delivery_note/generate`);
      expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 1, failed: 0 });
    });
    expect((await shipmentsOf(o.entityId)).map((sh) => (sh.tracks as Json[]).map((t) => t.track_number))).toEqual([['DOC-1']]);
  });

  it('a source Magento has no stock of the line at fails the order with Magento\'s reason, and ships nothing', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 10, qty: 1, warehouseId: 1 }]);
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'MSI-2' });
    await withShipments({ warehouseMapping: [{ warehouseId: 1, sourceCode: 'nowhere' }] }, async () => {
      const r = await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] });
      expect(r).toMatchObject({ failed: 1 });
      expect(await failedKeys(r.runId)).toEqual([String(o.plentyId)]);
      const [message] = await db.query<{ message: string }>("select message from profile_run_messages where run_id = $1 and level = 'error'", [r.runId]);
      expect(message!.message).toContain(`Source item not found by source code: nowhere and sku: ["${sku(10)}"]`);
    });
    expect(await shipmentsOf(o.entityId)).toEqual([]);
  });

  it('ships item by item what Magento has not shipped yet; a later package becomes a comment, not a second shipment', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 5, qty: 1 }, { index: 6, qty: 3 }]);
    // The merchant shipped the first line in Magento already.
    const before = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    const firstLine = (before.items as Json[]).find((i) => i.sku === sku(5));
    await magento('POST', `/rest/V1/order/${o.entityId}/ship`, { items: [{ order_item_id: firstLine?.item_id, qty: 1 }] });

    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'PKG-1' });
    expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 1, failed: 0 });
    const shipments = await shipmentsOf(o.entityId);
    expect(shipments).toHaveLength(2);
    expect((shipments[1]?.items as Json[]).map((i) => [i.sku, i.qty])).toEqual([[sku(6), 3]]);
    expect((shipments[1]?.tracks as Json[]).map((t) => [t.track_number, t.carrier_code])).toEqual([['PKG-1', 'custom']]);

    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'PKG-2' });
    expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 1, failed: 0 });
    expect(await shipmentsOf(o.entityId)).toHaveLength(2);
    const order = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    expect((order.status_histories as Json[]).some((h) => String(h.comment).includes('tracking number PKG-2'))).toBe(true);
  });

  it('does not ship below the shipment status or without a tracking number, but writes the mapped status once (5.1 = "5.10")', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 7, qty: 1 }]);
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: '5.1' });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'EARLY-1' });
    expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 1 });
    expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 0, skipped: 1 });
    expect(await shipmentsOf(o.entityId)).toHaveLength(0);
    const order = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    expect(order.status).toBe('processing');
    expect((order.status_histories as Json[]).filter((h) => String(h.comment).startsWith(`PlentyONE order ${o.plentyId}:`))).toHaveLength(1);

    // Status 7 without a package: status written, nothing shipped until the tracking number exists.
    const bare = await exportedOrder([{ index: 8, qty: 1 }]);
    await plentyControl(`/orders/${bare.plentyId}/status`, { statusId: 7 });
    expect(await run(profile.id, { mode: 'ids', ids: [String(bare.plentyId)] })).toMatchObject({ updated: 1 });
    expect(await shipmentsOf(bare.entityId)).toHaveLength(0);
    await plentyControl(`/orders/${bare.plentyId}/packages`, { packageNumber: 'LATE-1' });
    expect(await run(profile.id, { mode: 'ids', ids: [String(bare.plentyId)] })).toMatchObject({ updated: 1 });
    expect((await shipmentsOf(bare.entityId)).map((s) => (s.tracks as Json[])[0]?.track_number)).toEqual(['LATE-1']);
  });

  it('a shipment answered with 500 after Magento wrote it is not shipped again when the run resumes', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 17, qty: 2 }]);
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'RETRY-1' });
    await call(sandboxes.magento.url, 'POST', '/_sandbox/faults', { kind: 'fail-after-write', method: 'POST', path: '/rest/V1/order/*/ship', times: 1 });
    try {
      await expect(run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).rejects.toThrow();
    } finally {
      await call(sandboxes.magento.url, 'DELETE', '/_sandbox/faults');
    }
    const [failedRun] = await db.query<{ id: number; status: string }>('select id, status from profile_runs order by id desc limit 1');
    expect(failedRun?.status).toBe('failed');
    expect(await shipmentsOf(o.entityId)).toHaveLength(1);

    const resumed = await executeRun({ db: db.db, registry, log: silentLog, services: { connectors } },
      { profileId: profile.id, trigger: 'event', input: { mode: 'ids', ids: [String(o.plentyId)] }, runId: failedRun!.id });
    expect(resumed.failed).toBe(0);
    const shipments = await shipmentsOf(o.entityId);
    expect(shipments).toHaveLength(1);
    expect((shipments[0]?.tracks as Json[]).map((t) => t.track_number)).toEqual(['RETRY-1']);
    // The shipment that landed already carries the tracking number: no extra comment repeats it.
    const order = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    expect((order.status_histories as Json[]).some((h) => String(h.comment).includes('tracking number RETRY-1'))).toBe(false);
  });

  it('does not echo a tracking number Magento already has (the merchant shipped it there)', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 18, qty: 1 }]);
    await magento('POST', `/rest/V1/order/${o.entityId}/ship`, { items: [], tracks: [{ track_number: 'MERCHANT-1', title: 'UPS', carrier_code: 'ups' }] });
    const before = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'MERCHANT-1' });
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7.1 });
    const result = await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] });
    expect(result).toMatchObject({ failed: 0, updated: 0, skipped: 1 });
    expect(await shipmentsOf(o.entityId)).toHaveLength(1);
    const after = await magento('GET', `/rest/V1/orders/${o.entityId}`);
    expect((after.status_histories as Json[]).length).toBe((before.status_histories as Json[]).length);
  });

  it('cancels the Magento order for a cancel status, once', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 10, qty: 1 }]);
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 8 });
    expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ status: 'completed', updated: 1 });
    expect((await magento('GET', `/rest/V1/orders/${o.entityId}`)).state).toBe('canceled');
    expect(await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] })).toMatchObject({ updated: 0, skipped: 1 });
  });

  it('a shipped order that PlentyONE cancels fails with a reason the merchant can act on', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 12, qty: 1 }]);
    await magento('POST', `/rest/V1/order/${o.entityId}/invoice`, { capture: false });
    await magento('POST', `/rest/V1/order/${o.entityId}/ship`, { items: [] });
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 8 });
    const result = await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] });
    expect(result).toMatchObject({ status: 'partial', failed: 1 });
    const messages = await db.query('select record_key, message from profile_run_messages where run_id = $1', [result.runId]);
    expect(messages).toEqual([expect.objectContaining({ record_key: String(o.plentyId), message: expect.stringContaining('Magento cannot cancel order') })]);
  });

  it('ignores orders plentygate did not export', async () => {
    const profile = await profileWith();
    const o = await exportedOrder([{ index: 13, qty: 1 }], { link: false });
    await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
    await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: 'NOT-OURS' });
    const result = await run(profile.id, { mode: 'ids', ids: [String(o.plentyId)] });
    expect(result).toMatchObject({ status: 'completed', processed: 1, skipped: 1, updated: 0 });
    expect(await shipmentsOf(o.entityId)).toHaveLength(0);
  });
});

describe('order back-sync by delta scan', () => {
  it('scans orders updated since the watermark, keeps only linked ones and advances the watermark', async () => {
    const profile = await profileWith();
    const state = createStateStore(db.db, profile.id);
    const linked = await exportedOrder([{ index: 14, qty: 1 }]);
    const unlinked = await exportedOrder([{ index: 16, qty: 1 }], { link: false });
    for (const o of [linked, unlinked]) {
      await plentyControl(`/orders/${o.plentyId}/status`, { statusId: 7 });
      await plentyControl(`/orders/${o.plentyId}/packages`, { packageNumber: `DELTA-${o.plentyId}` });
    }

    // A watermark after every change: the scan finds nothing (records that failed in this file's earlier
    // runs are forgotten first: a delta run tries those again, see retry.failedRecords).
    await db.query('delete from profile_failed_records where profile_id = $1', [profile.id]);
    await state.set('watermark', new Date(Date.now() + 3_600_000).toISOString());
    expect(await run(profile.id, { mode: 'delta' })).toMatchObject({ status: 'completed', processed: 0 });
    expect(await shipmentsOf(linked.entityId)).toHaveLength(0);

    // A watermark before them: the linked order ships, the unlinked one is not even counted.
    await state.set('watermark', new Date(Date.now() - 3_600_000).toISOString());
    const result = await run(profile.id, { mode: 'delta' });
    // The scan also sees this file's earlier orders (one of them keeps failing: Magento cannot cancel it).
    expect(await failedKeys(result.runId)).not.toContain(String(linked.plentyId));
    expect(result.updated).toBeGreaterThanOrEqual(1);
    expect((await shipmentsOf(linked.entityId)).map((s) => (s.tracks as Json[])[0]?.track_number)).toEqual([`DELTA-${linked.plentyId}`]);
    expect(await shipmentsOf(unlinked.entityId)).toHaveLength(0);
    const [runRow] = await db.query<{ started_at: Date }>('select started_at from profile_runs where id = $1', [result.runId]);
    expect(await state.get('watermark')).toBe(new Date(runRow!.started_at).toISOString());

    // Every linked order the scan saw counts once; the unlinked one never reaches the counts.
    const linkedCount = (await db.query<{ n: number }>("select count(*)::int as n from entity_links where entity_type = 'order'"))[0]!.n;
    expect(result.processed).toBeLessThanOrEqual(linkedCount);

    const again = await run(profile.id, { mode: 'delta', since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(again).toMatchObject({ updated: 0 });
    expect(await failedKeys(again.runId)).not.toContain(String(linked.plentyId));
    expect(await shipmentsOf(linked.entityId)).toHaveLength(1);
  });
});
