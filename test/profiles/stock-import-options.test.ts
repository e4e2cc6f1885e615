/** plenty_stock_import options against both sandboxes: skipUnmanaged, removeStaleOnFullRun, driftReport. */
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityLinks, profileRunMessages } from '../../src/db/schema/index.js';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { aspectOf } from '../../src/profiles/types/plenty_stock_import/source-items.js';
import { engine } from '../support/db.js';
import { startStockHarness, type StockHarness } from './stock-import-harness.js';

const VARIATIONS = 40;
const mapping = { warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }] };
const idOf = (index: number) => 1000 + index;

describe(`stock import options on ${engine}`, () => {
  let h: StockHarness;
  beforeAll(async () => {
    h = await startStockHarness({ variations: VARIATIONS, seed: 11, config: mapping });
  });
  afterAll(async () => h?.close());

  const magentoItem = (sku: string, source: string) => h.sandboxes.magento.sandbox.store.inventory.itemsOf(sku).find((i) => i.sourceCode === source);
  const plentyNet = (variationId: number, warehouseId: number) => h.sandboxes.plenty.sandbox.stores.stock.get(variationId, warehouseId)?.stockNet ?? 0;
  const messages = async (runId: number) => h.db.db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, runId));
  const stockItemReads = (byRoute: Record<string, number>) => Object.entries(byRoute).filter(([k]) => k.includes('stockItems')).reduce((n, [, v]) => n + v, 0);
  /** "Manage Stock" set as a merchant's integration would: PUT /V1/products/{sku}/stockItems/{itemId}. */
  const setManageStock = async (sku: string, manage: boolean) => {
    const res = await fetch(`${h.sandboxes.magento.url}/rest/all/V1/products/${encodeURIComponent(sku)}/stockItems/1`, {
      method: 'PUT', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ stockItem: { manage_stock: manage, use_config_manage_stock: false } }),
    });
    expect(res.status).toBe(200);
  };

  it('skipUnmanaged: a product whose "Manage Stock" is No is skipped and counted; the answer is remembered', async () => {
    const unmanaged = variationSku(3);
    await setManageStock(unmanaged, false);
    const before = magentoItem(unmanaged, 'berlin');
    await h.setConfig({ ...mapping, skipUnmanaged: true });
    await h.resetCalls();
    const full = await h.run({ mode: 'full' });
    expect(full).toMatchObject({ status: 'completed', processed: VARIATIONS, updated: VARIATIONS - 1, skipped: 1 });
    expect(h.written.some((w) => w.sku === unmanaged)).toBe(false);
    expect(magentoItem(unmanaged, 'berlin')).toEqual(before);
    expect(magentoItem(variationSku(4), 'berlin')?.quantity).toBe(plentyNet(idOf(4), 1));
    const lines = (await messages(full.runId)).map((m) => m.message);
    expect(lines).toContain('Skipped 1 product(s) whose Magento "Manage Stock" is No (skipUnmanaged).');
    // One read per SKU written for the first time.
    expect(stockItemReads((await h.calls()).magento)).toBe(VARIATIONS);

    // A stock change of the unmanaged product: skipped again, without asking Magento.
    await h.setStock(idOf(3), 1, 55);
    await h.resetCalls();
    const delta = await h.run({ mode: 'delta' });
    expect(delta).toMatchObject({ skipped: 1, updated: 0 });
    expect(stockItemReads((await h.calls()).magento)).toBe(0);
    expect(h.written).toEqual([]);

    // Turned on again in Magento: the next full run asks once more and writes it.
    await setManageStock(unmanaged, true);
    const again = await h.run({ mode: 'full' });
    expect(again).toMatchObject({ updated: 1 });
    expect(magentoItem(unmanaged, 'berlin')?.quantity).toBe(55);
  });

  it('without skipUnmanaged, "Manage Stock" is neither read nor respected', async () => {
    await setManageStock(variationSku(6), false);
    await h.setConfig(mapping);
    await h.setStock(idOf(6), 2, 12);
    await h.resetCalls();
    const run = await h.run({ mode: 'delta' });
    expect(run).toMatchObject({ updated: 1 });
    expect(magentoItem(variationSku(6), 'vienna')?.quantity).toBe(12);
    expect(stockItemReads((await h.calls()).magento)).toBe(0);
  });

  it('driftReport: a full run reports and rewrites source items changed in Magento beyond the tolerance', async () => {
    const drifted = variationSku(8);
    const within = variationSku(9);
    const store = h.sandboxes.magento.sandbox.store.inventory;
    await store.save([{ sku: drifted, sourceCode: 'berlin', quantity: plentyNet(idOf(8), 1) + 7, status: 1 }]);
    await store.save([{ sku: within, sourceCode: 'vienna', quantity: plentyNet(idOf(9), 2) + 1, status: 1 }]);

    // Off (the default): the hashes say nothing changed, so nothing is read or written.
    await h.setConfig(mapping);
    const blind = await h.run({ mode: 'full' });
    expect(blind).toMatchObject({ updated: 0 });
    expect(magentoItem(drifted, 'berlin')?.quantity).toBe(plentyNet(idOf(8), 1) + 7);

    await h.setConfig({ ...mapping, driftReport: { enabled: true, tolerance: 2 } });
    await h.resetCalls();
    const run = await h.run({ mode: 'full' });
    expect(run).toMatchObject({ status: 'completed', updated: 1 });
    expect(magentoItem(drifted, 'berlin')?.quantity).toBe(plentyNet(idOf(8), 1));
    expect(magentoItem(within, 'vienna')?.quantity).toBe(plentyNet(idOf(9), 2) + 1);
    const lines = await messages(run.runId);
    expect(lines.find((m) => m.recordKey === drifted && m.message.startsWith('Drift'))?.message).toBe(`Drift at source berlin: Magento has ${plentyNet(idOf(8), 1) + 7}, PlentyONE ${plentyNet(idOf(8), 1)}; written again.`);
    expect(lines.some((m) => m.recordKey === within && m.message.startsWith('Drift'))).toBe(false);
    expect(lines.map((m) => m.message)).toContain('Drift report: 1 source item(s) differed from PlentyONE by more than 2 unit(s) and were written again.');
    const calls = await h.calls();
    expect(calls.magento['GET /rest/:storeCode/V1/inventory/source-items'] ?? calls.magento['GET /rest/V1/inventory/source-items']).toBeGreaterThan(0);
  });

  it('removeStaleOnFullRun: a full run removes the source items of a variation gone from PlentyONE; a delta run does not', async () => {
    const gone = variationSku(12);
    expect(magentoItem(gone, 'berlin')).toBeDefined();
    expect(h.sandboxes.plenty.sandbox.stores.items.deleteVariation(idOf(12))).toBe(true);
    await h.setConfig(mapping);
    await h.run({ mode: 'delta' });
    expect(magentoItem(gone, 'berlin')).toBeDefined();

    const run = await h.run({ mode: 'full' });
    expect(run.status).toBe('completed');
    expect(magentoItem(gone, 'berlin')).toBeUndefined();
    expect(magentoItem(gone, 'vienna')).toBeUndefined();
    expect(magentoItem(variationSku(13), 'berlin')).toBeDefined();
    const lines = await messages(run.runId);
    expect(lines.find((m) => m.recordKey === gone && m.message.startsWith('Removed'))?.message).toBe(`Removed its source items (berlin, vienna): variation ${idOf(12)} has no stock in the mapped PlentyONE warehouses any more (removeStaleOnFullRun).`);
    expect(lines.map((m) => m.message)).toContain("Removed 2 stale source item(s) of 1 SKU(s) no longer in PlentyONE's stock (removeStaleOnFullRun).");
    const [link] = await h.db.db.select().from(entityLinks).where(and(eq(entityLinks.entityType, 'variation'), eq(entityLinks.magentoKey, gone)));
    expect(Object.keys(link?.aspectHashes ?? {}).filter((k) => k.startsWith('stock:'))).toEqual([]);
    // Nothing stale is left: the next full run removes nothing.
    const next = await h.run({ mode: 'full' });
    expect((await messages(next.runId)).some((m) => m.message.startsWith('Removed'))).toBe(false);
  });

  it('removeStaleOnFullRun reads past whole pages of links that carry no stock of a mapped source', async () => {
    // Variation links of other syncs, sorting before every generated SKU: more than a page of the
    // removal's link reads (1,000) holds none of this import's hashes.
    const others = Array.from({ length: 1200 }, (_, i) => ({
      entityType: 'variation', magentoKey: `A-${String(i).padStart(5, '0')}`, plentyId: String(900_000 + i), aspectHashes: { 'price:web': 'h' },
    }));
    await h.db.db.insert(entityLinks).values(others);
    const gone = variationSku(14);
    expect(magentoItem(gone, 'berlin')).toBeDefined();
    h.sandboxes.plenty.sandbox.stores.items.deleteVariation(idOf(14));
    await h.setConfig(mapping);

    const run = await h.run({ mode: 'full' });
    expect(run.status).toBe('completed');
    expect(magentoItem(gone, 'berlin')).toBeUndefined();
    expect((await messages(run.runId)).map((m) => m.message)).toContain("Removed 2 stale source item(s) of 1 SKU(s) no longer in PlentyONE's stock (removeStaleOnFullRun).");
    const kept = await h.db.db.select().from(entityLinks).where(and(eq(entityLinks.entityType, 'variation'), eq(entityLinks.magentoKey, 'A-01199')));
    expect(kept[0]?.aspectHashes).toEqual({ 'price:web': 'h' });
  });

  it('removeStaleOnFullRun goes on past a first thousand stale SKUs', async () => {
    // More stale links than the removal gathers at once (1,000, checked after each page of 1,000 links):
    // after the second page it removes what it found, then walks on from there.
    const stale = Array.from({ length: 2100 }, (_, i) => ({
      entityType: 'variation', magentoKey: `Z-${String(i).padStart(5, '0')}`, plentyId: String(800_000 + i), aspectHashes: { [aspectOf('berlin')]: 'h', 'price:web': 'p' },
    }));
    await h.db.db.insert(entityLinks).values(stale);
    await h.setConfig(mapping);

    const run = await h.run({ mode: 'full' });
    expect(run.status).toBe('completed');
    expect((await messages(run.runId)).map((m) => m.message)).toContain(
      "Removed 2100 stale source item(s) of 2100 SKU(s) no longer in PlentyONE's stock (removeStaleOnFullRun); the first 200 are listed.");
    const after = await h.db.db.select().from(entityLinks).where(and(eq(entityLinks.entityType, 'variation'), like(entityLinks.magentoKey, 'Z-%')));
    expect(after).toHaveLength(2100);
    // Their berlin hash is gone (a variation that comes back is written again); other syncs' hashes stay.
    expect(after.filter((l) => JSON.stringify(l.aspectHashes) !== JSON.stringify({ 'price:web': 'p' }))).toEqual([]);
  });

  it('with removeStaleOnFullRun off, a full run leaves them', async () => {
    const gone = variationSku(20);
    h.sandboxes.plenty.sandbox.stores.items.deleteVariation(idOf(20));
    await h.setConfig({ ...mapping, removeStaleOnFullRun: false });
    await h.run({ mode: 'full' });
    expect(magentoItem(gone, 'berlin')).toBeDefined();
  });
});
