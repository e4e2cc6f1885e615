/**
 * Records held by the Magento sandbox store. They are Magento's domain objects in a neutral form
 * (camelCase, epoch-ms timestamps); the REST layer and the GraphQL layer each render them in their
 * own wire shape. Generated records come from the lazy catalog; records written through the API live
 * in the store's overlay maps.
 */

/** Magento store view (`store` table). Store id 0 is the admin store. */
export interface StoreView {
  id: number;
  code: string;
  name: string;
  websiteId: number;
  storeGroupId: number;
  isActive: boolean;
  /** Catalog language used for store-scoped texts, e.g. `en`, `de`. */
  language: string;
  locale: string;
  currency: string;
  timezone: string;
}

export interface Website {
  id: number;
  code: string;
  name: string;
  defaultGroupId: number;
}

export interface StoreGroup {
  id: number;
  code: string;
  name: string;
  websiteId: number;
  rootCategoryId: number;
  defaultStoreId: number;
}

export type ProductType = 'simple' | 'configurable' | 'bundle';
/** 1 enabled, 2 disabled (Magento's `Status` source model). */
export type ProductStatus = 1 | 2;
/** 1 not visible individually, 2 catalog, 3 search, 4 catalog + search. */
export type ProductVisibility = 1 | 2 | 3 | 4;

/** Texts that can differ per store view. */
export interface StoreScopedTexts {
  name?: string;
  description?: string;
  urlKey?: string;
  /** Store-view values of the other store-scoped text attributes (short_description, meta_*). */
  custom?: Record<string, string>;
}

export interface MediaEntry {
  id: number;
  file: string;
  label: string;
  position: number;
  disabled: boolean;
  types: string[];
  /**
   * Store-view values (`catalog_product_entity_media_gallery_value` rows of a store, and the store's
   * own image roles): an entry saved in a store view's scope keeps its label, position, disabled and
   * roles there; views without a row show the global values.
   */
  stores?: Record<string, MediaValues>;
}

export type MediaValues = Pick<MediaEntry, 'label' | 'position' | 'disabled' | 'types'>;

export interface ConfigurableOption {
  id: number;
  attributeId: number;
  attributeCode: string;
  label: string;
  position: number;
  /** Option ids (`value_index`) of the attribute used by the children. */
  values: number[];
}

/**
 * A bundle option (`catalog_product_bundle_option` with its title) and its selections. Ids are
 * global, as the tables' auto-increment keys are.
 */
export interface BundleOption {
  id: number;
  title?: string;
  required: boolean;
  /** `select`, `radio`, `checkbox` or `multi`; Magento stores whatever it is given. */
  type?: string;
  position: number;
  links: BundleSelection[];
}

/** A selection (`catalog_product_bundle_selection`): a component product of an option. */
export interface BundleSelection {
  id: number;
  sku: string;
  /** Default quantity (`selection_qty`, nullable). */
  qty?: number;
  position: number;
  isDefault: boolean;
  /** `selection_price_value`: used by fixed-price bundles. */
  price: number;
  /** `selection_price_type`: 0 fixed amount, 1 percent. */
  priceType: number;
  /** `selection_can_change_qty`. */
  canChangeQuantity: number;
}

/** A row of `catalog_product_entity_tier_price`: customer group 32000 = all groups. */
export interface TierPrice {
  customerGroupId: number;
  qty: number;
  value: number;
  websiteId: number;
}

export interface Product {
  id: number;
  sku: string;
  typeId: ProductType;
  attributeSetId: number;
  /** Global (admin-scope) values; `storeTexts` overrides them per store view code. */
  name: string;
  description: string;
  urlKey: string;
  storeTexts: Record<string, StoreScopedTexts>;
  price: number;
  specialPrice: number | null;
  status: ProductStatus;
  visibility: ProductVisibility;
  weight: number;
  taxClassId: number;
  /** EAN / GTIN, exposed as custom attribute `ean`. */
  ean: string | null;
  categoryIds: number[];
  websiteIds: number[];
  media: MediaEntry[];
  /** Further custom attributes (e.g. `color`, `size` as option ids, `manufacturer`). */
  customAttributes: Record<string, string | string[]>;
  /** Configurable parent: options and child SKUs. */
  configurable: { options: ConfigurableOption[]; childSkus: string[] } | null;
  /** Bundle product: its options and their selections (`bundle_product_options`), in save order. */
  bundleOptions?: BundleOption[];
  /** Related, up-sell and cross-sell products (`product_links`), in position order per type. */
  links?: ProductLink[];
  /** Tier and customer group prices (`tier_prices`); website 0 = all websites. */
  tierPrices?: TierPrice[];
  /** Website id → the price of that website (catalog price scope "Website"), where it has one of its own. */
  websitePrices?: Record<number, number>;
  createdAt: number;
  updatedAt: number;
}

