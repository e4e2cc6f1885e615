/** plenty_stock_import against both sandboxes in-process: quantities per source, hashes, events, unknown SKUs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { engine } from '../support/db.js';
import { startStockHarness, type StockHarness } from './stock-import-harness.js';

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
    expect(calls.magento['POST /rest/:storeCode/V1/inventory/source-items'] ?? calls.magento['POST /rest/all/V1/inventory/source-items']).toBe(Math.ceil((2 * VARIATIONS) / 20));

    await h.resetCalls();
    const second = await h.run({ mode: 'full' });
    expect(second).toMatchObject({ status: 'completed', processed: VARIATIONS, updated: 0, skipped: VARIATIONS });
    expect(h.written).toEqual([]);
    const again = await h.calls();
    expect(again.plenty['GET /rest/pim/variations']).toBeUndefined();
    expect(Object.keys(again.magento).filter((k) => k.startsWith('POST'))).toEqual([]);
  });
});
