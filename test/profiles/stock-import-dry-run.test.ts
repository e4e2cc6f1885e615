/** plenty_stock_import dry runs: what a run would write, beside what Magento holds; nothing written to either system. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';
import { UNCHANGED, UNCHANGED_COUNTED } from '../../src/profiles/types/plenty_stock_import/records.js';
import { engine } from '../support/db.js';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { startStockHarness, type StockHarness } from './stock-import-harness.js';

const VARIATIONS = 300;
const SPLIT = { warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }] };
const idOf = (index: number) => 1000 + index;

describe(`stock import dry run on ${engine}`, () => {
  let h: StockHarness;
  let service: ReturnType<typeof dryRunService>;
  beforeAll(async () => {
    h = await startStockHarness({ variations: VARIATIONS, seed: 11, config: SPLIT });
    service = dryRunService(h.db.db, new ProfileRegistry([stockImportType]), { connectors: h.connectors });
    expect(await h.run({ mode: 'full' })).toMatchObject({ status: 'completed', updated: VARIATIONS });
  });
  afterAll(async () => h?.close());

  /** PlentyONE's net stock of a variation in warehouse 2 (what the import writes to vienna). */
  const net = (variationId: number) => h.sandboxes.plenty.sandbox.stores.stock.get(variationId, 2)!.stockNet;
  const magentoItem = (sku: string, source: string) =>
    h.sandboxes.magento.sandbox.store.inventory.itemsOf(sku).find((i) => i.sourceCode === source);
  const writes = () => bothSandboxWrites({ magento: h.sandboxes.magento.url, plenty: h.sandboxes.plenty.url });

  it('shows each changed source item with Magento\'s value before it, the unchanged ones as counts, and writes nothing', async () => {
    const changed = variationSku(7);
    const before = magentoItem(changed, 'vienna')!;
    await h.setStock(idOf(7), 2, before.quantity + 5);
    const written = await writes();

    const report = await service.dryRun(h.profileId, { mode: 'full' }, 100);

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const write = report.records.find((r) => r.key === changed);
    expect(net(idOf(7))).not.toBe(before.quantity);
    expect(write).toMatchObject({ action: 'update', diff: [{ field: 'vienna.quantity', before: before.quantity, after: net(idOf(7)) }] });
    // Every other variation needs no write: one line with their count, not one per SKU.
    const rest = report.records.filter((r) => r.key !== changed);
    expect(rest).toEqual([expect.objectContaining({ action: 'unchanged', reason: `${VARIATIONS - 1} variation(s): ${UNCHANGED_COUNTED}` })]);
    expect(report.counts).toMatchObject({ update: 1, unchanged: 1, write: 0 });
    expect(await writes()).toEqual(written);
    expect(magentoItem(changed, 'vienna')).toEqual(before);
    // The run itself still finds the change: the dry run recorded no hash.
    expect(await h.run({ mode: 'ids', ids: [String(idOf(7))] })).toMatchObject({ updated: 1 });
  });

  it('shows a SKU Magento does not have as skipped, as a run skips it', async () => {
    const gone = variationSku(21);
    await h.deleteProduct(gone);
    await h.setStock(idOf(21), 1, 91);
    await h.setStock(idOf(22), 1, 92);
    const written = await writes();

    const report = await service.dryRun(h.profileId, { mode: 'ids', ids: [String(idOf(21)), String(idOf(22))] });

    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(gone)).toMatchObject({ action: 'skip', reason: `SKU ${gone} is not in Magento: its PlentyONE stock was not imported.` });
    expect(byKey.get(variationSku(22))).toMatchObject({ action: 'update', diff: [expect.objectContaining({ field: 'berlin.quantity', after: 92 })] });
    expect(await writes()).toEqual(written);
  });

  it('shows a source item Magento lacks as created, and one Magento already holds as an update without a diff', async () => {
    const lacking = variationSku(40);
    const held = variationSku(41);
    const rest = (path: string, body: unknown) => fetch(`${h.sandboxes.magento.url}/rest/all/V1${path}`, {
      method: 'POST', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await rest('/inventory/source-items-delete', { sourceItems: [{ sku: lacking, source_code: 'vienna' }] })).ok).toBe(true);
    await h.setStock(idOf(40), 2, 140);
    // Changed in Magento by hand to what PlentyONE now says: the link still holds the old hash.
    await h.setStock(idOf(41), 2, 141);
    expect((await rest('/inventory/source-items', { sourceItems: [{ sku: held, source_code: 'vienna', quantity: net(idOf(41)), status: 1 }] })).ok).toBe(true);
    const written = await writes();

    const report = await service.dryRun(h.profileId, { mode: 'ids', ids: [String(idOf(40)), String(idOf(41))] });

    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(lacking)).toMatchObject({ action: 'create', diff: [{ field: 'vienna.quantity', after: net(idOf(40)) }, { field: 'vienna.status', after: 1 }] });
    expect(byKey.get(held)).toMatchObject({ action: 'update', diff: [], reason: expect.stringContaining('Magento holds these values already') });
    expect(await writes()).toEqual(written);
    expect(magentoItem(lacking, 'vienna')).toBeUndefined();
  });

  it('shows named variations that need no write as unchanged, and an unknown id as skipped', async () => {
    const report = await service.dryRun(h.profileId, { mode: 'ids', ids: [String(idOf(30)), String(idOf(31)), 'nope'] });

    expect(report.records).toEqual([
      expect.objectContaining({ action: 'skip', reason: expect.stringContaining('"nope" is not a PlentyONE variation id.') }),
    ]);
    expect(report.records[0]!.reason).toContain(`2 variation(s): ${UNCHANGED}`);
    const named = await service.dryRun(h.profileId, { mode: 'ids', ids: [String(idOf(30))] });
    expect(named.records).toEqual([expect.objectContaining({ key: variationSku(30), action: 'unchanged', reason: UNCHANGED })]);
  });

  it('with skipUnmanaged, asks "Manage Stock" as a run does and shows a product Magento does not manage as skipped', async () => {
    const unmanaged = variationSku(50);
    const res = await fetch(`${h.sandboxes.magento.url}/rest/all/V1/products/${encodeURIComponent(unmanaged)}/stockItems/1`, {
      method: 'PUT', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ stockItem: { manage_stock: false, use_config_manage_stock: false } }),
    });
    expect(res.status).toBe(200);
    await h.setStock(idOf(50), 2, 150);
    await h.setStock(idOf(51), 2, 151);
    await h.setConfig({ ...SPLIT, skipUnmanaged: true });
    const written = await writes();

    const report = await service.dryRun(h.profileId, { mode: 'ids', ids: [String(idOf(50)), String(idOf(51))] });

    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(unmanaged)).toMatchObject({ action: 'skip', reason: expect.stringContaining('"Manage Stock"'), diff: [] });
    expect(byKey.get(variationSku(51))).toMatchObject({ action: 'update' });
    expect(await writes()).toEqual(written);
    const run = await h.run({ mode: 'ids', ids: [String(idOf(50)), String(idOf(51))] });
    expect(run).toMatchObject({ updated: 1, skipped: 1 });
  });
});
