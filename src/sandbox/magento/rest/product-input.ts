import type { MagentoStore, MediaEntry, ProductPatch, ProductStatus, ProductVisibility } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { noSuchEntity } from '../store/errors.js';
import type { BundleLinkInput, BundleOptionInput } from '../store/bundles.js';
import { bool, num, str } from './http.js';
import { readStockItemInput, type StockItemInput } from './stock-item-input.js';

type Json = Record<string, unknown>;

/** Custom attributes that map to product fields rather than to `customAttributes`. */
const MAPPED = new Set(['description', 'url_key', 'ean', 'special_price', 'tax_class_id', 'category_ids']);
/** Attributes Magento computes; a client echoing them back must not store them as custom values. */
const COMPUTED = new Set(['options_container', 'required_options', 'has_options']);

export interface ProductWrite {
  patch: ProductPatch;
  stock: { qty: number; isInStock: boolean } | undefined;
  /** Entity ids of `configurable_product_links`, when given. */
  childIds: number[] | undefined;
  /** `extension_attributes.stock_item`, when given: its settings and ids (the quantity is `stock`). */
  stockItem?: StockItemInput;
}

const LINK_TYPES = ['related', 'upsell', 'crosssell'] as const;

/**
 * `product_links` replace the product's links (ProductRepository::processLinks): each names a link type
 * Magento has and a product it knows, else the save is refused as Magento refuses it.
 */
function readProductLinks(store: MagentoStore, rows: Json[]): NonNullable<ProductPatch['links']> {
  return rows.map((row, i) => {
    const type = String(row.link_type ?? '');
    if (!(LINK_TYPES as readonly string[]).includes(type)) throw new MagentoStoreError('The "%1" link type wasn\'t found. Verify the type and try again.', [type]);
    const sku = str(row.linked_product_sku) ?? '';
    if (!store.products.getBySku(sku)) throw noSuchEntity('The Product with the "%1" SKU doesn\'t exist.', [sku]);
    return { type: type as (typeof LINK_TYPES)[number], sku, position: Number(row.position ?? i) };
  });
}

/** A link of `bundle_product_options` (Bundle\Api\Data\LinkInterface); `option_id` is the option's. */
function readBundleLink(row: Json): BundleLinkInput {
  return {
    id: num(row.id) || undefined,
    sku: str(row.sku) ?? '',
    qty: num(row.qty),
    position: num(row.position),
    isDefault: bool(row.is_default),
    price: num(row.price),
    priceType: num(row.price_type),
    canChangeQuantity: num(row.can_change_quantity),
  };
}

/** `extension_attributes.bundle_product_options` (Bundle\Api\Data\OptionInterface); `sku` is the bundle's. */
function readBundleOptions(rows: Json[]): BundleOptionInput[] {
  return rows.map((row) => ({
    // `!$optionId` in SaveAction: 0 and null are "no id" too.
    optionId: num(row.option_id) || undefined,
    title: str(row.title),
    required: bool(row.required),
    type: str(row.type),
    position: num(row.position),
    links: Array.isArray(row.product_links) ? (row.product_links as Json[]).map(readBundleLink) : undefined,
  }));
}

/** A bundle's price is not required while its price is dynamic (Bundle\Model\Plugin\PriceBackend: `price_type` 0 or none). */
function isDynamicBundle(patch: ProductPatch): boolean {
  return patch.typeId === 'bundle' && Number(patch.customAttributes?.price_type ?? 0) === 0;
}

/**
 * Reads the `product` object of `POST /V1/products` / `PUT /V1/products/{sku}`. `websiteId`: the
 * website a save addresses under the "Website" price scope (0: all websites, as a save through `all`
 * or under the global price scope), which `tier_prices` are written for.
 */
