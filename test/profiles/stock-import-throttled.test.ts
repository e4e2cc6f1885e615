/**
 * A full stock import of 5,000 variations against the PlentyONE sandbox on its tight `test` plan
 * (2 s windows of 8 reads): no 429 is answered, and the run's API calls on both sandboxes stay within
 * 5 % of the minimum (stock pages at the maximum size + POSTs of 20 changed source items).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../../src/connectors/plenty/index.js';
import { engine } from '../support/db.js';
import { startStockHarness, type StockHarness } from './stock-import-harness.js';

const VARIATIONS = 5_000;
const MAPPING = [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }];
const WRITE_BATCH = 20;

describe(`stock import on a tight PlentyONE plan (${engine})`, () => {
  let h: StockHarness;
  beforeAll(async () => {
    h = await startStockHarness({ variations: VARIATIONS, seed: 11, plan: 'test', config: { warehouseMapping: MAPPING, writeBatchSize: WRITE_BATCH } });
  });
  afterAll(async () => h?.close());

  it('imports 5,000 variations with no 429 in at most 1.05 × the minimum number of calls', async () => {
    await h.resetCalls();
    const result = await h.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', processed: VARIATIONS, updated: VARIATIONS, failed: 0 });

    // The minimum, from the catalog: every row of each mapped sales warehouse at 250 a page, and every
    // changed source item (all of them: nothing was imported before) in POSTs of 20.
    const catalog = h.sandboxes.catalog;
    const rowsPerWarehouse = MAPPING.map(() => catalog.variationCount);
    const pages = rowsPerWarehouse.reduce((n, rows) => n + Math.ceil(rows / MAX_PAGE_SIZE), 0);
    const changedItems = MAPPING.length * catalog.variationCount;
    const minimum = pages + Math.ceil(changedItems / WRITE_BATCH);

    const calls = await h.calls();
    expect(calls.status429).toBe(0);
    expect(h.sandboxes.plenty.sandbox.throttle.state().totals.refused).toBe(0);
    expect(h.written).toHaveLength(changedItems);
    expect(calls.total).toBeGreaterThanOrEqual(minimum);
    expect(calls.total / minimum).toBeLessThanOrEqual(1.05);
  });
});
