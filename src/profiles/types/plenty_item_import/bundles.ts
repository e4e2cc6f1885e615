/**
 * PlentyONE bundles → Magento bundle products. A bundle item (its variation's `bundleType` is
 * "bundle") becomes one product of type `bundle` with a fixed price, SKU and weight (the bundle
 * variation's own, as PlentyONE sells it) and one required option per component: the component's
 * product in the component's quantity, nothing to choose. The components are read per bundle
 * (`GET /rest/items/{id}/variations/{variationId}/variation_bundles`; PIM's `with=bundleComponents`
 * is named in PlentyONE's OpenAPI without its shape), their products found through the variation
 * links, the option titles the products' Magento names (one product search per bundle).
 *
 * A component Magento has no product of yet (its item not imported) fails the bundle with that
 * reason; it is retried with the failed records and written once the component is there. The options
 * ride in the bundle's global save: Magento replaces a bundle's options with a non-empty list sent
 * (its Bundle SaveHandler), and they enter the product hash, so a changed component or quantity is one
 * save and an unchanged bundle none.
 */
import type { MagentoProductInput } from '../../../connectors/magento/index.js';
import type { PimVariation } from '../../../connectors/plenty/schemas/pim.js';
import { resolveSkus } from '../plenty_stock_import/skus.js';
import { magentoOf, plentyOf, type Ctx } from './clients.js';
import { productsBySku } from './magento-products.js';

/** PlentyONE's `bundleType` of a variation that bundles others. */
export const BUNDLE = 'bundle';

/** An option of `bundle_product_options` as a save sends it (Magento gives the ids). */
export type BundleOptionInput = {
  title: string;
  required: boolean;
  type: 'select';
  position: number;
  product_links: { sku: string; qty: number; position: number; is_default: boolean; price: number; price_type: number; can_change_quantity: number }[];
};

/**
 * The bundle attributes (custom attributes of a bundle product): fixed price (`price_type` 1, the
 * bundle variation's sales price; a dynamic price would sum the components' Magento prices), fixed SKU
 * and weight (the bundle's own: orders and shipments name the bundle), price shown as a range (0),
 * components shipped together (0).
 */
export const BUNDLE_ATTRIBUTES: { attribute_code: string; value: string }[] = [
  { attribute_code: 'price_type', value: '1' },
  { attribute_code: 'sku_type', value: '1' },
  { attribute_code: 'weight_type', value: '1' },
  { attribute_code: 'price_view', value: '0' },
  { attribute_code: 'shipment_type', value: '0' },
];

export const isBundle = (v: PimVariation): boolean => v.base.bundleType === BUNDLE;

/**
 * The options of a bundle variation's product, or the problems that keep it from being written (no
 * components; a component without a Magento product).
 */
export async function bundleOptionsOf(ctx: Ctx, itemId: number, bundle: PimVariation, problems: string[]): Promise<BundleOptionInput[]> {
  const plenty = await plentyOf(ctx);
  // In the order PlentyONE added them (their link ids), whatever order the list comes in: the hash stays put.
  const components = [...await plenty.items.bundles.list(itemId, bundle.id, ctx.signal)].sort((a, b) => Number(a.id ?? 0) - Number(b.id ?? 0));
  if (components.length === 0) {
    problems.push(`Bundle ${bundle.base.number} has no components in PlentyONE: add them to the bundle, or make the item a normal one.`);
    return [];
  }
  const ids = [...new Set(components.map((c) => c.componentVariationId))];
  const skus = await resolveSkus(ctx.db, ids, async () => new Map());
  const missing = ids.filter((id) => !skus.has(id));
  if (missing.length > 0) {
    problems.push(`Bundle ${bundle.base.number}: component variation${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} no product in Magento yet: import ${missing.length > 1 ? 'their items' : 'its item'}; the bundle is tried again with the failed records.`);
    return [];
  }
  const titles = await componentTitles(ctx, [...new Set([...skus.values()].map((r) => r.sku))]);
  return components.map((c, i) => {
    const sku = skus.get(c.componentVariationId)!.sku;
    return {
      title: titles.get(sku) ?? sku,
      required: true,
      type: 'select',
      position: i + 1,
      product_links: [{
        sku, qty: Number(c.componentQuantity) || 1, position: 1, is_default: true,
        // The bundle's price is fixed: a selection adds nothing to it, and the buyer cannot change its quantity.
        price: 0, price_type: 0, can_change_quantity: 0,
      }],
    };
  });
}

/**
 * SKU → the product's name in Magento (global values): what the shop calls the component elsewhere
 * (a configurable's child by its attribute values), one product search per bundle.
 */
async function componentTitles(ctx: Ctx, skus: string[]): Promise<Map<string, string>> {
  const found = await productsBySku(ctx, await magentoOf(ctx), skus);
  return new Map([...found.values()].flatMap((p) => (p.name ? [[p.sku, p.name] as const] : [])));
}

/** What a bundle's global save carries besides a simple product's: its type, the bundle attributes and the options. */
export function asBundle(global: MagentoProductInput, options: BundleOptionInput[]): MagentoProductInput {
  return {
    ...global,
    type_id: 'bundle',
    extension_attributes: { ...global.extension_attributes, bundle_product_options: options },
    custom_attributes: [...(global.custom_attributes ?? []), ...BUNDLE_ATTRIBUTES],
  };
}

/** A bundle's options as a dry run shows them, sent or answered by Magento alike: `<title>: <qty> × <sku>` each, in position order. */
export function bundleSummary(options: readonly unknown[]): string[] {
  type Option = { title?: string; position?: number; product_links?: { sku?: string; qty?: number }[] };
  return [...(options as Option[])]
    .sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
    .map((o) => `${o.title ?? ''}: ${(o.product_links ?? []).map((l) => `${Number(l.qty ?? 1)} × ${l.sku ?? ''}`).join(', ')}`);
}