export function readProductInput(store: MagentoStore, input: Json, sku: string, creating: boolean, websiteId = 0): ProductWrite {
  const patch: ProductPatch = { sku };
  const name = str(input.name);
  if (name !== undefined) patch.name = name;
  const price = num(input.price);
  if (price !== undefined) patch.price = price;
  if (input.status !== undefined) patch.status = (Number(input.status) === 2 ? 2 : 1) as ProductStatus;
  if (input.visibility !== undefined) {
    const v = Number(input.visibility);
    if (![1, 2, 3, 4].includes(v)) throw new MagentoStoreError('Invalid value of "%value" provided for the %fieldName field.', { value: String(input.visibility), fieldName: 'visibility' });
    patch.visibility = v as ProductVisibility;
  }
  if (input.type_id !== undefined) {
    const type = String(input.type_id);
    if (type !== 'simple' && type !== 'configurable' && type !== 'virtual' && type !== 'bundle') {
      throw new MagentoStoreError('Invalid value of "%value" provided for the %fieldName field.', { value: type, fieldName: 'type_id' });
    }
    patch.typeId = type === 'virtual' ? 'simple' : type;
  }
  const setId = num(input.attribute_set_id);
  if (setId !== undefined) patch.attributeSetId = setId;
  const weight = num(input.weight);
  if (weight !== undefined) patch.weight = weight;

  const ext = (input.extension_attributes ?? {}) as Json;
  if (Array.isArray(ext.category_links)) {
    patch.categoryIds = (ext.category_links as Json[])
      .slice()
      .sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
      .map((l) => Number(l.category_id));
  }
  if (Array.isArray(ext.website_ids)) patch.websiteIds = (ext.website_ids as unknown[]).map(Number);
  let stock: ProductWrite['stock'];
  let stockItem: StockItemInput | undefined;
  if (ext.stock_item && typeof ext.stock_item === 'object') {
    stockItem = readStockItemInput(ext.stock_item as Json, ['extension_attributes', 'stock_item']);
    const { qty, isInStock } = stockItem;
    if (qty !== undefined) stock = { qty, isInStock: isInStock ?? qty > 0 };
  }
  // A list replaces the tier prices of the website saved (all of them for website 0); none given keeps them.
  if (Array.isArray(input.tier_prices)) {
    const rows = (input.tier_prices as Json[]).map((t) => {
      const qty = num(t.qty);
      const value = num(t.value);
      if (qty === undefined || qty <= 0) throw new MagentoStoreError('Invalid value of "%value" provided for the %fieldName field.', { value: String(t.qty), fieldName: 'qty' });
      if (value === undefined || value < 0) throw new MagentoStoreError('Invalid value of "%value" provided for the %fieldName field.', { value: String(t.value), fieldName: 'value' });
      return { customerGroupId: Number(t.customer_group_id ?? 32000), qty, value, websiteId };
    });
    const keys = new Set<string>();
    for (const row of rows) {
      const key = `${row.websiteId}:${row.customerGroupId}:${row.qty}`;
      if (keys.has(key)) throw new MagentoStoreError('We found a duplicate website, tier price, customer group and quantity.');
      keys.add(key);
    }
    const kept = websiteId === 0 ? [] : (store.products.getBySku(sku)?.tierPrices ?? []).filter((t) => t.websiteId !== websiteId);
    patch.tierPrices = [...kept, ...rows];
  }
  let childIds: number[] | undefined;
  if (Array.isArray(ext.configurable_product_links)) childIds = (ext.configurable_product_links as unknown[]).map(Number);
  if (Array.isArray(ext.configurable_product_options)) {
    patch.configurable = {
      childSkus: [],
      options: (ext.configurable_product_options as Json[]).map((o, i) => {
        const attributeId = Number(o.attribute_id);
        const attribute = store.attributes.find((a) => a.attributeId === attributeId);
        return {
          id: Number(o.id ?? 0) || i + 1,
          attributeId,
          attributeCode: attribute?.code ?? String(attributeId),
          label: str(o.label) ?? attribute?.label ?? '',
          position: Number(o.position ?? i),
          values: Array.isArray(o.values) ? (o.values as Json[]).map((v) => Number(v.value_index)) : [],
        };
      }),
    };
  }

  if (Array.isArray(input.product_links)) patch.links = readProductLinks(store, input.product_links as Json[]);

  if (Array.isArray(input.media_gallery_entries)) {
    patch.media = (input.media_gallery_entries as Json[]).map((m, i): MediaEntry => ({
      id: Number(m.id ?? 0) || i + 1,
      file: str(m.file) ?? `/s/a/sandbox-${i + 1}.jpg`,
      label: str(m.label) ?? '',
      position: Number(m.position ?? i + 1),
      disabled: Boolean(m.disabled),
      types: Array.isArray(m.types) ? (m.types as unknown[]).map(String) : [],
    }));
  }

  if (Array.isArray(input.custom_attributes)) {
    const custom: Record<string, string | string[]> = {};
    for (const attr of input.custom_attributes as Json[]) {
      const code = String(attr.attribute_code ?? '');
      const value = attr.value;
      if (!code || COMPUTED.has(code)) continue;
      const text = Array.isArray(value) ? value.map(String) : String(value ?? '');
      switch (code) {
        case 'description':
          patch.description = String(text);
          break;
        case 'url_key':
          patch.urlKey = String(text);
          break;
        case 'ean':
          patch.ean = String(text) || null;
          break;
        case 'special_price':
          patch.specialPrice = text === '' ? null : Number(text);
          break;
        case 'tax_class_id':
          patch.taxClassId = Number(text);
          break;
        case 'category_ids':
          if (!patch.categoryIds) patch.categoryIds = (Array.isArray(text) ? text : String(text).split(',')).filter(Boolean).map(Number);
          break;
        default:
          if (!MAPPED.has(code)) custom[code] = text;
      }
    }
    if (Object.keys(custom).length > 0) {
      const current = store.products.getBySku(sku)?.customAttributes ?? {};
      patch.customAttributes = { ...current, ...custom };
    }
  }

  if (creating) {
    if (!patch.name) throw new MagentoStoreError('The "%1" attribute value is empty. Set the attribute and try again.', ['name']);
    if (patch.price === undefined && patch.typeId !== 'configurable' && !isDynamicBundle(patch)) {
      throw new MagentoStoreError('The "%1" attribute value is empty. Set the attribute and try again.', ['price']);
    }
  }
  for (const id of patch.categoryIds ?? []) {
    if (!store.categories.get(id)) {
      throw new MagentoStoreError('Could not save product "%1" with position %2 to category %3', [sku, '0', String(id)]);
    }
  }
  // The bundle SaveHandler runs last, once the product itself would be saved; it ignores the list
  // for a product of another type, and an empty list leaves the options as they are.
  const bundleOptions = Array.isArray(ext.bundle_product_options) ? readBundleOptions(ext.bundle_product_options as Json[]) : [];
  const typeId = patch.typeId ?? store.products.getBySku(sku)?.typeId;
  if (typeId === 'bundle' && bundleOptions.length > 0) patch.bundleOptions = store.products.bundleOptionsAfter(sku, bundleOptions);
  return { patch, stock, childIds, ...(stockItem ? { stockItem } : {}) };
}
