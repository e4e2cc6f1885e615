import type { Address, MagentoStore, Order, OrderItem } from '../store/index.js';
import { flag, magentoTime } from './format.js';
import type { FieldValue } from './search-criteria.js';

type Json = Record<string, unknown>;

/** An order as `GET /V1/orders/{id}` renders it (see examples/order-get.json). */
export function renderOrder(store: MagentoStore, order: Order): Json {
  const view = store.layout.views.find((v) => v.id === order.storeId);
  const items = order.items.map((item) => renderItem(order, item));
  const qtyOrdered = order.items.filter((i) => i.parentItemId === null).reduce((s, i) => s + i.qtyOrdered, 0);
  const totalDue = Math.max(0, round(order.grandTotal - order.totalPaid));
  const lines = order.items.filter((i) => i.parentItemId === null);
  const subtotalInclTax = round(lines.reduce((s, i) => s + i.priceInclTax * i.qtyOrdered, 0));
  const shippingInclTax = round(order.shippingAmount + order.shippingTaxAmount);
  // base_* amounts are in the website's base currency: the order's amounts at its rate.
  const base = baseOf(order);
  const money = {
    base_discount_amount: -base(order.discountAmount),
    base_grand_total: base(order.grandTotal),
    base_discount_tax_compensation_amount: 0,
    base_shipping_amount: base(order.shippingAmount),
    base_shipping_discount_amount: 0,
    base_shipping_incl_tax: base(shippingInclTax),
    base_shipping_tax_amount: base(order.shippingTaxAmount),
    base_subtotal: base(order.subtotal),
    base_subtotal_incl_tax: base(subtotalInclTax),
    base_tax_amount: base(order.taxAmount),
    base_total_due: base(totalDue),
    base_total_paid: base(order.totalPaid) || undefined,
  };
  const shippingTotal = {
    base_shipping_amount: base(order.shippingAmount),
    base_shipping_discount_amount: 0,
    base_shipping_incl_tax: base(shippingInclTax),
    base_shipping_tax_amount: base(order.shippingTaxAmount),
    shipping_amount: order.shippingAmount,
    shipping_discount_amount: 0,
    shipping_discount_tax_compensation_amount: 0,
    shipping_incl_tax: shippingInclTax,
    shipping_tax_amount: order.shippingTaxAmount,
  };
  return {
    base_currency_code: order.baseCurrency ?? order.currency,
    ...money,
    base_to_global_rate: 1,
    base_to_order_rate: order.baseToOrderRate ?? 1,
    billing_address_id: order.billingAddress.entityId,
    created_at: magentoTime(order.createdAt),
    customer_email: order.customerEmail,
    customer_firstname: order.customerFirstname,
    customer_group_id: order.customerGroupId,
    ...(order.customerId !== null ? { customer_id: order.customerId } : {}),
    customer_is_guest: flag(order.customerIsGuest),
    customer_lastname: order.customerLastname,
    customer_note_notify: 1,
    discount_amount: -order.discountAmount,
    email_sent: order.emailSent === false ? 0 : 1,
    ...(order.extOrderId ? { ext_order_id: order.extOrderId } : {}),
    ...(order.totalRefunded ? { total_refunded: order.totalRefunded, base_total_refunded: base(order.totalRefunded) } : {}),
    entity_id: order.entityId,
    global_currency_code: order.currency,
    grand_total: order.grandTotal,
    discount_tax_compensation_amount: 0,
    increment_id: order.incrementId,
    is_virtual: 0,
    order_currency_code: order.currency,
    protect_code: order.entityId.toString(16).padStart(6, '0'),
    quote_id: order.quoteId,
    shipping_amount: order.shippingAmount,
    shipping_description: order.shippingDescription,
    shipping_discount_amount: 0,
    shipping_discount_tax_compensation_amount: 0,
    shipping_incl_tax: shippingInclTax,
    shipping_tax_amount: order.shippingTaxAmount,
    state: order.state,
    // Magento's REST output leaves out fields that are NULL (a status lost to magento/magento2#34180).
    ...(order.status === null ? {} : { status: order.status }),
    store_currency_code: order.currency,
    store_id: order.storeId,
    store_name: `Main Website\nMain Website Store\n${view?.name ?? ''}`,
    store_to_base_rate: 0,
    store_to_order_rate: 0,
    subtotal: order.subtotal,
    subtotal_incl_tax: subtotalInclTax,
    tax_amount: order.taxAmount,
    ...(order.totalPaid ? { total_paid: order.totalPaid, total_invoiced: order.totalPaid } : {}),
    total_due: totalDue,
    total_item_count: order.items.length,
    total_qty_ordered: qtyOrdered,
    updated_at: magentoTime(order.updatedAt),
    weight: round(order.items.filter((i) => i.parentItemId === null).reduce((s, i) => s + i.weight * i.qtyOrdered, 0)),
    items,
    billing_address: renderAddress(order.billingAddress, 'billing', order.entityId),
    payment: {
      account_status: null,
      additional_information: [order.paymentTitle, ''],
      amount_ordered: order.grandTotal,
      base_amount_ordered: base(order.grandTotal),
      base_shipping_amount: base(order.shippingAmount),
      cc_last4: null,
      entity_id: order.entityId,
      method: order.paymentMethod,
      parent_id: order.entityId,
      shipping_amount: order.shippingAmount,
      ...(order.totalPaid ? { amount_paid: order.totalPaid, base_amount_paid: base(order.totalPaid) } : {}),
    },
    status_histories: order.statusHistories.map((h) => ({
      comment: h.comment,
      created_at: magentoTime(h.createdAt),
      entity_id: h.entityId,
      entity_name: h.entityName,
      is_customer_notified: flag(h.isCustomerNotified),
      is_visible_on_front: flag(h.isVisibleOnFront),
      parent_id: order.entityId,
      ...(h.status === null ? {} : { status: h.status }),
    })),
    extension_attributes: {
      shipping_assignments: [
        {
          shipping: {
            address: renderAddress(order.shippingAddress, 'shipping', order.entityId),
            method: order.shippingMethod,
            total: shippingTotal,
          },
          items,
        },
      ],
    },
  };
}

