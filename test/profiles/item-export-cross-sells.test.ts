/**
 * Magento product links → PlentyONE item cross-selling: relationships per link type, a second run
 * writes nothing, a link to a product not exported yet waits for it, removed links per
 * deletions.crossSells.
 */
import { describe, expect, it } from 'vitest';
import { itemExportConfigSchema } from '../../src/profiles/types/plenty_item_export/config.js';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { exportedSuite } from './support/item-export-suite.js';

const VARIATIONS = 12;

describe(`item export: cross-selling (${engine})`, () => {
  const s = exportedSuite({ variations: VARIATIONS, config: { crossSells: { crosssell: 'Accessory', related: 'Similar', upsell: 'Bundle' } } });

  const all = () => [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i));
  const simples = () => all().filter((v) => !v.parentSku);
  const itemOf = async (sku: string) => (await s.variationOf(sku))!.itemId as number;
  const crossSelling = async (sku: string) => Object.fromEntries((await (await s.client()).items.crossSelling.list(await itemOf(sku))).map((l) => [l.crossItemId, l.relationship]));
  const linkTo = (sku: string, links: { type: string; sku: string }[]) => magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(sku)}`, {
    product: { sku, product_links: links.map((l, position) => ({ sku, link_type: l.type, linked_product_sku: l.sku, linked_product_type: 'simple', position })) },
  });
  const runIds = async (ids: string[]) => {
    const run = await s.run({ mode: 'ids', ids });
    return { run, messages: await s.messages(run.runId) };
  };

  it('links items by the relationship of each Magento link type (a child by its configurable\'s item), and a second run writes nothing', async () => {
    const [a, b, c] = simples();
    const child = all().find((v) => v.parentSku)!;
    await linkTo(a!.sku, [{ type: 'crosssell', sku: b!.sku }, { type: 'related', sku: c!.sku }, { type: 'upsell', sku: child.sku }, { type: 'related', sku: b!.sku }]);
    const product = await magentoCall(s.magento.url, 'GET', `/rest/all/V1/products/${encodeURIComponent(a!.sku)}`) as { product_links: { link_type: string }[] };
    expect(product.product_links.map((l) => l.link_type)).toEqual(['crosssell', 'related', 'upsell', 'related']);

    await s.resetRequests();
    const { run, messages } = await runIds([a!.sku]);
    expect(run, messages.join('\n')).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await s.writes()).toEqual({ 'POST /rest/items/:id/item_cross_selling': 3 });
    // B is linked as a cross-sell and as related: the cross-sell wins (one link per pair).
    expect(await crossSelling(a!.sku)).toEqual({ [await itemOf(b!.sku)]: 'Accessory', [await itemOf(c!.sku)]: 'Similar', [await itemOf(child.sku)]: 'Bundle' });

    await s.resetRequests();
    expect((await runIds([a!.sku])).run).toMatchObject({ status: 'completed', updated: 0, failed: 0 });
    expect(await s.writes()).toEqual({});
  });

  it('a link to a product not exported yet waits, says so, and is written when that product is exported', async () => {
    const a = simples()[3]!;
    const sku = 'XS-LATER-1';
    await magentoCall(s.magento.url, 'POST', '/rest/all/V1/products', { product: { sku, name: 'Later product', price: 5, type_id: 'simple', attribute_set_id: 4, status: 1, visibility: 4 } });
    await linkTo(a.sku, [{ type: 'crosssell', sku }]);
    const first = await runIds([a.sku]);
    expect(first.run).toMatchObject({ status: 'completed', failed: 0 });
    expect(first.messages.join('\n')).toContain(`Cross-selling to ${sku} waits until that product is exported`);
    expect(await crossSelling(a.sku)).toEqual({});

    const second = await runIds([sku]);
    expect(second.run, second.messages.join('\n')).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    expect(await crossSelling(a.sku)).toEqual({ [await itemOf(sku)]: 'Accessory' });
    await s.resetRequests();
    expect((await runIds([a.sku, sku])).run).toMatchObject({ status: 'completed', updated: 0, failed: 0 });
    expect(await s.writes()).toEqual({});
  });

  it('changes a relationship, and removes a link Magento no longer has only with deletions.crossSells', async () => {
    const [c, a, b] = simples();
    await linkTo(a!.sku, [{ type: 'crosssell', sku: b!.sku }, { type: 'related', sku: c!.sku }]);
    await runIds([a!.sku]);
    expect(await crossSelling(a!.sku)).toEqual({ [await itemOf(b!.sku)]: 'Accessory', [await itemOf(c!.sku)]: 'Similar' });

    await s.setConfig({ crossSells: { crosssell: 'Accessory', related: 'Complements', upsell: 'Bundle' } });
    await s.resetRequests();
    await runIds([a!.sku]);
    expect(await s.writes()).toEqual({ 'PUT /rest/items/:id/item_cross_selling/:crossItemId': 1 });
    expect((await crossSelling(a!.sku))[await itemOf(c!.sku)]).toBe('Complements');

    // Off (the default): the removed link stays.
    await linkTo(a!.sku, [{ type: 'crosssell', sku: b!.sku }]);
    await s.resetRequests();
    await runIds([a!.sku]);
    expect(await s.writes()).toEqual({});
    expect(Object.keys(await crossSelling(a!.sku))).toHaveLength(2);

    await s.setConfig({ deletions: { crossSells: true } });
    await s.resetRequests();
    const { run } = await runIds([a!.sku]);
    expect(run).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
    expect(await s.writes()).toEqual({ 'DELETE /rest/items/:id/item_cross_selling/:crossItemId': 1 });
    expect(await crossSelling(a!.sku)).toEqual({ [await itemOf(b!.sku)]: 'Accessory' });
  });

  it('refuses a relationship PlentyONE does not have', () => {
    expect(itemExportConfigSchema.safeParse({ crossSells: { related: 'Friend' } }).success).toBe(false);
    expect(itemExportConfigSchema.safeParse({ crossSells: { related: 'ReplacementPart' } }).success).toBe(true);
  });
});
