/**
 * Record shapes produced by the catalog generator. They are system-neutral: the PlentyONE and Magento
 * sandboxes render them into their own API shapes. Timestamps are epoch milliseconds (UTC).
 * Ids named `...Id` are the PlentyONE-side ids (derived from the index, see ids.ts); Magento-side
 * entity ids are chosen by the Magento sandbox.
 */

export type Language = 'de' | 'en' | 'fr';
export type Translated = Readonly<Record<Language, string>>;

export interface CatalogOptions {
  /** Any integer or string; the same seed always gives the same catalog. */
  readonly seed: number | string;
  /** Number of variations (sellable SKUs), 1..10,000,000 (10..1,000,000 is the supported range). */
  readonly variations: number;
  /** Number of customers; default clamp(ceil(variations / 10), 10, 100,000). */
  readonly customers?: number;
  /** Number of Magento-side orders; default clamp(ceil(variations / 20), 10, 50,000). */
  readonly orders?: number;
}

export interface StoreView {
  /** Magento store code, used in `/rest/<code>/V1` and in the GraphQL `Store` header. */
  readonly code: string;
  /** Magento store_id. */
  readonly id: number;
  readonly name: string;
  readonly websiteId: number;
  readonly language: Language;
  readonly locale: string;
}

export type AttributeCode = 'color' | 'size';

export interface AttributeValueDef {
  /** Stable code (also the Magento option label in admin scope). */
  readonly code: string;
  /** PlentyONE attribute value id; also usable as Magento option id. */
  readonly valueId: number;
  readonly position: number;
  readonly labels: Translated;
}

export interface AttributeDef {
  readonly code: AttributeCode;
  /** PlentyONE attribute id. */
  readonly attributeId: number;
  readonly labels: Translated;
  readonly values: readonly AttributeValueDef[];
}

export interface VariationAttributeValue {
  readonly attribute: AttributeCode;
  readonly attributeId: number;
  readonly valueId: number;
  readonly code: string;
  readonly labels: Translated;
}

export interface ItemTexts {
  readonly name: string;
  readonly shortDescription: string;
  /** HTML. */
  readonly description: string;
  /** URL key / PlentyONE urlPath, ASCII. */
  readonly urlKey: string;
  readonly metaTitle: string;
}

export type ItemType = 'simple' | 'configurable';

