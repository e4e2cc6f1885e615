/**
 * A child saved before its configurable was ever exported: its configurable is found through the
 * shop's configurables' child lists and exported with it, instead of the child becoming an item of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { startItemExportSuite, type ItemExportSuite } from './support/item-export-suite.js';

describe(`item export: a child named before its configurable was exported (${engine})`, () => {
  let s: ItemExportSuite;

  beforeAll(async () => {
    s = await startItemExportSuite({ variations: 6 });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  const post = (product: Record<string, unknown>) => magentoCall(s.magento.url, 'POST', '/rest/all/V1/products', { product }) as Promise<{ id: number }>;

  it('exports the child as a variation of its configurable (found from the configurables\' child lists), not as an item of its own', async () => {
    const color = await magentoCall(s.magento.url, 'GET', '/rest/all/V1/products/attributes/color') as { attribute_id: number | string; options: { value: string }[] };
    const option = color.options.find((o) => o.value !== '')!.value;
    const child = await post({ sku: 'NEW-CHILD-1', name: 'New child', price: 9, type_id: 'simple', attribute_set_id: 4, status: 1, visibility: 1, custom_attributes: [{ attribute_code: 'color', value: option }] });
    await post({
      sku: 'NEW-PARENT-1', name: 'New parent', type_id: 'configurable', attribute_set_id: 4, status: 1, visibility: 4,
      extension_attributes: {
        configurable_product_options: [{ attribute_id: String(color.attribute_id), label: 'Color', position: 0, values: [{ value_index: Number(option) }] }],
        configurable_product_links: [child.id],
      },
    });
    const lonely = 'NEW-INVISIBLE-1';
    await post({ sku: lonely, name: 'Not visible, no parent', price: 3, type_id: 'simple', attribute_set_id: 4, status: 1, visibility: 1 });

    const run = await s.run({ mode: 'ids', ids: ['NEW-CHILD-1', lonely] });
    expect(run, (await s.messages(run.runId)).join('\n')).toMatchObject({ status: 'completed', created: 2, failed: 0 });
    const variation = (await s.variationOf('NEW-CHILD-1'))!;
    expect((await s.links.get('item', 'NEW-PARENT-1'))?.plentyId).toBe(String(variation.itemId));
    expect(await s.links.get('item', 'NEW-CHILD-1')).toBeUndefined();
    // An invisible product that belongs to no configurable is still an item of its own (configurables.exportInvisibleChildren).
    expect((await s.links.get('item', lonely))?.plentyId).toBe(String((await s.variationOf(lonely))!.itemId));

    // Named again, the child is found by its link: no configurable list is read, nothing is written.
    await s.resetRequests();
    expect(await s.run({ mode: 'ids', ids: ['NEW-CHILD-1'] })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await s.writes()).toEqual({});
  });
});
