/**
 * Renders a store product as the storefront's `ProductInterface` (SimpleProduct, ConfigurableProduct
 * or BundleProduct, without its `items`) in the requested store view. Fields whose value is costly
 * are functions, so graphql-js only computes them when the query selects them.
 */
import { effectivePrice, textsIn } from '../store/index.js';
import type { ConfigurableOption, MediaEntry, Product } from '../store/index.js';
import { categoryView } from './category-view.js';
import type { GraphqlContext } from './context.js';
import { encodeUid, magentoDate, mediaUrl, memoized, money } from './context.js';
import { mediaIn } from '../rest/product-media.js';
import { bundleInStock } from '../store/bundles.js';

/** `.html`, Magento's default product and category URL suffix. */
export const URL_SUFFIX = '.html';

/** Enabled and assigned to the store view's website: the storefront can see it at all. */
export function isEnabledInView(product: Product, ctx: GraphqlContext): boolean {
  return product.status === 1 && product.websiteIds.includes(ctx.view.websiteId);
}

/**
 * A configurable is in stock when one of its enabled children is, a bundle when its options' enabled
 * components make it salable (memoized: both walk components).
 */
export function isInStock(product: Product, ctx: GraphqlContext): boolean {
  const componentInStock = (c: Product | undefined) => !!c && isEnabledInView(c, ctx) && ctx.store.inventory.isInStock(c.sku);
  if (product.typeId === 'bundle') {
    return memoized(ctx, `stock:${product.sku}`, () => bundleInStock(product.bundleOptions, (sku) => componentInStock(ctx.store.products.getBySku(sku))));
  }
  if (product.typeId !== 'configurable') return ctx.store.inventory.isInStock(product.sku);
  return memoized(ctx, `stock:${product.sku}`, () => ctx.store.products.children(product.sku).some(componentInStock));
}

/** Children a configurable shows: enabled in the view and, unless configured otherwise, in stock. */
export function visibleChildren(parent: Product, ctx: GraphqlContext): Product[] {
  return ctx.store.products
    .children(parent.sku)
    .filter((c) => isEnabledInView(c, ctx) && (ctx.showOutOfStock || ctx.store.inventory.isInStock(c.sku)));
}

interface PriceView {
  regular_price: ReturnType<typeof money>;
  final_price: ReturnType<typeof money>;
  discount: { amount_off: number; percent_off: number };
}

function priceView(regular: number, final: number, ctx: GraphqlContext): PriceView {
  const amountOff = Math.max(0, regular - final);
  return {
    regular_price: money(regular, ctx.view),
    final_price: money(final, ctx.view),
    discount: {
      amount_off: Math.round(amountOff * 100) / 100,
      percent_off: regular > 0 ? Math.round((amountOff / regular) * 10000) / 100 : 0,
    },
  };
}

/** Configurables are priced from their children (Magento's configurable price resolver). */
function priceRange(product: Product, ctx: GraphqlContext): { minimum_price: PriceView; maximum_price: PriceView } {
  const priced = product.typeId === 'configurable' ? visibleChildren(product, ctx) : [product];
  if (priced.length === 0) {
    const own = priceView(product.price, effectivePrice(product), ctx);
    return { minimum_price: own, maximum_price: own };
  }
  const byFinal = [...priced].sort((a, b) => effectivePrice(a) - effectivePrice(b));
  const low = byFinal[0] as Product;
  const high = byFinal[byFinal.length - 1] as Product;
  return {
    minimum_price: priceView(Math.min(...priced.map((p) => p.price)), effectivePrice(low), ctx),
    maximum_price: priceView(Math.max(...priced.map((p) => p.price)), effectivePrice(high), ctx),
  };
}

function imageView(entry: Pick<MediaEntry, 'file' | 'label' | 'position' | 'disabled'>, fallbackLabel: string, ctx: GraphqlContext) {
  return {
    __typename: 'ProductImage',
    url: mediaUrl(ctx, `catalog/product${entry.file.startsWith('/') ? '' : '/'}${entry.file}`),
    label: entry.label || fallbackLabel,
    position: entry.position,
    disabled: entry.disabled,
  };
}

/** The role image (`image`, `small_image`, `thumbnail`), or Magento's placeholder. */
function roleImage(product: Product, role: string, name: string, ctx: GraphqlContext) {
  // The store view's own values (label, roles …) where a save in its scope left them.
  const entry = product.media.map((m) => mediaIn(m, ctx.view.code)).find((m) => m.types.includes(role) && !m.disabled);
  if (entry) return imageView(entry, name, ctx);
  return {
    __typename: 'ProductImage',
    url: `${ctx.baseUrl}static/version1/frontend/Magento/luma/${ctx.view.locale}/Magento_Catalog/images/product/placeholder/${role}.jpg`,
    label: name,
    position: null,
    disabled: null,
  };
}

