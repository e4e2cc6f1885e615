import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandboxOrderConfig, startOrderExportHarness, type OrderExportHarness } from './order-export-harness.js';

/** The scheduled delta scan: orders changed since the watermark, fresh orders held back by the settling delay. */
let h: OrderExportHarness;
beforeAll(async () => {
  h = await startOrderExportHarness({ ...sandboxOrderConfig, collection: { overlapSeconds: 0 } });
}, 60_000);
afterAll(async () => h?.close());

const watermark = async () => {
  const rows = await h.db.query<{ value: unknown }>(`select value from profile_state where profile_id = $1 and key = 'watermark'`, [h.profile.id]);
  return rows[0] ? new Date(String(rows[0].value)) : undefined;
};

it('exports what changed since the watermark and moves the watermark only when the run did not fail', async () => {
  const first = await h.placeOrder({ items: [{ sku: 'PG-0000000', qty: 1 }], email: 'delta@example.com' });
  const run1 = await h.run({ mode: 'delta' }, 'cron');
  expect(run1).toMatchObject({ status: 'completed', created: 1 });
  expect(h.ordersFor(first.incrementId)).toHaveLength(1);
  const mark1 = await watermark();
  expect(mark1).toBeInstanceOf(Date);

  const second = await h.placeOrder({ items: [{ sku: 'PG-0000005', qty: 2 }], email: 'delta@example.com' });
  const run2 = await h.run({ mode: 'delta' }, 'cron');
  expect(run2).toMatchObject({ status: 'completed', created: 1, failed: 0 });
  expect(h.ordersFor(second.incrementId)).toHaveLength(1);
  expect(h.ordersFor(first.incrementId)).toHaveLength(1);
  expect((await watermark())!.getTime()).toBeGreaterThanOrEqual(mark1!.getTime());

  // A run that fails (PlentyONE down) leaves the watermark where it was.
  const third = await h.placeOrder({ items: [{ sku: 'PG-0000006', qty: 1 }], email: 'delta@example.com' });
  const mark2 = await watermark();
  await h.addPlentyFault({ kind: 'error', status: 503, method: 'POST', path: '/rest/orders', times: 10 });
  await expect(h.run({ mode: 'delta' }, 'cron')).rejects.toThrow(/503/);
  expect(await watermark()).toEqual(mark2);
  await fetch(`${h.sandboxes.plenty.url}/_sandbox/faults`, { method: 'DELETE' });
  expect(await h.run({ mode: 'delta' }, 'cron')).toMatchObject({ created: 1 });
  expect(h.ordersFor(third.incrementId)).toHaveLength(1);
});

it('holds back orders younger than the settling delay, and the next run after it exports them', async () => {
  await h.configure({ ...sandboxOrderConfig, collection: { overlapSeconds: 0 }, settlingSeconds: 3600 });
  const fresh = await h.placeOrder({ items: [{ sku: 'PG-0000007', qty: 1 }], email: 'settle@example.com' });
  const held = await h.run({ mode: 'delta' }, 'cron');
  expect(held).toMatchObject({ created: 0, failed: 0 });
  expect(held.skipped).toBeGreaterThanOrEqual(1);
  expect(h.ordersFor(fresh.incrementId)).toHaveLength(0);
  // The watermark stays behind it: the next scan sees it again (and holds it back again).
  const heldAgain = await h.run({ mode: 'delta' }, 'cron');
  expect(heldAgain).toMatchObject({ created: 0, failed: 0 });
  expect(heldAgain.skipped).toBeGreaterThanOrEqual(1);

  // An event run skips it too; with the delay over (here: set to 0) the next delta run exports it.
  expect(await h.run({ mode: 'ids', ids: [fresh.incrementId] })).toMatchObject({ skipped: 1 });
  await h.configure({ ...sandboxOrderConfig, collection: { overlapSeconds: 0 }, settlingSeconds: 0 });
  expect(await h.run({ mode: 'delta' }, 'cron')).toMatchObject({ created: 1 });
  expect(h.ordersFor(fresh.incrementId)).toHaveLength(1);
});

it('a full run sees every order and writes none twice', async () => {
  const result = await h.run({ mode: 'full' }, 'manual');
  expect(result).toMatchObject({ status: 'completed', created: 0, failed: 0 });
  expect(result.skipped).toBeGreaterThanOrEqual(4);
});