/** A link to another product (`catalog_product_link`): Magento's related, up-sell and cross-sell types. */
export interface ProductLink { type: 'related' | 'upsell' | 'crosssell'; sku: string; position: number }

/** A product attribute set (`eav_attribute_set`, entity type 4). */
export interface AttributeSet { id: number; name: string; sortOrder: number }

/** A product attribute known to the sandbox (select attributes for configurable options, and the others custom attributes use). */
export interface ProductAttribute {
  attributeId: number;
  code: string;
  label: string;
  /** Magento's `frontend_input` (`select` when absent). */
  frontendInput?: string;
  /** `global` (when absent), `website` or `store`: only non-global values are kept per store view. */
  scope?: 'global' | 'website' | 'store';
  /** Created by the shop (`is_user_defined`; true when absent) rather than installed by Magento. */
  userDefined?: boolean;
  /** Labels per store view code, where they differ from `label`. */
  storeLabels?: Record<string, string>;
  options: { value: number; label: string; storeLabels?: Record<string, string> }[];
}

/** Category texts a store view can override (Magento's store-scoped category attributes). */
export interface CategoryTexts {
  urlKey: string;
  description: string;
  metaTitle: string;
  metaKeywords: string;
  metaDescription: string;
}

export interface Category {
  id: number;
  parentId: number;
  name: string;
  /** Names per store view code. */
  storeNames: Record<string, string>;
  /** Global (admin scope) values. */
  texts: CategoryTexts;
  /** Per store view code: the values it overrides. */
  storeTexts: Record<string, Partial<CategoryTexts>>;
  isActive: boolean;
  position: number;
  level: number;
  /** Slash-separated ids from the tree root, e.g. `1/2/7`. */
  path: string;
  includeInMenu: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface InventorySource {
  sourceCode: string;
  name: string;
  enabled: boolean;
  countryId: string;
  postcode: string;
}

export interface SourceItem {
  sku: string;
  sourceCode: string;
  quantity: number;
  /** 1 in stock, 0 out of stock. */
  status: 0 | 1;
}

export interface Address {
  firstname: string;
  lastname: string;
  company?: string;
  street: string[];
  city: string;
  postcode: string;
  countryId: string;
  region?: string;
  regionCode?: string;
  regionId?: number;
  telephone: string;
  email?: string;
}

export interface CustomerAddress extends Address {
  id: number;
  /** The VAT id Magento keeps per address (B2B). */
  vatId?: string | null;
  defaultBilling: boolean;
  defaultShipping: boolean;
}

export interface Customer {
  id: number;
  groupId: number;
  email: string;
  firstname: string;
  lastname: string;
  dob: string | null;
  gender: number;
  storeId: number;
  websiteId: number;
  addresses: CustomerAddress[];
  /** The customer's VAT id (`taxvat`). */
  taxvat?: string | null;
  /** Newsletter subscription (`extension_attributes.is_subscribed`, kept by Magento_Newsletter). */
  isSubscribed?: boolean;
  /** Values of custom customer attributes (`custom_attributes`), by attribute code. */
  customAttributes?: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface OrderItem {
  itemId: number;
  sku: string;
  name: string;
  productId: number;
  productType: ProductType;
  /** For a configurable line: the ordered child; Magento keeps both lines (parent + child). */
  parentItemId: number | null;
  /** Net unit price; `priceInclTax` is the gross one (equal when the line carries no tax). */
  price: number;
  priceInclTax: number;
  qtyOrdered: number;
  qtyInvoiced: number;
  qtyShipped: number;
  qtyCanceled: number;
  qtyRefunded: number;
  weight: number;
  taxPercent: number;
  /** Row discount (gross) and row tax as given by an order written through the repository (`POST /V1/orders`). */
  discountAmount?: number;
  taxAmount?: number;
  createdAt: number;
  updatedAt: number;
}

export interface StatusHistory {
  entityId: number;
  comment: string;
  /** Null where a release before AC-1342 stored a comment posted without a status. */
  status: string | null;
  isCustomerNotified: boolean;
  isVisibleOnFront: boolean;
  entityName: string;
  createdAt: number;
}

export interface Invoice {
  entityId: number;
  incrementId: string;
  orderId: number;
  items: { orderItemId: number; sku: string; qty: number }[];
  grandTotal: number;
  state: number;
  createdAt: number;
}

/** A credit memo (`POST /V1/order/{id}/refund`, offline). */
export interface Creditmemo {
  entityId: number;
  incrementId: string;
  orderId: number;
  items: { orderItemId: number; sku: string; qty: number; rowTotal: number }[];
  shippingAmount: number;
  adjustmentPositive: number;
  adjustmentNegative: number;
  grandTotal: number;
  comments: string[];
  createdAt: number;
}

export interface ShipmentTrack {
  entityId: number;
  trackNumber: string;
  title: string;
  carrierCode: string;
}

export interface Shipment {
  entityId: number;
  incrementId: string;
  orderId: number;
  items: { orderItemId: number; sku: string; qty: number }[];
  tracks: ShipmentTrack[];
  createdAt: number;
  /** The MSI source it was shipped from, when the ship call named one. */
  sourceCode?: string;
}

export type OrderState =
  | 'new'
  | 'pending_payment'
  | 'processing'
  | 'complete'
  | 'closed'
  | 'canceled'
  | 'holded'
  | 'payment_review';

export interface Order {
  entityId: number;
  incrementId: string;
  quoteId: number;
  storeId: number;
  state: OrderState;
  /** Null after a comment without a status on a release before AC-1342 (magento/magento2#34180). */
  status: string | null;
  customerId: number | null;
  customerIsGuest: boolean;
  customerEmail: string;
  customerFirstname: string;
  customerLastname: string;
  customerGroupId: number;
  /** The order currency: amounts of the order and its items are in it. */
  currency: string;
  /** The website's base currency and the order currency per unit of it, when the shopper paid in another. */
  baseCurrency?: string;
  baseToOrderRate?: number;
  items: OrderItem[];
  billingAddress: Address & { entityId: number };
  shippingAddress: Address & { entityId: number };
  shippingMethod: string;
  shippingDescription: string;
  /** Net shipping amount; `shippingTaxAmount` on top of it. */
  shippingAmount: number;
  shippingTaxAmount: number;
  paymentMethod: string;
  paymentTitle: string;
  subtotal: number;
  taxAmount: number;
  discountAmount: number;
  grandTotal: number;
  totalPaid: number;
  statusHistories: StatusHistory[];
  invoices: Invoice[];
  shipments: Shipment[];
  /** Orders written through the repository (`POST /V1/orders`): the integration's own order number. */
  extOrderId?: string;
  creditmemos?: Creditmemo[];
  totalRefunded?: number;
  /** Whether Magento sent the order confirmation e-mail (`POST /V1/orders/{id}/emails`). */
  emailSent?: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One line to order: a SKU (simple, or configurable child) and a quantity. */
export interface PlaceOrderLine {
  sku: string;
  qty: number;
  /** Set when the line was added as a configurable parent + selected child. */
  parentSku?: string;
}

export interface PlaceOrderInput {
  storeCode?: string;
  lines: PlaceOrderLine[];
  /** Guest when absent. */
  customerId?: number;
  email?: string;
  shippingAddress?: Address;
  billingAddress?: Address;
  shippingMethod?: { carrierCode: string; methodCode: string };
  paymentMethod?: string;
  /** The quote/cart the order came from (GraphQL checkout). */
  quoteId?: number;
  /** A display currency other than the base one: prices are converted at `rate` (order currency per base unit). */
  currency?: { code: string; rate: number };
}

/** Guest/customer cart used by the GraphQL checkout (D's resolvers edit it through the store). */
export interface Cart {
  id: number;
  /** Masked id handed to the client (`createGuestCart` / `createEmptyCart`). */
  maskedId: string;
  storeCode: string;
  customerId: number | null;
  email: string | null;
  items: { itemId: number; sku: string; parentSku?: string; qty: number }[];
  shippingAddress: Address | null;
  billingAddress: Address | null;
  shippingMethod: { carrierCode: string; methodCode: string } | null;
  paymentMethod: string | null;
  isActive: boolean;
  /** Set once the cart became an order. */
  orderIncrementId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What changed, for webhooks out. `entity` names the record; `kind` what happened to it. */
export type StoreChange =
  | { entity: 'product'; kind: 'saved' | 'deleted'; product: Product; storeCode: string }
  | { entity: 'category'; kind: 'saved' | 'deleted'; category: Category }
  | { entity: 'source_item'; kind: 'saved'; sourceItem: SourceItem }
  | { entity: 'customer'; kind: 'saved'; customer: Customer; isNew: boolean }
  | { entity: 'customer'; kind: 'deleted'; customer: Customer }
  | { entity: 'order'; kind: 'placed' | 'saved'; order: Order }
  | { entity: 'shipment'; kind: 'saved'; order: Order; shipment: Shipment }
  | { entity: 'invoice'; kind: 'saved'; order: Order; invoice: Invoice };
