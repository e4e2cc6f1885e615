import type { ChangeFeed } from './changes.js';
import { MagentoStoreError } from './errors.js';
import type { OrderRepository } from './orders.js';
import type { Address, Order, OrderItem, StoreView } from './types.js';

type Json = Record<string, unknown>;

export interface RepositoryOrderDeps {
  orders: OrderRepository;
  changes: ChangeFeed;
  now: () => number;
  storeById: (id: number) => StoreView | undefined;
}

/**
 * `POST /V1/orders` without an `entity_id`: the order repository's save writes a new order exactly as
 * given (magento/magento2#20440 shows integrations importing orders this way). Unlike checkout it
 * collects no totals (the amounts given are kept), checks no catalogue price or salable quantity, adds
 * no MSI reservation (InventorySales reserves in a plugin around `OrderManagementInterface::place`,
 * which a repository save never calls) and sends no confirmation e-mail. The increment id, when
 * absent, is the next value of the store's sequence (`EntityAbstract::_beforeSave`). What the
 * resource models do refuse is reproduced: no store, no items, an address missing a required field.
 */
export async function saveNewOrder(deps: RepositoryOrderDeps, entity: Json): Promise<Order> {
  const storeId = num(entity.store_id) ?? 1;
  const store = deps.storeById(storeId);
  if (!store || storeId === 0) throw new MagentoStoreError('The store that was requested wasn\'t found. Verify the store and try again.', [], 404);
  const rawItems = Array.isArray(entity.items) ? (entity.items as Json[]) : [];
  if (rawItems.length === 0) throw new MagentoStoreError('Please specify order items.');
  const email = str(entity.customer_email);
  if (!email) throw new MagentoStoreError('"%1" is required. Enter and try again.', ['customer_email']);
  const ext = entity.extension_attributes as Json | undefined;
  const assignment = (Array.isArray(ext?.shipping_assignments) ? (ext!.shipping_assignments as Json[]) : [])[0]?.shipping as Json | undefined;
  const billing = address(entity.billing_address as Json | undefined, 'billing', email);
  const shipping = assignment?.address ? address(assignment.address as Json, 'shipping', email) : billing;
  const payment = entity.payment as Json | undefined;
  const method = str(payment?.method);
  if (!method) throw new MagentoStoreError('The payment method you requested is not available.');

  const id = deps.orders.reserveId();
  const createdAt = deps.now();
  const items: OrderItem[] = rawItems.map((raw, n) => {
    const sku = str(raw.sku);
    const qty = num(raw.qty_ordered) ?? 0;
    if (!sku || !(qty > 0)) {
      deps.orders.releaseId(id);
      throw new MagentoStoreError('"%1" is required. Enter and try again.', [sku ? 'qty_ordered' : 'sku']);
    }
    const price = num(raw.price) ?? 0;
    return {
      itemId: id * 100 + n + 1,
      sku,
      name: str(raw.name) ?? sku,
      productId: num(raw.product_id) ?? 0,
      productType: 'simple',
      parentItemId: null,
      price,
      priceInclTax: num(raw.price_incl_tax) ?? price,
      qtyOrdered: qty,
      qtyInvoiced: 0,
      qtyShipped: 0,
      qtyCanceled: 0,
      qtyRefunded: 0,
      weight: num(raw.weight) ?? 0,
      taxPercent: num(raw.tax_percent) ?? 0,
      discountAmount: Math.abs(num(raw.discount_amount) ?? 0),
      taxAmount: num(raw.tax_amount) ?? 0,
      createdAt,
      updatedAt: createdAt,
    };
  });
  const shippingAmount = num(entity.shipping_amount) ?? 0;
  const shippingInclTax = num(entity.shipping_incl_tax) ?? shippingAmount;
  const rate = num(entity.base_to_order_rate);
  const currency = str(entity.order_currency_code) ?? store.currency;
  const statusHistories = (Array.isArray(entity.status_histories) ? (entity.status_histories as Json[]) : []).map((h, n) => ({
    entityId: id * 10 + n,
    comment: str(h.comment) ?? '',
    status: str(h.status) ?? 'pending',
    isCustomerNotified: Boolean(num(h.is_customer_notified)),
    isVisibleOnFront: Boolean(num(h.is_visible_on_front)),
    entityName: 'order',
    createdAt,
  }));
  const order: Order = {
    entityId: id,
    incrementId: str(entity.increment_id) ?? String(id).padStart(9, '0'),
    quoteId: 0,
    storeId,
    state: 'new',
    status: str(entity.status) ?? 'pending',
    customerId: num(entity.customer_id) ?? null,
    customerIsGuest: num(entity.customer_id) === undefined,
    customerEmail: email,
    customerFirstname: str(entity.customer_firstname) ?? billing.firstname,
    customerLastname: str(entity.customer_lastname) ?? billing.lastname,
    customerGroupId: num(entity.customer_group_id) ?? 0,
    currency,
    ...(currency !== store.currency ? { baseCurrency: store.currency, baseToOrderRate: rate && rate > 0 ? rate : 1 } : {}),
    items,
    billingAddress: { ...billing, entityId: id * 2 },
    shippingAddress: { ...shipping, entityId: id * 2 - 1 },
    shippingMethod: str(assignment?.method) ?? '',
    shippingDescription: str(entity.shipping_description) ?? '',
    shippingAmount,
    shippingTaxAmount: round(shippingInclTax - shippingAmount),
    paymentMethod: method,
    paymentTitle: method,
    subtotal: num(entity.subtotal) ?? 0,
    taxAmount: num(entity.tax_amount) ?? 0,
    discountAmount: Math.abs(num(entity.discount_amount) ?? 0),
    grandTotal: num(entity.grand_total) ?? 0,
    totalPaid: 0,
    statusHistories,
    invoices: [],
    shipments: [],
    extOrderId: str(entity.ext_order_id),
    emailSent: false,
    createdAt,
    updatedAt: createdAt,
  };
  deps.orders.insert(order);
  await deps.changes.publish({ entity: 'order', kind: 'saved', order });
  return order;
}

