import type {
  Catalog,
  Category as GeneratedCategory,
  Customer as GeneratedCustomer,
  Item,
  Language,
  Order as GeneratedOrder,
  Variation,
} from '../../generator/index.js';
import { incrementIdOf, parseConfigurableSku } from '../../generator/index.js';
import type { CatalogFeed } from './catalog-feed.js';
import type {
  Address,
  Category,
  ConfigurableOption,
  Customer,
  Order,
  OrderItem,
  Product,
  ProductAttribute,
} from './types.js';

/** Magento attribute ids of the generated select attributes (those of Magento's sample data). */
const MAGENTO_ATTRIBUTE_IDS: Record<string, number> = { color: 93, size: 160 };
/** Category ids 1 (tree root) and 2 (default root) are Magento's; generated categories follow. */
const CATEGORY_ID_BASE = 3;

/**
 * Adapts the generator's lazy catalog to the Magento store. Product entity ids: variation i is
 * product `i + 1` (a simple product; configurable children included), the configurable parents follow
 * as `variationCount + 1 + j` for the j-th configurable item. The only table kept is the list of
 * configurable item indexes (4 bytes per configurable), so any product is computed in O(1)/O(log n).
 */
export function feedFromCatalog(catalog: Catalog): CatalogFeed {
  const V = catalog.variationCount;
  const configurables = configurableItems(catalog);
  const views = catalog.storeViews.map((v) => ({ code: v.code, name: v.name, language: v.language, locale: v.locale }));
  const globalLanguage = (views[0]?.language ?? 'en') as Language;
  const otherViews = views.slice(1);
  const categoryId = (index: number) => CATEGORY_ID_BASE + index;

  const attributes: ProductAttribute[] = catalog.attributes.map((a) => ({
    attributeId: MAGENTO_ATTRIBUTE_IDS[a.code] ?? a.attributeId,
    code: a.code,
    label: a.labels[globalLanguage],
    storeLabels: Object.fromEntries(otherViews.map((v) => [v.code, a.labels[v.language as Language]])),
    options: a.values.map((value) => ({
      value: value.valueId,
      label: value.labels[globalLanguage],
      storeLabels: Object.fromEntries(otherViews.map((v) => [v.code, value.labels[v.language as Language]])),
    })),
  }));

  const simpleProduct = (v: Variation, item: Item): Product => {
    const isChild = v.parentSku !== null;
    const texts = item.texts[globalLanguage];
    const custom: Record<string, string | string[]> = { manufacturer: item.manufacturer };
    for (const a of v.attributes) custom[a.attribute] = String(a.valueId);
    return {
      id: v.index + 1,
      sku: v.sku,
      typeId: 'simple',
      attributeSetId: isChild ? 10 : 4,
      name: v.names[globalLanguage],
      description: texts.description,
      urlKey: isChild ? `${texts.urlKey}-${v.sku.toLowerCase()}` : texts.urlKey,
      storeTexts: Object.fromEntries(
        otherViews.map((view) => {
          const lang = view.language as Language;
          const t = item.texts[lang];
          return [view.code, { name: v.names[lang], description: t.description, urlKey: isChild ? `${t.urlKey}-${v.sku.toLowerCase()}` : t.urlKey }];
        }),
      ),
      price: v.price,
      specialPrice: v.specialPrice,
      status: v.active ? 1 : 2,
      visibility: isChild ? 1 : 4,
      weight: v.weightGrams / 1000,
      taxClassId: v.taxPercent === 7 ? 5 : 2,
      ean: v.ean,
      categoryIds: v.categoryIndexes.map(categoryId),
      websiteIds: [1],
      media: [image(v.index + 1, v.sku)],
      customAttributes: custom,
      configurable: null,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    };
  };

  const parentProduct = (item: Item, j: number): Product => {
    const children = [...catalog.variations(item.firstVariationIndex, item.firstVariationIndex + item.variationCount)];
    const id = V + 1 + j;
    const options: ConfigurableOption[] = item.configurableAttributes.map((code, position) => ({
      id: id * 10 + position + 1,
      attributeId: MAGENTO_ATTRIBUTE_IDS[code] ?? 0,
      attributeCode: code,
      label: attributes.find((a) => a.code === code)?.label ?? code,
      position,
      values: [...new Set(children.flatMap((c) => c.attributes.filter((a) => a.attribute === code).map((a) => a.valueId)))],
    }));
    const texts = item.texts[globalLanguage];
    return {
      id,
      sku: item.sku,
      typeId: 'configurable',
      attributeSetId: 10,
      name: texts.name,
      description: texts.description,
      urlKey: texts.urlKey,
      storeTexts: Object.fromEntries(
        otherViews.map((view) => {
          const t = item.texts[view.language as Language];
          return [view.code, { name: t.name, description: t.description, urlKey: t.urlKey }];
        }),
      ),
      price: 0,
      specialPrice: null,
      status: 1,
      visibility: 4,
      weight: 0,
      taxClassId: item.taxPercent === 7 ? 5 : 2,
      ean: null,
      categoryIds: item.categoryIndexes.map(categoryId),
      websiteIds: [1],
      media: [image(id, item.sku)],
      customAttributes: { manufacturer: item.manufacturer },
      configurable: { options, childSkus: children.map((c) => c.sku) },
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    };
  };

  const productAt = (position: number): Product | undefined => {
    if (position < 0) return undefined;
    if (position < V) {
      const v = catalog.variation(position);
      return simpleProduct(v, catalog.item(v.itemIndex));
    }
    const j = position - V;
    if (j >= configurables.length) return undefined;
    return parentProduct(catalog.item(configurables[j]!), j);
  };

  const positionOfSku = (sku: string): number | undefined => {
    const v = catalog.variationIndexBySku(sku);
    if (v !== undefined) return v;
    // Configurable parents: the table of configurable items answers without generating the item.
    const itemIndex = parseConfigurableSku(sku);
    if (itemIndex === undefined) return undefined;
    const j = binarySearch(configurables, itemIndex);
    return j === undefined ? undefined : V + j;
  };

  const category = (c: GeneratedCategory): Category => ({
    id: categoryId(c.index),
    parentId: c.parentIndex === null ? 2 : categoryId(c.parentIndex),
    name: c.names[globalLanguage],
    storeNames: Object.fromEntries(otherViews.map((v) => [v.code, c.names[v.language as Language]])),
    texts: { urlKey: c.urlKeys[globalLanguage], description: '', metaTitle: '', metaKeywords: '', metaDescription: '' },
    storeTexts: Object.fromEntries(otherViews.map((v) => [v.code, { urlKey: c.urlKeys[v.language as Language] }])),
    isActive: true,
    position: c.position,
    level: c.level + 1,
    path: ['1', '2', ...catalog.categoryPath(c.index).map((i) => String(categoryId(i)))].join('/'),
    includeInMenu: true,
    createdAt: c.updatedAt,
    updatedAt: c.updatedAt,
  });

  const storeIdOf = (code: string) => Math.max(1, views.findIndex((v) => v.code === code) + 1);
  const productIdOf = (sku: string) => (positionOfSku(sku) ?? -1) + 1;

  return {
    storeViews: views,
    epochMs: catalog.epoch,
    productCount: V + configurables.length,
    productAt,
    positionOfSku,
    parentSkuOf: (sku) => {
      const v = catalog.variationIndexBySku(sku);
      return v === undefined ? undefined : (catalog.variation(v).parentSku ?? undefined);
    },
    attributes,
    categories: [...catalog.categories()].map(category),
    sources: catalog.sources.map((s) => ({ sourceCode: s.sourceCode, name: s.name, enabled: s.enabled, countryId: s.countryCode, postcode: s.postcode })),
    sourceItemsOf: (sku) => {
      const v = catalog.variationIndexBySku(sku);
      if (v === undefined) return [];
      return catalog.sources.map((s) => {
        const item = catalog.sourceItem(v, s.sourceCode);
        return { sku, sourceCode: s.sourceCode, quantity: item.quantity, status: item.status };
      });
    },
    customerCount: catalog.customerCount,
    customerAt: (position) => (position < catalog.customerCount ? customer(catalog.customer(position), storeIdOf) : undefined),
    customerPositionOfEmail: (email) => catalog.customerIndexByEmail(email.toLowerCase()),
    orderCount: catalog.orderCount,
    orderAt: (position) => (position < catalog.orderCount ? order(catalog.order(position), storeIdOf, productIdOf) : undefined),
  };
}

