import { addressSchema, type Address, type Order } from '../../../connectors/plenty/index.js';
import { isoOfPlentyCountry } from '../plenty_order_export/countries.js';
import { shippingProfileOf } from './carrier.js';
import type { OrderImportConfig } from './config.js';
import { withMappedFields } from './mapping-fields.js';
import { variationNumber } from './shipment-plan.js';

/** Order property types of a PlentyONE order (FACTS: 3 method of payment, 7 external order id). */
const PAYMENT_METHOD_PROPERTY = 3;
const EXTERNAL_ORDER_ID_PROPERTY = 7;
/** Order item types: 1 variation, 2 item bundle, 3 bundle component, 4 promotional coupon, 5 gift card, 6 shipping costs. */
const PRODUCT_ITEMS = new Set([1, 2]);
const BUNDLE_COMPONENT = 3;
const DISCOUNT_ITEMS = new Set([4, 5]);
const SHIPPING_COSTS = 6;
const ADDRESS_BILLING = 1;
const ADDRESS_DELIVERY = 2;
const ADDRESS_EMAIL_OPTION = 5;
const ADDRESS_PHONE_OPTION = 4;

/** The key a Magento order carries in `ext_order_id`: how a retry finds the order it may have written. */
export const extOrderIdOf = (plentyOrderId: number | string): string => `plenty:${plentyOrderId}`;

/** What the draft needs from Magento and the link table. */
export interface DraftContext {
  /** Store view code → id. */
  storeIds: ReadonlyMap<string, number>;
  /** SKU → Magento product id (absent: Magento does not know the SKU). */
  productIds: ReadonlyMap<string, number>;
  /** The Magento customer linked to the buyer's contact and its customer group, when `customer` is `linked`. */
  customer: { id: number; groupId: number } | undefined;
  referrerName: string;
  /** What the first order comment says besides the import (e.g. that the order is still unpaid). */
  notes?: string[];
  /** What the profile's mapping wrote (mapping-fields.ts), laid over the order. */
  mapped?: Record<string, unknown>;
}

export type MarketplaceDraft =
  | { kind: 'order'; entity: Record<string, unknown>; grandTotal: number; currency: string; notes: string[] }
  /** Cannot be created as it is: `wait` is retried on later runs (it may be completed in PlentyONE), `fail` needs the merchant. */
  | { kind: 'problem'; reason: string; wait: boolean };

interface Line {
  sku: string;
  name: string;
  productId: number | undefined;
  qty: number;
  /** Cents, gross. */
  unitOriginal: number;
  rowOriginal: number;
  rowPaid: number;
  vatRate: number;
}

/** SKUs of the product lines of an order (for one Magento lookup per batch). */
export function skusOf(order: Order): string[] {
  return (order.orderItems ?? []).filter((i) => PRODUCT_ITEMS.has(i.typeId)).map(skuOf).filter((s): s is string => s !== undefined);
}

const skuOf = (item: NonNullable<Order['orderItems']>[number]): string | undefined => variationNumber((item as { variation?: unknown }).variation);

/** The amount of an order item in the order currency (the one not in the system currency, when there are two). */
function amountOf(item: NonNullable<Order['orderItems']>[number]): Record<string, unknown> | undefined {
  const amounts = (item.amounts ?? []) as Record<string, unknown>[];
  return amounts.find((a) => a.isSystemCurrency === false) ?? amounts[0];
}

const cents = (v: unknown): number => Math.round(Number(v ?? 0) * 100);
const money = (c: number): number => c / 100;

/**
 * The Magento order entity (`POST /V1/orders`) for a PlentyONE order: PlentyONE's own lines, prices,
 * discounts, shipping costs and totals in the order's currency, computed in cents so the Magento grand
 * total is the sum of PlentyONE's line totals to the cent.
 */
