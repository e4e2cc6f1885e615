/**
 * The item import with a mapping: a rule keeps one item out with its reason, a JSONata expression
 * changes the price Magento gets; a second run writes nothing, a changed mapping is written on the next
 * run (the product hash is taken after mapping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from '../profiles/item-import-world.js';

const mappingWith = (surcharge: number, skipSku: string) => ({
  fields: [{ target: 'price', expression: `salesPrices[salesPriceId=1].price + ${surcharge}` }],
  rules: [{ name: 'samples', if: { source: 'base.number', in: [skipSku] }, then: [{ skip: 'Samples are not sold in the shop.' }] }],
});

let w: ItemImportWorld;
let kept: Item;
let skipped: Item;
const variationOf = (item: Item) => w.catalog.variation(item.firstVariationIndex);
const product = (sku: string) => w.magento.store.products.getBySku(sku);

beforeAll(async () => {
  w = await itemImportWorld({ variations: 20 });
  const simples = [...w.catalog.items()].filter((i) => i.type === 'simple');
  [kept, skipped] = [simples[0]!, simples[1]!];
  await w.setConfig({ ...itemImportConfig, mapping: mappingWith(5, variationOf(skipped).sku) });
}, 180_000);
afterAll(() => w?.close());

describe('item import mapping', () => {
  it('writes the mapped price and skips the item the rule names, with its reason', async () => {
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', failed: 0, skipped: 1 });
    expect(product(variationOf(kept).sku)!.price).toBeCloseTo(variationOf(kept).price + 5, 2);
    expect(product(variationOf(skipped).sku)).toBeUndefined();
    const messages = await w.db.query<{ message: string }>('select message from profile_run_messages where run_id = $1', [result.runId]);
    expect(messages.map((m) => m.message)).toContain('Samples are not sold in the shop.');
  }, 120_000);

  it('a second run writes nothing; a changed mapping is written on the next run', async () => {
    await w.resetRequests();
    const again = await w.run({ mode: 'full' });
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});

    await w.setConfig({ ...itemImportConfig, mapping: mappingWith(7, variationOf(skipped).sku) });
    const changed = await w.run({ mode: 'full' });
    expect(changed).toMatchObject({ created: 0, failed: 0 });
    expect(changed.updated).toBeGreaterThan(0);
    expect(product(variationOf(kept).sku)!.price).toBeCloseTo(variationOf(kept).price + 7, 2);
  }, 120_000);
});