function image(id: number, sku: string): Product['media'][number] {
  const file = sku.toLowerCase();
  return { id, file: `/${file[0]}/${file[1]}/${file}.jpg`, label: '', position: 1, disabled: false, types: ['image', 'small_image', 'thumbnail'] };
}

/** Item indexes of configurable items, ascending: one pass over the variations' item layout. */
function configurableItems(catalog: Catalog): Uint32Array {
  const found: number[] = [];
  let previous = -1;
  let run = 0;
  for (let v = 0; v < catalog.variationCount; v++) {
    const itemIndex = catalog.itemIndexOfVariation(v);
    if (itemIndex === previous) {
      run++;
      if (run === 2) found.push(itemIndex);
    } else {
      previous = itemIndex;
      run = 1;
    }
  }
  return Uint32Array.from(found);
}

function binarySearch(sorted: Uint32Array, value: number): number | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function address(a: GeneratedCustomer['addresses'][number]): Address {
  return {
    firstname: a.firstname,
    lastname: a.lastname,
    company: a.company ?? undefined,
    street: [...a.street],
    city: a.city,
    postcode: a.postcode,
    countryId: a.countryCode,
    telephone: a.telephone,
  };
}

function customer(c: GeneratedCustomer, storeIdOf: (code: string) => number): Customer {
  const id = c.index + 1;
  return {
    id,
    groupId: c.groupId,
    email: c.email,
    firstname: c.firstname,
    lastname: c.lastname,
    dob: c.dob,
    gender: c.gender,
    storeId: storeIdOf(c.storeCode),
    websiteId: c.websiteId,
    addresses: c.addresses.map((a, n) => ({
      ...address(a),
      id: id * 2 - 1 + n,
      defaultBilling: n === c.defaultBilling,
      defaultShipping: n === c.defaultShipping,
    })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

function order(o: GeneratedOrder, storeIdOf: (code: string) => number, productIdOf: (sku: string) => number): Order {
  const id = o.index + 1;
  const done = (kind: 'invoiced' | 'shipped') =>
    o.state === 'complete' || (kind === 'invoiced' && o.state === 'processing');
  const items: OrderItem[] = [];
  for (const line of o.lines) {
    const base = {
      qtyOrdered: line.qty,
      qtyInvoiced: done('invoiced') ? line.qty : 0,
      qtyShipped: done('shipped') ? line.qty : 0,
      qtyCanceled: o.state === 'canceled' ? line.qty : 0,
      qtyRefunded: 0,
      weight: line.weightGrams / line.qty / 1000,
      taxPercent: line.taxPercent,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
    };
    const itemId = id * 100 + items.length + 1;
    if (line.parentSku) {
      items.push(
        { ...base, itemId, sku: line.sku, name: line.name.split(' - ')[0] ?? line.name, productId: productIdOf(line.parentSku), productType: 'configurable', parentItemId: null, price: line.price, priceInclTax: line.priceInclTax },
        { ...base, itemId: itemId + 1, sku: line.sku, name: line.name, productId: productIdOf(line.sku), productType: 'simple', parentItemId: itemId, price: 0, priceInclTax: 0 },
      );
    } else {
      items.push({ ...base, itemId, sku: line.sku, name: line.name, productId: productIdOf(line.sku), productType: 'simple', parentItemId: null, price: line.price, priceInclTax: line.priceInclTax });
    }
  }
  const lines = items.filter((i) => i.parentItemId === null);
  const docItems = lines.map((i) => ({ orderItemId: i.itemId, sku: i.sku, qty: i.qtyOrdered }));
  const shippingTax = o.shippingTaxAmount;
  return {
    entityId: id,
    incrementId: incrementIdOf(o.index),
    quoteId: id,
    storeId: storeIdOf(o.storeCode),
    state: o.state,
    status: o.status,
    customerId: o.customerIndex === null ? null : o.customerIndex + 1,
    customerIsGuest: o.customerIndex === null,
    customerEmail: o.email,
    customerFirstname: o.firstname,
    customerLastname: o.lastname,
    customerGroupId: o.customerIndex === null ? 0 : 1,
    currency: o.currency,
    items,
    billingAddress: { ...address(o.billingAddress), email: o.email, entityId: id * 2 },
    shippingAddress: { ...address(o.shippingAddress), email: o.email, entityId: id * 2 - 1 },
    shippingMethod: o.shippingMethod,
    shippingDescription: o.shippingDescription,
    shippingAmount: Math.round((o.shippingInclTax - shippingTax) * 100) / 100,
    shippingTaxAmount: shippingTax,
    paymentMethod: o.paymentMethod,
    paymentTitle: PAYMENT_TITLES[o.paymentMethod] ?? o.paymentMethod,
    subtotal: o.subtotal,
    taxAmount: o.taxAmount,
    discountAmount: 0,
    grandTotal: o.grandTotal,
    totalPaid: done('invoiced') ? o.grandTotal : 0,
    statusHistories: [],
    invoices: done('invoiced') ? [{ entityId: id, incrementId: incrementIdOf(o.index), orderId: id, items: docItems, grandTotal: o.grandTotal, state: 2, createdAt: o.updatedAt }] : [],
    shipments: done('shipped')
      ? [{ entityId: id, incrementId: incrementIdOf(o.index), orderId: id, items: docItems, tracks: [{ entityId: id, trackNumber: `00340434${String(id).padStart(10, '0')}`, title: 'DHL', carrierCode: 'dhl' }], createdAt: o.updatedAt }]
      : [],
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

const PAYMENT_TITLES: Record<string, string> = {
  checkmo: 'Check / Money order',
  banktransfer: 'Bank Transfer Payment',
  cashondelivery: 'Cash On Delivery',
  paypal_express: 'PayPal Express Checkout',
};