export interface Item {
  readonly index: number;
  /** PlentyONE item id. */
  readonly itemId: number;
  readonly type: ItemType;
  /** Magento product SKU of the item: the variation SKU for simple items, `PGC-…` for configurables. */
  readonly sku: string;
  readonly firstVariationIndex: number;
  /** 1 for simple items, 2..6 for configurables (the children are consecutive variations). */
  readonly variationCount: number;
  /** Attributes the children differ by (empty for simple items). */
  readonly configurableAttributes: readonly AttributeCode[];
  readonly texts: Readonly<Record<Language, ItemTexts>>;
  /** Category indexes (leaf categories); the first is the main category. */
  readonly categoryIndexes: readonly number[];
  readonly manufacturer: string;
  /** VAT rate in percent (19 standard, 7 reduced). */
  readonly taxPercent: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Variation {
  readonly index: number;
  /** PlentyONE variation id. */
  readonly variationId: number;
  /** SKU = PlentyONE variation number = Magento simple product SKU. */
  readonly sku: string;
  readonly itemIndex: number;
  readonly itemId: number;
  readonly itemType: ItemType;
  /** SKU of the Magento configurable parent, or null for simple items. */
  readonly parentSku: string | null;
  /** The first variation of an item is its main variation. */
  readonly isMain: boolean;
  /** 0-based position within the item. */
  readonly position: number;
  /** Empty for simple items. */
  readonly attributes: readonly VariationAttributeValue[];
  /** Item name plus attribute labels ("Nordwind Jacke aus Wolle - Rot / M"). */
  readonly names: Translated;
  /** EAN-13, or null (a few variations have no barcode, as in real catalogs). */
  readonly ean: string | null;
  readonly weightGrams: number;
  /** Gross sales price in EUR. */
  readonly price: number;
  /** Gross special price in EUR, or null. */
  readonly specialPrice: number | null;
  /** Net purchase price in EUR. */
  readonly purchasePrice: number;
  readonly taxPercent: number;
  /** Inactive variations are disabled products on the Magento side. */
  readonly active: boolean;
  readonly categoryIndexes: readonly number[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Depth in the generated tree: 1 top level … 4 leaves. */
export type CategoryLevel = 1 | 2 | 3 | 4;

export interface Category {
  readonly index: number;
  /** PlentyONE category id. */
  readonly categoryId: number;
  /** 1 (top) .. 4 (leaf). */
  readonly level: CategoryLevel;
  readonly parentIndex: number | null;
  readonly parentCategoryId: number | null;
  /** Position among its siblings, starting at 1. */
  readonly position: number;
  readonly names: Translated;
  /** ASCII URL keys per language. */
  readonly urlKeys: Translated;
  readonly childIndexes: readonly number[];
  readonly updatedAt: number;
}

/** PlentyONE warehouse; typeId 0 = sales (sellable stock), 1 repair, 4 storage, 5 transit, 6 distribution, 7 other. */
export interface Warehouse {
  readonly warehouseId: number;
  readonly name: string;
  readonly typeId: 0 | 1 | 4 | 5 | 6 | 7;
  readonly countryCode: string;
  readonly city: string;
  readonly priority: number;
}

export interface MsiSource {
  readonly sourceCode: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly countryCode: string;
  readonly postcode: string;
  /** The sales warehouse this source mirrors, or null (Magento's `default` source). */
  readonly warehouseId: number | null;
}

export interface StockRecord {
  readonly variationIndex: number;
  readonly variationId: number;
  readonly itemId: number;
  readonly warehouseId: number;
  readonly stockPhysical: number;
  readonly reservedStock: number;
  /** stockPhysical - reservedStock. */
  readonly stockNet: number;
  readonly reorderDelta: number;
  readonly warehousePriority: number;
  readonly updatedAt: number;
}

export interface SourceItem {
  readonly variationIndex: number;
  readonly sku: string;
  readonly sourceCode: string;
  readonly quantity: number;
  /** 1 in stock, 0 out of stock. */
  readonly status: 0 | 1;
}

export interface Address {
  readonly firstname: string;
  readonly lastname: string;
  readonly company: string | null;
  readonly street: readonly string[];
  readonly postcode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
  readonly telephone: string;
}

export interface Customer {
  readonly index: number;
  readonly email: string;
  readonly firstname: string;
  readonly lastname: string;
  /** Magento gender: 0 not specified, 1 male, 2 female. */
  readonly gender: 0 | 1 | 2;
  /** YYYY-MM-DD or null. */
  readonly dob: string | null;
  readonly groupId: number;
  readonly storeCode: string;
  readonly websiteId: number;
  readonly addresses: readonly Address[];
  /** Index into addresses. */
  readonly defaultBilling: number;
  readonly defaultShipping: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type OrderState = 'new' | 'processing' | 'complete' | 'canceled' | 'holded';

export interface OrderLine {
  readonly variationIndex: number;
  readonly sku: string;
  /** Configurable parent SKU when the ordered variation is a configurable child. */
  readonly parentSku: string | null;
  readonly name: string;
  readonly qty: number;
  readonly priceInclTax: number;
  readonly price: number;
  readonly taxPercent: number;
  readonly taxAmount: number;
  readonly rowTotal: number;
  readonly rowTotalInclTax: number;
  readonly weightGrams: number;
}

export interface Order {
  readonly index: number;
  /** Magento increment id, e.g. "000000043" for index 42. */
  readonly incrementId: string;
  /** Customer index, or null for guest orders. */
  readonly customerIndex: number | null;
  readonly email: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly storeCode: string;
  readonly currency: 'EUR';
  readonly state: OrderState;
  readonly status: string;
  readonly billingAddress: Address;
  readonly shippingAddress: Address;
  readonly lines: readonly OrderLine[];
  readonly shippingMethod: string;
  readonly shippingDescription: string;
  readonly shippingInclTax: number;
  readonly shippingTaxAmount: number;
  readonly paymentMethod: string;
  readonly subtotal: number;
  readonly subtotalInclTax: number;
  readonly taxAmount: number;
  readonly grandTotal: number;
  readonly totalQty: number;
  readonly weightGrams: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}
