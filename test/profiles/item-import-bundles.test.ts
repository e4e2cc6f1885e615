/**
 * PlentyONE bundles → Magento bundle products, as a merchant checks them in the Magento admin: a
 * bundle item becomes a bundle product with a fixed price and one required option per component
 * (the component's product in its quantity, titled by that product's name); a bundle read before its components' products exist
 * fails with the reason and is written by the next run; a second run writes nothing; a component
 * removed in PlentyONE is previewed by a dry run and then leaves the bundle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';
import { plentyRest } from './support/plenty-rest.js';

const config = { ...itemImportConfig, images: { enabled: false } };

type BundleOption = { title: string; required: boolean; type: string; position: number; product_links: { sku: string; qty: number; is_default: boolean; can_change_quantity: number }[] };

describe(`item import: bundles on ${engine}`, () => {
  let w: ItemImportWorld;
  let plenty: Awaited<ReturnType<typeof plentyRest>>;
  let bundle: Item;
  let first: Item;
  let second: Item;
  const variationOf = (item: Item) => w.catalog.variation(item.firstVariationIndex);
  const messagesOf = async (runId: number, key: string) => (await w.db.query<{ message: string }>(
    'select message from profile_run_messages where run_id = $1 and record_key = $2 order by id', [runId, key])).map((m) => m.message);
  /** The product as Magento's REST API answers it. */
  const magentoProduct = async (sku: string) => {
    const res = await fetch(`${w.magentoUrl}/rest/all/V1/products/${encodeURIComponent(sku)}`, { headers: { authorization: 'Bearer sandbox' } });
    return res.ok ? res.json() as Promise<{ type_id: string; price: number; extension_attributes?: { bundle_product_options?: BundleOption[] }; custom_attributes?: { attribute_code: string; value: unknown }[] }> : undefined;
  };
  const optionsOf = async (sku: string) => ((await magentoProduct(sku))?.extension_attributes?.bundle_product_options ?? [])
    .map((o) => ({ title: o.title, required: o.required, type: o.type, position: o.position, links: o.product_links.map((l) => [l.sku, Number(l.qty)]) }));

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 40, config });
    plenty = await plentyRest(w.plentyUrl);
    // The bundle has a lower item id than its components: a full run reads it before their products exist.
    [bundle, first, second] = [...w.catalog.items()].filter((i) => i.type === 'simple') as [Item, Item, Item];
    for (const [component, quantity] of [[first, 2], [second, 1]] as const) {
      await plenty('POST', `/rest/items/${bundle.itemId}/variations/${variationOf(bundle).variationId}/variation_bundles`, { componentVariationId: variationOf(component).variationId, componentQuantity: quantity });
    }
  }, 180_000);
  afterAll(() => w?.close());

  it('a bundle read before its components\' products exist fails with the reason, and the next run writes it', async () => {
    const result = await w.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'partial', failed: 1 });
    expect(await magentoProduct(variationOf(bundle).sku)).toBeUndefined();
    const runs = await w.db.query<{ id: number }>('select id from profile_runs order by id desc limit 1');
    expect((await messagesOf(runs[0]!.id, `item ${bundle.itemId}`)).join(' ')).toContain(
      `Bundle ${variationOf(bundle).sku}: component variations ${variationOf(first).variationId}, ${variationOf(second).variationId} have no product in Magento yet`);
    expect(await magentoProduct(variationOf(first).sku)).toMatchObject({ type_id: 'simple' });

    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0, created: 1 });
    const product = (await magentoProduct(variationOf(bundle).sku))!;
    expect(product).toMatchObject({ type_id: 'bundle', price: variationOf(bundle).price });
    expect(Object.fromEntries((product.custom_attributes ?? []).filter((c) => ['price_type', 'sku_type', 'shipment_type'].includes(c.attribute_code)).map((c) => [c.attribute_code, String(c.value)])))
      .toEqual({ price_type: '1', sku_type: '1', shipment_type: '0' });
    expect(await optionsOf(variationOf(bundle).sku)).toEqual([
      { title: first.texts.en.name, required: true, type: 'select', position: 1, links: [[variationOf(first).sku, 2]] },
      { title: second.texts.en.name, required: true, type: 'select', position: 2, links: [[variationOf(second).sku, 1]] },
    ]);
  }, 180_000);

  it('a second run writes nothing', async () => {
    await w.resetRequests();
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0, created: 0, updated: 0 });
    expect(await w.magentoWrites()).toEqual({});
  }, 120_000);

  it('a component removed in PlentyONE is previewed by a dry run, then leaves the bundle', async () => {
    const path = `/rest/items/${bundle.itemId}/variations/${variationOf(bundle).variationId}/variation_bundles`;
    const components = await plenty('GET', path) as unknown as { id: number; componentVariationId: number }[];
    const gone = components.find((c) => c.componentVariationId === variationOf(second).variationId)!;
    await plenty('DELETE', `${path}/${gone.id}`);

    const service = dryRunService(w.db.db, await builtinRegistry(), { connectors: w.connectors });
    const report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(bundle.itemId)] }, 10);
    const sku = variationOf(bundle).sku;
    expect(report.records[0]).toMatchObject({ action: 'update', reason: 'Changed since the last import: global values.' });
    expect(report.records[0]!.diff).toEqual([{
      field: `${sku}.bundle_options`,
      before: [`${first.texts.en.name}: 2 × ${variationOf(first).sku}`, `${second.texts.en.name}: 1 × ${variationOf(second).sku}`],
      after: [`${first.texts.en.name}: 2 × ${variationOf(first).sku}`],
    }]);
    expect(await optionsOf(sku)).toHaveLength(2);

    expect(await w.run({ mode: 'ids', ids: [String(bundle.itemId)] })).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await optionsOf(sku)).toEqual([{ title: first.texts.en.name, required: true, type: 'select', position: 1, links: [[variationOf(first).sku, 2]] }]);
  }, 120_000);
});