function optionLabel(ctx: GraphqlContext, attributeId: number, value: number): string {
  const attribute = ctx.store.attributes.find((a) => a.attributeId === attributeId);
  return attribute?.options.find((o) => o.value === value)?.label ?? String(value);
}

function optionValueUid(attributeId: number, value: number): string {
  return encodeUid(`configurable/${attributeId}/${value}`);
}

function configurableOptionsView(product: Product, options: ConfigurableOption[], ctx: GraphqlContext) {
  return options.map((option) => ({
    uid: encodeUid(`configurable/${product.id}/${option.attributeId}`),
    attribute_uid: encodeUid(option.attributeId),
    attribute_code: option.attributeCode,
    label: option.label,
    position: option.position,
    use_default: false,
    values: option.values.map((value) => {
      const label = optionLabel(ctx, option.attributeId, value);
      return {
        uid: optionValueUid(option.attributeId, value),
        label,
        default_label: label,
        store_label: label,
        use_default_value: true,
      };
    }),
  }));
}

/** The option value a child carries for one configurable attribute. */
export function childOptionValue(child: Product, option: ConfigurableOption): number | undefined {
  const raw = child.customAttributes[option.attributeCode];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) ? value : undefined;
}

function variantsView(product: Product, options: ConfigurableOption[], ctx: GraphqlContext) {
  return visibleChildren(product, ctx).map((child) => ({
    product: productView(child, ctx),
    attributes: options.flatMap((option) => {
      const value = childOptionValue(child, option);
      if (value === undefined) return [];
      return [
        {
          uid: optionValueUid(option.attributeId, value),
          code: option.attributeCode,
          label: optionLabel(ctx, option.attributeId, value),
          value_index: value,
        },
      ];
    }),
  }));
}

/** The concrete `ProductInterface` type of each product type (BundleProduct: see schema.ts). */
const TYPENAMES: Record<Product['typeId'], string> = { simple: 'SimpleProduct', configurable: 'ConfigurableProduct', bundle: 'BundleProduct' };

export function productView(product: Product, ctx: GraphqlContext): Record<string, unknown> {
  const texts = textsIn(product, ctx.view.code);
  const configurable = product.typeId === 'configurable';
  const options = product.configurable?.options ?? [];
  const view: Record<string, unknown> = {
    __typename: TYPENAMES[product.typeId],
    id: product.id,
    uid: encodeUid(product.id),
    sku: product.sku,
    name: texts.name,
    url_key: texts.urlKey,
    url_suffix: URL_SUFFIX,
    // Null unless "Use Canonical Link Meta Tag For Products" is enabled (off by default).
    canonical_url: null,
    description: { html: texts.description },
    short_description: { html: '' },
    meta_title: null,
    meta_keyword: null,
    meta_description: null,
    special_price: product.specialPrice,
    special_to_date: null,
    new_from_date: null,
    new_to_date: null,
    country_of_manufacture: null,
    price_range: () => priceRange(product, ctx),
    image: () => roleImage(product, 'image', texts.name, ctx),
    small_image: () => roleImage(product, 'small_image', texts.name, ctx),
    thumbnail: () => roleImage(product, 'thumbnail', texts.name, ctx),
    media_gallery: () => product.media.map((m) => mediaIn(m, ctx.view.code)).filter((m) => !m.disabled).map((m) => imageView(m, texts.name, ctx)),
    categories: () =>
      product.categoryIds.flatMap((id) => {
        const category = ctx.store.categories.get(id);
        return category?.isActive ? [categoryView(category, ctx)] : [];
      }),
    stock_status: () => (isInStock(product, ctx) ? 'IN_STOCK' : 'OUT_OF_STOCK'),
    // Null unless the "Only X left" threshold is configured (0 by default).
    only_x_left_in_stock: null,
    created_at: magentoDate(product.createdAt),
    updated_at: magentoDate(product.updatedAt),
    type_id: product.typeId,
    attribute_set_id: product.attributeSetId,
    weight: product.weight,
  };
  if (configurable) {
    view.configurable_options = () => configurableOptionsView(product, options, ctx);
    view.variants = () => variantsView(product, options, ctx);
  }
  return view;
}