export function draftMarketplaceOrder(order: Order, config: OrderImportConfig, ctx: DraftContext): MarketplaceDraft {
  const mp = config.marketplace;
  const storeView = mp.storeMap[String(order.plentyId ?? '')];
  const storeId = storeView === undefined ? undefined : ctx.storeIds.get(storeView);
  if (storeId === undefined) {
    return { kind: 'problem', wait: false, reason: storeView === undefined
      ? `PlentyONE client ${order.plentyId ?? '(none)'} is not in marketplace.storeMap; map it to a Magento store view.`
      : `Magento has no store view "${storeView}" (marketplace.storeMap of client ${order.plentyId}).` };
  }
  const addresses = addressesOf(order);
  const billing = addresses.get(ADDRESS_BILLING) ?? addresses.get(ADDRESS_DELIVERY);
  const delivery = addresses.get(ADDRESS_DELIVERY) ?? billing;
  const billingAddress = billing && magentoAddress(billing, 'billing');
  const shippingAddress = delivery && magentoAddress(delivery, 'shipping');
  if (!billingAddress || !shippingAddress || typeof billingAddress === 'string' || typeof shippingAddress === 'string') {
    const why = typeof billingAddress === 'string' ? billingAddress : typeof shippingAddress === 'string' ? shippingAddress : 'it has no billing or delivery address';
    return { kind: 'problem', wait: true, reason: `PlentyONE order ${order.id} is incomplete: ${why}; it is tried again on the next runs.` };
  }
  const email = optionOf(billing!, ADDRESS_EMAIL_OPTION) ?? optionOf(delivery!, ADDRESS_EMAIL_OPTION);
  if (!email) return { kind: 'problem', wait: true, reason: `PlentyONE order ${order.id} is incomplete: its addresses carry no e-mail address; it is tried again on the next runs.` };

  const mopId = order.properties?.find((p) => p.typeId === PAYMENT_METHOD_PROPERTY)?.value?.trim();
  const payment = (mopId ? mp.paymentMap[mopId] : undefined) ?? mp.fallbackPaymentMethod;
  if (!payment) {
    return { kind: 'problem', wait: false, reason: `PlentyONE method of payment ${mopId ?? '(none)'} of order ${order.id} is not in marketplace.paymentMap and no fallbackPaymentMethod is set.` };
  }
  const profile = shippingProfileOf(order);
  const shippingMethod = (profile ? mp.shippingMap[profile] : undefined) ?? mp.fallbackShippingMethod;
  if (!shippingMethod) {
    return { kind: 'problem', wait: false, reason: `PlentyONE shipping profile ${profile ?? '(none)'} of order ${order.id} is not in marketplace.shippingMap and no fallbackShippingMethod is set.` };
  }

  const lines: Line[] = [];
  const notes: string[] = [...(ctx.notes ?? [])];
  let shipping = 0;
  let shippingTax = 0;
  let extraDiscount = 0;
  let currency: string | undefined;
  let rate = 1;
  for (const item of order.orderItems ?? []) {
    if (item.typeId === BUNDLE_COMPONENT) continue; // priced on its bundle line
    const amount = amountOf(item);
    if (!amount) continue;
    currency ??= String(amount.currency ?? '');
    if (amount.isSystemCurrency === false && Number(amount.exchangeRate) > 0) rate = Number(amount.exchangeRate);
    const qty = Number(item.quantity);
    const paid = Math.round(cents(amount.priceGross ?? amount.priceOriginalGross) * qty);
    const vatRate = Number((item as Record<string, unknown>).vatRate ?? 0);
    if (item.typeId === SHIPPING_COSTS) {
      shipping += paid;
      shippingTax += paid - Math.round(paid / (1 + vatRate / 100));
      continue;
    }
    if (DISCOUNT_ITEMS.has(item.typeId)) {
      extraDiscount += -paid; // coupons and gift cards are negative lines
      continue;
    }
    const sku = PRODUCT_ITEMS.has(item.typeId) ? skuOf(item) : undefined;
    const productId = sku === undefined ? undefined : ctx.productIds.get(sku);
    const name = item.orderItemName ?? sku ?? `Order item ${item.id ?? ''}`;
    if (PRODUCT_ITEMS.has(item.typeId) && productId === undefined) {
      const what = sku === undefined ? `line "${name}" has no variation number` : `Magento has no product with SKU ${sku}`;
      if (mp.missingProduct === 'fail') {
        return { kind: 'problem', wait: false, reason: `PlentyONE order ${order.id}: ${what}; import the product or set marketplace.missingProduct to placeholder or skip_line.` };
      }
      if (mp.missingProduct === 'skip_line') {
        notes.push(`${what}: line of ${money(paid)} left out`);
        continue;
      }
      notes.push(`${what}: placeholder line`);
    }
    const unitOriginal = cents(amount.priceOriginalGross ?? amount.priceGross);
    lines.push({ sku: sku ?? `plenty-item-${item.id}`, name, productId, qty, unitOriginal, rowOriginal: Math.round(unitOriginal * qty), rowPaid: paid, vatRate });
  }
  const kept = lines.filter((l) => l.qty > 0);
  if (kept.length === 0) return { kind: 'problem', wait: false, reason: `PlentyONE order ${order.id} has no product line to import.` };

  const items = kept.map((l) => {
    const tax = l.rowPaid - Math.round(l.rowPaid / (1 + l.vatRate / 100));
    const rowNet = l.rowOriginal - Math.round(l.rowOriginal - l.rowOriginal / (1 + l.vatRate / 100));
    return {
      sku: l.sku,
      name: l.name,
      ...(l.productId === undefined ? {} : { product_id: l.productId }),
      product_type: 'simple',
      qty_ordered: l.qty,
      original_price: money(l.unitOriginal),
      price: money(Math.round(rowNet / l.qty)),
      price_incl_tax: money(l.unitOriginal),
      row_total: money(rowNet),
      row_total_incl_tax: money(l.rowOriginal),
      discount_amount: money(l.rowOriginal - l.rowPaid),
      tax_amount: money(tax),
      tax_percent: l.vatRate,
    };
  });
  const subtotalInclTax = kept.reduce((s, l) => s + l.rowOriginal, 0);
  const subtotal = items.reduce((s, i) => s + cents(i.row_total), 0);
  const lineDiscount = kept.reduce((s, l) => s + (l.rowOriginal - l.rowPaid), 0);
  const discount = lineDiscount + extraDiscount;
  const tax = items.reduce((s, i) => s + cents(i.tax_amount), 0) + shippingTax;
  const grandTotal = subtotalInclTax - discount + shipping;
  const base = (c: number) => money(rate === 1 ? c : Math.round(c / rate));
  const external = order.properties?.find((p) => p.typeId === EXTERNAL_ORDER_ID_PROPERTY)?.value;
  const customer = config.marketplace.customer === 'linked' ? ctx.customer : undefined;
  const entity: Record<string, unknown> = {
    store_id: storeId,
    ext_order_id: extOrderIdOf(order.id),
    state: 'new',
    status: 'pending',
    customer_email: email,
    customer_firstname: billingAddress.firstname,
    customer_lastname: billingAddress.lastname,
    // The customer's group, as Magento gives an order its customer places (price rules and reports go by it).
    ...(customer === undefined ? { customer_is_guest: 1, customer_group_id: 0 } : { customer_id: customer.id, customer_is_guest: 0, customer_group_id: customer.groupId }),
    order_currency_code: currency || undefined,
    base_to_order_rate: rate,
    subtotal: money(subtotal),
    base_subtotal: base(subtotal),
    subtotal_incl_tax: money(subtotalInclTax),
    discount_amount: -money(discount),
    base_discount_amount: -base(discount),
    shipping_amount: money(shipping - shippingTax),
    shipping_incl_tax: money(shipping),
    base_shipping_amount: base(shipping - shippingTax),
    tax_amount: money(tax),
    grand_total: money(grandTotal),
    base_grand_total: base(grandTotal),
    total_qty_ordered: kept.reduce((s, l) => s + l.qty, 0),
    shipping_description: `${ctx.referrerName} (PlentyONE shipping profile ${profile ?? '-'})`,
    items,
    billing_address: billingAddress,
    payment: { method: payment, additional_information: [`PlentyONE method of payment ${mopId ?? '-'}`] },
    extension_attributes: { shipping_assignments: [{ shipping: { address: shippingAddress, method: shippingMethod } }] },
    status_histories: [{
      comment: `Imported from PlentyONE order ${order.id} (${ctx.referrerName}${external ? `, order number ${external}` : ''}).${notes.length ? ` ${notes.join('; ')}.` : ''}`,
      is_customer_notified: 0,
      is_visible_on_front: 0,
      status: 'pending',
    }],
  };
  return { kind: 'order', entity: withMappedFields(entity, ctx.mapped), grandTotal: money(grandTotal), currency: currency ?? '', notes };
}

