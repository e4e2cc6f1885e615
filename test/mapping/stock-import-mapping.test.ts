/** The stock import with a mapping: a JSONata safety buffer lowers what Magento receives, a rule keeps a SKU out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { engine } from '../support/db.js';
import { startStockHarness, type StockHarness } from '../profiles/stock-import-harness.js';

const VARIATIONS = 12;
const mapping = {
  fields: [
    // Two of each kept as a safety buffer; out of stock when nothing is left to sell.
    { target: 'quantity', expression: '$max([0, quantity - 2])' },
    { target: 'status', expression: 'quantity > 2 ? 1 : 0' },
  ],
  rules: [{ if: { source: 'sku', equals: variationSku(3) }, then: [{ skip: 'Discontinued: its stock is kept by hand.' }] }],
};

describe(`stock import mapping on ${engine}`, () => {
  let h: StockHarness;
  beforeAll(async () => {
    h = await startStockHarness({ variations: VARIATIONS, seed: 7, config: { warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }], mapping } });
  }, 60_000);
  afterAll(async () => h?.close());

  const net = (index: number) => h.sandboxes.catalog.stock(index, 1).stockNet;
  const magentoItem = (sku: string) => h.sandboxes.magento.sandbox.store.inventory.itemsOf(sku).find((i) => i.sourceCode === 'berlin');

  it('writes each quantity less the buffer and skips the discontinued SKU with its reason', async () => {
    const result = await h.run({ mode: 'full' });
    expect(result).toMatchObject({ failed: 0, skipped: 1 });
    for (const index of [0, 1, 5, VARIATIONS - 1]) {
      const expected = Math.max(0, net(index) - 2);
      expect(magentoItem(variationSku(index))).toMatchObject({ quantity: expected, status: net(index) > 2 ? 1 : 0 });
    }
    expect(h.written.some((w) => w.sku === variationSku(3))).toBe(false);
  });
});
