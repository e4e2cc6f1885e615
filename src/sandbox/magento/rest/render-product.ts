import type { BundleOption, MagentoStore, Product } from '../store/index.js';
import { textsIn } from '../store/index.js';
import { bundleInStock, orderedOptions } from '../store/bundles.js';
import type { StockItemSettings } from '../store/stock-items.js';
import type { FieldValue } from './search-criteria.js';
import { magentoTime } from './format.js';
import { renderEntry } from './product-media.js';

type Json = Record<string, unknown>;

/** A product as `GET /V1/products/{sku}` renders it (see examples/product-create-response.json). */
export function renderProduct(store: MagentoStore, product: Product, storeCode: string): Json {
  const texts = textsIn(product, storeCode);
  const qty = product.typeId === 'simple' ? store.inventory.salableQty(product.sku) : 0;
  const extension: Json = {
    website_ids: product.websiteIds,
    category_links: product.categoryIds.map((id, position) => ({ position, category_id: String(id) })),
    stock_item: stockItem(product, qty, inStock(store, product, qty), store.inventory.stockItemOf(product.sku)),
  };
  if (product.typeId === 'configurable' && product.configurable) {
    extension.configurable_product_options = product.configurable.options.map((o) => renderOption(o, product.id));
    extension.configurable_product_links = product.configurable.childSkus.flatMap((sku) => store.products.idOfSku(sku) ?? []);
  }
  if (product.typeId === 'bundle') extension.bundle_product_options = renderBundleOptions(store, product);
  return {
    id: product.id,
    sku: product.sku,
    name: texts.name,
    attribute_set_id: product.attributeSetId,
    // A store view of a website with a price of its own reads that price (catalog price scope "Website").
    price: (store.config.priceScope === 'website' && storeCode !== 'all' && storeCode !== 'admin' ? product.websitePrices?.[store.storeView(storeCode).websiteId] : undefined) ?? product.price,
    status: product.status,
    visibility: product.visibility,
    type_id: product.typeId,
    created_at: magentoTime(product.createdAt),
    updated_at: magentoTime(product.updatedAt),
    weight: product.weight,
    extension_attributes: extension,
    product_links: (product.links ?? []).map((l) => ({
      sku: product.sku,
      link_type: l.type,
      linked_product_sku: l.sku,
      linked_product_type: store.products.getBySku(l.sku)?.typeId ?? 'simple',
      position: l.position,
    })),
    options: [],
    media_gallery_entries: product.media.map((m) => renderEntry(m, storeCode)),
    tier_prices: (product.tierPrices ?? []).map((t) => ({ customer_group_id: t.customerGroupId, qty: t.qty, value: t.value, extension_attributes: { website_id: t.websiteId } })),
    custom_attributes: customAttributes(product, texts),
  };
}

/** Composites take their stock status from their components; a simple product from its salable quantity. */
function inStock(store: MagentoStore, product: Product, qty: number): boolean {
  if (product.typeId === 'configurable') return store.products.children(product.sku).some((c) => store.inventory.isInStock(c.sku));
  if (product.typeId === 'bundle') return bundleInStock(product.bundleOptions, (sku) => store.inventory.isInStock(sku));
  return qty > 0;
}

/**
 * `bundle_product_options` as Bundle\Model\Product\OptionList and LinksList answer them: a link's
 * `id` is a string (LinkInterface::getId), its `price` the selection's price or else the component's
 * (null when neither is above 0), its `price_type` null unless the bundle's price is fixed.
 */
function renderBundleOptions(store: MagentoStore, product: Product): Json[] {
  const fixedPrice = Number(product.customAttributes.price_type ?? 0) !== 0;
  return orderedOptions(product.bundleOptions).map((option: BundleOption) => ({
    option_id: option.id,
    ...(option.title !== undefined ? { title: option.title } : {}),
    required: option.required,
    ...(option.type !== undefined ? { type: option.type } : {}),
    position: option.position,
    sku: product.sku,
    product_links: option.links.map((link) => ({
      id: String(link.id),
      sku: link.sku,
      option_id: option.id,
      ...(link.qty !== undefined ? { qty: link.qty } : {}),
      position: link.position,
      is_default: link.isDefault,
      price: (link.price > 0 ? link.price : store.products.getBySku(link.sku)?.price) || null,
      price_type: fixedPrice ? link.priceType : null,
      can_change_quantity: link.canChangeQuantity,
    })),
  }));
}

