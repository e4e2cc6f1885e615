/** plenty_stock_import against both sandboxes in-process: quantities per source, hashes, events, unknown SKUs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { eq } from 'drizzle-orm';
import { profileRunMessages } from '../../src/db/schema/index.js';
import { engine } from '../support/db.js';
import { startStockHarness, type StockHarness } from './stock-import-harness.js';
import { UNCHANGED_COUNTED } from '../../src/profiles/types/plenty_stock_import/records.js';

const VARIATIONS = 600;
const SPLIT = { warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }] };
const idOf = (index: number) => 1000 + index;

describe(`stock import on ${engine}`, () => {
  let h: StockHarness;
  beforeAll(async () => {
    h = await startStockHarness({ variations: VARIATIONS, seed: 7, config: SPLIT });
  });
  afterAll(async () => h?.close());

  const net = (index: number, warehouseId: number) => h.sandboxes.catalog.stock(index, warehouseId).stockNet;
  const currentNet = (variationId: number, warehouseId: number) => h.sandboxes.plenty.sandbox.stores.stock.get(variationId, warehouseId)!.stockNet;
  const posts = (byRoute: Record<string, number>) =>
    Object.entries(byRoute).filter(([k]) => k.startsWith('POST') && k.endsWith('/inventory/source-items')).reduce((n, [, v]) => n + v, 0);
  const magentoItem = (sku: string, source: string) =>
    h.sandboxes.magento.sandbox.store.inventory.itemsOf(sku).find((i) => i.sourceCode === source);

  it('a full import writes each sales warehouse\'s net stock to its source; a second full run writes nothing', async () => {
    await h.resetCalls();
    const first = await h.run({ mode: 'full' });
    expect(first).toMatchObject({ status: 'completed', processed: VARIATIONS, updated: VARIATIONS, failed: 0 });
    for (const index of [0, 1, 17, 299, VARIATIONS - 1]) {
      const sku = variationSku(index);
      expect(magentoItem(sku, 'berlin')).toMatchObject({ quantity: net(index, 1), status: net(index, 1) > 0 ? 1 : 0 });
      expect(magentoItem(sku, 'vienna')).toMatchObject({ quantity: net(index, 2), status: net(index, 2) > 0 ? 1 : 0 });
    }
    const calls = await h.calls();
    // Two sales warehouses at 250 rows a page; the storage warehouse is never read.
    expect(calls.plenty['GET /rest/stockmanagement/warehouses/:warehouseId/stock']).toBe(2 * Math.ceil(VARIATIONS / 250));
    expect(calls.plenty['GET /rest/pim/variations']).toBe(Math.ceil(VARIATIONS / 250));
    expect(posts(calls.magento)).toBe(Math.ceil((2 * VARIATIONS) / 20));

    await h.resetCalls();
    const second = await h.run({ mode: 'full' });
    expect(second).toMatchObject({ status: 'completed', processed: VARIATIONS, updated: 0, skipped: VARIATIONS });
    expect(h.written).toEqual([]);
    // The unchanged variations are counted: the history says why once, not once per SKU.
    const messages = await h.db.db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, second.runId));
    expect(messages.map((m) => [m.level, m.recordKey, m.message])).toEqual([['info', null, UNCHANGED_COUNTED]]);
    const again = await h.calls();
    expect(again.plenty['GET /rest/pim/variations']).toBeUndefined();
    expect(posts(again.magento)).toBe(0);
  });

  it('a stock change in PlentyONE reaches exactly that source item, by an ids run and by a delta run', async () => {
    await h.setStock(idOf(5), 2, 77);
    await h.resetCalls();
    const byIds = await h.run({ mode: 'ids', ids: [String(idOf(5))] });
    expect(byIds).toMatchObject({ status: 'completed', updated: 1 });
    expect(h.written).toEqual([{ sku: variationSku(5), source_code: 'vienna', quantity: currentNet(idOf(5), 2), status: 1 }]);
    const calls = await h.calls();
    expect(calls.plenty['GET /rest/stockmanagement/stock']).toBe(1);
    expect(posts(calls.magento)).toBe(1);

    await h.setStock(idOf(9), 1, 0);
    await h.resetCalls();
    const delta = await h.run({ mode: 'delta' });
    expect(delta).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(h.written).toEqual([{ sku: variationSku(9), source_code: 'berlin', quantity: currentNet(idOf(9), 1), status: 0 }]);
    expect(posts((await h.calls()).magento)).toBe(1);
  });

  it('skips a variation whose SKU Magento does not have, with the reason, and writes the others of its batch', async () => {
    const gone = variationSku(11);
    await h.deleteProduct(gone);
    await h.setStock(idOf(11), 1, 33);
    await h.setStock(idOf(12), 1, 44);
    await h.resetCalls();
    const result = await h.run({ mode: 'ids', ids: [String(idOf(11)), String(idOf(12))] });
    expect(result).toMatchObject({ status: 'completed', updated: 1, skipped: 1, failed: 0 });
    expect(h.written).toEqual([{ sku: variationSku(12), source_code: 'berlin', quantity: currentNet(idOf(12), 1), status: 1 }]);
    const messages = await h.db.db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, result.runId));
    expect(messages.map((m) => [m.recordKey, m.message])).toContainEqual([gone, `SKU ${gone} is not in Magento: its PlentyONE stock was not imported.`]);
  });

  it('sums the mapped sales warehouses into one source and ignores a storage warehouse', async () => {
    await h.setConfig({ warehouseMapping: [1, 2, 3].map((warehouseId) => ({ warehouseId, sourceCode: 'default' })) });
    const result = await h.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', failed: 0 });
    for (const index of [0, 5, 9, 250, VARIATIONS - 1]) {
      const sum = currentNet(idOf(index), 1) + currentNet(idOf(index), 2);
      expect(magentoItem(variationSku(index), 'default')).toMatchObject({ quantity: sum, status: sum > 0 ? 1 : 0 });
    }
    const messages = await h.db.db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, result.runId));
    expect(messages.some((m) => m.level === 'warn' && m.message.startsWith('Warehouse 3 (Reservelager Leipzig) is of type 4'))).toBe(true);
    expect((await h.calls()).plenty['GET /rest/stockmanagement/warehouses/:warehouseId/stock']).toBe(2 * Math.ceil(VARIATIONS / 250));
  });
});