/** `Magento\Sales\Model\Order\Address\Validator`: the fields an order address must have. */
const REQUIRED_ADDRESS: [keyof Address | 'street', string][] = [
  ['postcode', 'Zip code'], ['lastname', 'Last name'], ['street', 'Street'], ['city', 'City'],
  ['countryId', 'Country'], ['firstname', 'First Name'],
];

function address(raw: Json | undefined, type: string, email: string): Address & { email: string } {
  const street = Array.isArray(raw?.street) ? (raw!.street as unknown[]).map(String).filter((s) => s.trim() !== '') : [];
  const a: Address & { email: string } = {
    firstname: str(raw?.firstname) ?? '',
    lastname: str(raw?.lastname) ?? '',
    ...(str(raw?.company) ? { company: str(raw?.company) } : {}),
    street,
    city: str(raw?.city) ?? '',
    postcode: str(raw?.postcode) ?? '',
    countryId: str(raw?.country_id) ?? '',
    telephone: str(raw?.telephone) ?? '',
    email: str(raw?.email) ?? email,
  };
  const missing = REQUIRED_ADDRESS.filter(([field]) => (field === 'street' ? street.length === 0 : !String(a[field as keyof Address] ?? '').trim()));
  if (missing.length > 0) {
    throw new MagentoStoreError(`We can't save the address:\n${missing.map(([, label]) => `"${label}" is required. Enter and try again.`).join('\n')}`);
  }
  if (!/^[A-Z]{2}$/.test(a.countryId)) throw new MagentoStoreError('Invalid value of "%1" provided for the %2 field.', [a.countryId, `${type} country_id`]);
  return a;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