export function renderOption(option: NonNullable<Product['configurable']>['options'][number], productId: number): Json {
  return {
    id: option.id,
    attribute_id: String(option.attributeId),
    label: option.label,
    position: option.position,
    values: option.values.map((value_index) => ({ value_index })),
    product_id: productId,
  };
}

function customAttributes(product: Product, texts: { description: string; urlKey: string; custom: Record<string, string> }): Json[] {
  const list: Json[] = [];
  const add = (attribute_code: string, value: unknown) => list.push({ attribute_code, value });
  if (texts.description) add('description', texts.description);
  add('url_key', texts.urlKey);
  add('tax_class_id', String(product.taxClassId));
  add('category_ids', product.categoryIds.map(String));
  if (product.ean) add('ean', product.ean);
  if (product.specialPrice !== null) add('special_price', product.specialPrice.toFixed(6));
  for (const [code, value] of Object.entries({ ...product.customAttributes, ...texts.custom })) add(code, value);
  add('options_container', 'container2');
  add('required_options', '0');
  add('has_options', product.typeId === 'configurable' ? '1' : '0');
  return list;
}

/**
 * StockItemInterface as REST renders it: each getter's value in its declared type, so
 * `use_config_min_sale_qty` (an `int` getter) is 1 or 0 where the other flags are booleans.
 */
export function stockItem(product: Product, qty: number, inStock: boolean, item: StockItemSettings): Json {
  return {
    item_id: product.id,
    product_id: product.id,
    stock_id: 1,
    qty,
    is_in_stock: inStock,
    is_qty_decimal: false,
    show_default_notification_message: false,
    use_config_min_qty: true,
    min_qty: 0,
    use_config_min_sale_qty: item.useConfigMinSaleQty ? 1 : 0,
    min_sale_qty: item.minSaleQty,
    use_config_max_sale_qty: item.useConfigMaxSaleQty,
    max_sale_qty: item.maxSaleQty,
    use_config_backorders: item.useConfigBackorders,
    backorders: item.backorders,
    use_config_notify_stock_qty: true,
    notify_stock_qty: 1,
    use_config_qty_increments: item.useConfigQtyIncrements,
    qty_increments: item.qtyIncrements,
    use_config_enable_qty_inc: item.useConfigEnableQtyInc,
    enable_qty_increments: item.enableQtyIncrements,
    use_config_manage_stock: item.useConfigManageStock,
    manage_stock: item.manageStock,
    low_stock_date: null,
    is_decimal_divided: false,
    stock_status_changed_auto: 0,
  };
}

/** Field values for `searchCriteria` filters on products, as seen in one store view. */
export function productField(storeCode: string): (product: Product, field: string) => FieldValue {
  return (product, field) => {
    switch (field) {
      case 'entity_id':
      case 'id':
        return product.id;
      case 'sku':
        return product.sku;
      case 'name':
        return textsIn(product, storeCode).name;
      case 'description':
        return textsIn(product, storeCode).description;
      case 'url_key':
        return textsIn(product, storeCode).urlKey;
      case 'type_id':
        return product.typeId;
      case 'status':
        return product.status;
      case 'visibility':
        return product.visibility;
      case 'price':
        return product.price;
      case 'special_price':
        return product.specialPrice;
      case 'weight':
        return product.weight;
      case 'attribute_set_id':
        return product.attributeSetId;
      case 'tax_class_id':
        return product.taxClassId;
      case 'ean':
        return product.ean;
      case 'created_at':
        return magentoTime(product.createdAt);
      case 'updated_at':
        return magentoTime(product.updatedAt);
      case 'category_id':
      case 'category_ids':
        return product.categoryIds;
      case 'website_id':
        return product.websiteIds;
      default: {
        const value = product.customAttributes[field];
        return Array.isArray(value) ? value : (value ?? null);
      }
    }
  };
}