/** Converts an amount of the order currency to the base currency. */
function baseOf(order: Order): (amount: number) => number {
  const rate = order.baseToOrderRate ?? 1;
  return (amount) => (rate === 1 ? amount : round(amount / rate));
}

function renderItem(order: Order, item: OrderItem): Json {
  const base = baseOf(order);
  const row = round(item.price * item.qtyOrdered);
  const rowInclTax = round(item.priceInclTax * item.qtyOrdered);
  const tax = item.taxAmount ?? round(rowInclTax - row);
  const discount = item.discountAmount ?? 0;
  const invoicedRow = round(item.price * item.qtyInvoiced);
  return {
    amount_refunded: 0,
    base_amount_refunded: 0,
    base_discount_amount: base(discount),
    base_discount_invoiced: 0,
    base_discount_tax_compensation_amount: 0,
    base_original_price: base(item.price),
    base_price: base(item.price),
    base_price_incl_tax: base(item.priceInclTax),
    base_row_invoiced: base(invoicedRow),
    base_row_total: base(row),
    base_row_total_incl_tax: base(rowInclTax),
    base_tax_amount: base(tax),
    base_tax_invoiced: 0,
    created_at: magentoTime(item.createdAt),
    discount_amount: discount,
    discount_invoiced: 0,
    discount_percent: 0,
    free_shipping: 0,
    discount_tax_compensation_amount: 0,
    is_qty_decimal: 0,
    is_virtual: 0,
    item_id: item.itemId,
    name: item.name,
    no_discount: 0,
    order_id: order.entityId,
    original_price: item.price,
    ...(item.parentItemId !== null ? { parent_item_id: item.parentItemId } : {}),
    price: item.price,
    price_incl_tax: item.priceInclTax,
    product_id: item.productId,
    product_type: item.productType,
    qty_canceled: item.qtyCanceled,
    qty_invoiced: item.qtyInvoiced,
    qty_ordered: item.qtyOrdered,
    qty_refunded: item.qtyRefunded,
    qty_shipped: item.qtyShipped,
    quote_item_id: item.itemId,
    row_invoiced: invoicedRow,
    row_total: row,
    row_total_incl_tax: rowInclTax,
    row_weight: round(item.weight * item.qtyOrdered),
    sku: item.sku,
    store_id: order.storeId,
    tax_amount: tax,
    tax_invoiced: item.qtyOrdered > 0 ? round((tax * item.qtyInvoiced) / item.qtyOrdered) : 0,
    tax_percent: item.taxPercent,
    updated_at: magentoTime(item.updatedAt),
    weight: item.weight,
  };
}

export function renderAddress(address: Address & { entityId: number }, type: 'billing' | 'shipping', parentId: number): Json {
  return {
    address_type: type,
    city: address.city,
    ...(address.company ? { company: address.company } : {}),
    country_id: address.countryId,
    email: address.email,
    entity_id: address.entityId,
    firstname: address.firstname,
    lastname: address.lastname,
    parent_id: parentId,
    postcode: address.postcode,
    ...(address.region ? { region: address.region } : {}),
    ...(address.regionCode ? { region_code: address.regionCode } : {}),
    ...(address.regionId !== undefined ? { region_id: address.regionId } : {}),
    street: address.street,
    telephone: address.telephone,
  };
}

/** Field values for order searches. */
export function orderField(order: Order, field: string): FieldValue {
  switch (field) {
    case 'entity_id':
      return order.entityId;
    case 'increment_id':
      return order.incrementId;
    case 'state':
      return order.state;
    case 'status':
      return order.status;
    case 'store_id':
      return order.storeId;
    case 'customer_id':
      return order.customerId;
    case 'customer_email':
      return order.customerEmail;
    case 'customer_is_guest':
      return order.customerIsGuest ? 1 : 0;
    case 'grand_total':
      return order.grandTotal;
    case 'quote_id':
      return order.quoteId;
    case 'ext_order_id':
      return order.extOrderId ?? null;
    case 'created_at':
      return magentoTime(order.createdAt);
    case 'updated_at':
      return magentoTime(order.updatedAt);
    default:
      return null;
  }
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
