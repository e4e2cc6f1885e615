/**
 * Items and variations deleted in PlentyONE, as their delete callbacks (an `--ids` run of ids
 * PlentyONE no longer has) bring them: the Magento products are disabled (default), deleted, or left
 * as they are per `deletions.mode`, with their links kept or removed. And the links the import
 * leaves serve the item export too: an item first imported and later exported stays one item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { itemExportType } from '../../src/profiles/types/plenty_item_export/index.js';
import type { Item } from '../../src/sandbox/generator/index.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';
import { itemExportConfig } from './support/item-export-setup.js';
import { insertProfile, silentLog } from './support/memory-type.js';

describe(`item import: deleted items and variations on ${engine}`, () => {
  let w: ItemImportWorld;
  let configurable: Item;
  let exported: Item;
  let simples: Item[];
  const product = (sku: string) => w.magento.store.products.getBySku(sku);
  const variationOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k);
  const skusOf = (item: Item) => Array.from({ length: item.variationCount }, (_, k) => variationOf(item, k).sku);
  const messagesOf = async (runId: number) => (await w.db.query<{ record_key: string; message: string }>(
    'select record_key, message from profile_run_messages where run_id = $1 order by id', [runId]));

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 80 });
    const items = [...w.catalog.items()];
    [configurable, exported] = items.filter((i) => i.type === 'configurable' && i.variationCount >= 2) as [Item, Item];
    simples = items.filter((i) => i.type === 'simple' && variationOf(i).active).slice(0, 3);
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(() => w?.close());

  it('a deleted item disables its configurable and children, keeps their links, and a repeated callback writes nothing', async () => {
    w.plenty.stores.items.deleteItem(configurable.itemId);
    await w.resetRequests();
    const result = await w.run({ mode: 'ids', ids: [String(configurable.itemId)] }, 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    const parentSku = `item-${configurable.itemId}`;
    for (const sku of [parentSku, ...skusOf(configurable)]) expect(product(sku)!.status).toBe(2);
    expect(await w.links.get('item', parentSku)).toBeDefined();
    for (const sku of skusOf(configurable)) expect(await w.links.get('variation', sku)).toBeDefined();
    expect((await messagesOf(result.runId)).find((m) => m.record_key === `item ${configurable.itemId}`)!.message)
      .toBe(`PlentyONE no longer has it: ${[parentSku, ...skusOf(configurable)].map((s) => `${s} disabled`).join(', ')}.`);

    await w.resetRequests();
    expect(await w.run({ mode: 'ids', ids: [String(configurable.itemId)] }, 'event')).toMatchObject({ updated: 0, skipped: 1, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});
  }, 60_000);

  it('with deletions.mode "delete" a deleted simple item is deleted in Magento and its link removed; an id never linked changes nothing', async () => {
    const [gone] = simples as [Item];
    const sku = variationOf(gone).sku;
    await w.setConfig({ ...itemImportConfig, deletions: { mode: 'delete' } });
    w.plenty.stores.items.deleteItem(gone.itemId);
    await w.resetRequests();
    const result = await w.run({ mode: 'ids', ids: [String(gone.itemId), '987654321'] }, 'event');
    expect(result).toMatchObject({ status: 'completed', processed: 1, updated: 1, failed: 0 });
    expect(product(sku)).toBeUndefined();
    expect(await w.links.get('variation', sku)).toBeUndefined();
    expect(await w.magentoWrites()).toEqual({ 'DELETE /rest/:storeCode/V1/products/:sku': 1 });
    await w.setConfig(itemImportConfig);
  }, 60_000);

  it('with deletions.mode "ignore" a deleted variation\'s product stays as it is, and the run says so', async () => {
    const kept = simples[1]!;
    const v = variationOf(kept);
    await w.setConfig({ ...itemImportConfig, deletions: { mode: 'ignore' } });
    w.plenty.stores.items.deleteItem(kept.itemId);
    await w.resetRequests();
    const result = await w.run({ mode: 'ids', ids: [String(v.variationId)] }, 'event');
    expect(result).toMatchObject({ status: 'completed', skipped: 1, updated: 0 });
    expect(product(v.sku)!.status).toBe(1);
    expect((await messagesOf(result.runId))[0]!.message).toMatch(/no longer has it: .* left as it is\. Nothing was changed in Magento \(deletions\.mode is "ignore"\)/);
    expect(await w.magentoWrites()).toEqual({});
    await w.setConfig(itemImportConfig);
  }, 60_000);

  it('a full run finds deleted items only with deletions.fullRunScan: each product PlentyONE no longer has is disabled once', async () => {
    const gone = simples[2]!;
    const sku = variationOf(gone).sku;
    w.plenty.stores.items.deleteItem(gone.itemId);
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0, updated: 0 });
    expect(product(sku)!.status).toBe(1);

    await w.setConfig({ ...itemImportConfig, deletions: { fullRunScan: true } });
    await w.resetRequests();
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', failed: 0 });
    // This one and the one the "ignore" run left.
    expect(result.updated).toBe(2);
    expect(product(sku)!.status).toBe(2);
    expect(product(variationOf(simples[1]!).sku)!.status).toBe(2);
    expect(await w.magentoWrites()).toEqual({ 'PUT /rest/:storeCode/V1/products/:sku': 2 });
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0, updated: 0 });
    expect(await w.magentoWrites()).toEqual({});
    await w.setConfig(itemImportConfig);
  }, 120_000);

  it('an item first imported and later exported stays one PlentyONE item, and its links then hold the export\'s ids', async () => {
    const parentSku = `item-${exported.itemId}`;
    const imported = await w.links.get('item', parentSku);
    const mainVariationId = variationOf(exported).variationId;
    expect(imported!.meta).toEqual({ mainVariationId });
    expect((await w.links.get('variation', variationOf(exported, 1).sku))!.meta).toEqual({ itemId: exported.itemId, itemSku: parentSku });

    const exportId = (await insertProfile(w.db.db, 'plenty_item_export', itemExportConfig)).id;
    const before = w.plenty.stores.items.counts;
    const result = await executeRun(
      { db: w.db.db, registry: new ProfileRegistry([itemExportType]), log: silentLog, services: { connectors: w.connectors } },
      { profileId: exportId, trigger: 'manual', input: { mode: 'ids', ids: [parentSku] } },
    );
    expect(result).toMatchObject({ status: 'completed', failed: 0 });
    const after = w.plenty.stores.items.counts;
    expect([after.items, after.variations]).toEqual([before.items, before.variations]);
    // The image came from PlentyONE: the export knows it by its checksum and uploads no copy.
    expect(w.plenty.stores.items.item(exported.itemId)!.images).toHaveLength(1);
    const link = await w.links.get('item', parentSku);
    expect(link!.plentyId).toBe(String(exported.itemId));
    expect(link!.meta).toMatchObject({ mainVariationId });
    expect(Array.isArray(link!.meta!.langs)).toBe(true);
    // The import's own hashes stay beside the export's: the item is imported again as the same products.
    const count = w.magento.store.products.count;
    await w.resetRequests();
    const again = await w.run({ mode: 'ids', ids: [String(exported.itemId)] });
    expect(again).toMatchObject({ created: 0, failed: 0 });
    expect(w.magento.store.products.count).toBe(count);
    const gallery = await fetch(`${w.magentoUrl}/rest/all/V1/products/${encodeURIComponent(parentSku)}/media`, { headers: { authorization: 'Bearer sandbox' } });
    expect(await gallery.json()).toHaveLength(1);
  }, 60_000);
});
