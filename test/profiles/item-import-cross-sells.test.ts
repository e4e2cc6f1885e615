/**
 * Item import cross-selling (`crossSells`) against both sandboxes: PlentyONE item cross-selling
 * becomes Magento product links of the item's product by relationship (a configurable's links on the
 * configurable), a second run writes nothing, a removed PlentyONE link leaves Magento, and link types
 * the setting does not name keep the merchant's own links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';
import { plentyRest } from './support/plenty-rest.js';

const config = { ...itemImportConfig, images: { enabled: false }, crossSells: { Accessory: 'crosssell', Similar: 'related' } };

describe(`item import cross-selling on ${engine}`, () => {
  let w: ItemImportWorld;
  let items: Item[];
  let plenty: Awaited<ReturnType<typeof plentyRest>>;
  /** The SKU of an item's product: its configurable, else its first variation's simple product. */
  const skuOf = (item: Item) => (item.type === 'configurable' ? `item-${item.itemId}` : w.catalog.variation(item.firstVariationIndex).sku);
  /** The product's links as [type, SKU], sorted (Magento keeps them per type, in no order across types). */
  const linksOf = (sku: string) => (w.magento.store.products.getBySku(sku)!.links ?? []).map((l) => [l.type, l.sku]).sort((x, y) => x.join().localeCompare(y.join()));
  const crossSell = (from: Item, to: Item, relationship: string) => plenty('POST', `/rest/items/${from.itemId}/item_cross_selling`, { crossItemId: to.itemId, relationship });

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 40, config });
    plenty = await plentyRest(w.plentyUrl);
    const all = [...w.catalog.items()];
    items = [all.find((i) => i.type === 'simple')!, all.find((i) => i.type === 'configurable')!, all.filter((i) => i.type === 'simple')[1]!, all.filter((i) => i.type === 'simple')[2]!];
  }, 180_000);
  afterAll(() => w?.close());

  it('links each item\'s product to the products of its cross items by relationship; unmapped relationships are left out', async () => {
    const [a, configurable, b, c] = items as [Item, Item, Item, Item];
    await crossSell(a, configurable, 'Accessory');
    await crossSell(a, b, 'Similar');
    await crossSell(a, c, 'Season');
    await crossSell(configurable, a, 'Accessory');
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    // Items read before their cross items were imported are linked by the next run that reads them.
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
    expect(linksOf(skuOf(a))).toEqual([['crosssell', skuOf(configurable)], ['related', skuOf(b)]]);
    expect(linksOf(skuOf(configurable))).toEqual([['crosssell', skuOf(a)]]);

    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await w.magentoWrites()).toEqual({});
  }, 180_000);

  it('a link removed in PlentyONE leaves Magento; the merchant\'s up-sells (a type crossSells does not name) stay', async () => {
    const [a, configurable, b] = items as [Item, Item, Item];
    await fetch(`${w.magentoUrl}/rest/V1/products/${encodeURIComponent(skuOf(a))}/links`, {
      method: 'POST', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: skuOf(a), link_type: 'upsell', linked_product_sku: skuOf(b), position: 0 }] }),
    });
    await plenty('DELETE', `/rest/items/${a.itemId}/item_cross_selling/${b.itemId}`);

    const service = dryRunService(w.db.db, await builtinRegistry(), { connectors: w.connectors });
    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(a.itemId)] }, 10);
    expect(report.records[0]).toMatchObject({ action: 'update', reason: 'Changed since the last import: product links.' });
    expect(report.records[0]!.diff).toEqual([{ field: `${skuOf(a)}.product_links.related`, before: [skuOf(b)], after: [] }]);
    expect(linksOf(skuOf(a))).toContainEqual(['related', skuOf(b)]);

    expect(await w.run({ mode: 'ids', ids: [String(a.itemId)] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(linksOf(skuOf(a))).toEqual([['crosssell', skuOf(configurable)], ['upsell', skuOf(b)]]);
  }, 120_000);
});