/** The order's billing (1) and delivery (2) addresses, from `with=addresses` matched by `addressRelations`. */
function addressesOf(order: Order): Map<number, Address> {
  const raw = Array.isArray((order as Record<string, unknown>).addresses) ? ((order as Record<string, unknown>).addresses as unknown[]) : [];
  const byId = new Map<number, Address>();
  for (const a of raw) {
    const parsed = addressSchema.safeParse(a);
    if (parsed.success) byId.set(parsed.data.id, parsed.data);
  }
  const out = new Map<number, Address>();
  for (const r of order.addressRelations ?? []) {
    const a = byId.get(r.addressId);
    if (a) out.set(r.typeId, a);
  }
  return out;
}

function optionOf(address: Address, typeId: number): string | undefined {
  const v = address.options?.find((o) => o.typeId === typeId)?.value?.trim();
  return v ? v : undefined;
}

/** A Magento order address from a PlentyONE one (name2/name3 first and last name, name1 company), or what is missing. */
function magentoAddress(a: Address, type: 'billing' | 'shipping'): Record<string, string | string[]> | string {
  const country = a.countryId === undefined || a.countryId === null ? undefined : isoOfPlentyCountry(a.countryId, {});
  const street = [[a.address1, a.address2].filter(Boolean).join(' ').trim(), (a.address3 ?? '').trim()].filter(Boolean);
  const fields = { firstname: (a.name2 ?? '').trim(), lastname: (a.name3 ?? '').trim(), city: (a.town ?? '').trim(), postcode: (a.postalCode ?? '').trim() };
  const missing = [
    ...(!fields.lastname && !a.name1 ? ['a name'] : []),
    ...(street.length === 0 ? ['a street'] : []),
    ...(!fields.city ? ['a town'] : []),
    ...(!fields.postcode ? ['a postcode'] : []),
    ...(!country ? [`a known country (id ${a.countryId ?? 'none'})`] : []),
  ];
  if (missing.length) return `its ${type} address ${a.id} lacks ${missing.join(', ')}`;
  return {
    address_type: type,
    firstname: fields.firstname || '-',
    lastname: fields.lastname || (a.name1 ?? '').trim(),
    ...(a.name1 ? { company: a.name1.trim() } : {}),
    street,
    city: fields.city,
    postcode: fields.postcode,
    country_id: country!,
    telephone: optionOf(a, ADDRESS_PHONE_OPTION) ?? '-',
    ...(optionOf(a, ADDRESS_EMAIL_OPTION) ? { email: optionOf(a, ADDRESS_EMAIL_OPTION)! } : {}),
  };
}
