/**
 * Renders carts, cart addresses and placed orders as the storefront's `Cart`, `*CartAddress` and
 * `CustomerOrder`/`Order`. Prices come from the catalog (Magento prices the quote itself).
 */
import { effectivePrice, PAYMENT_METHODS, SHIPPING_METHODS } from '../store/index.js';
import type { Address, Cart, Order, Product } from '../store/index.js';
import type { GraphqlContext } from './context.js';
import { encodeUid, magentoDate, money } from './context.js';
import { childOptionValue, productView } from './product-view.js';

type ShippingMethod = (typeof SHIPPING_METHODS)[number];
type CartItem = Cart['items'][number];

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryLabel(code: string): string {
  try {
    return countryNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function shippingAmount(method: ShippingMethod, cart: Cart): number {
  const qty = cart.items.reduce((sum, i) => sum + i.qty, 0);
  return method.perItem * qty + ('flat' in method ? method.flat : 0);
}

function unitPrice(item: CartItem, ctx: GraphqlContext): number {
  const product = ctx.store.products.getBySku(item.sku);
  return product ? effectivePrice(product) : 0;
}

function subtotalOf(cart: Cart, ctx: GraphqlContext): number {
  return cart.items.reduce((sum, i) => sum + unitPrice(i, ctx) * i.qty, 0);
}

export function selectedShippingMethod(cart: Cart): ShippingMethod | undefined {
  const selected = cart.shippingMethod;
  if (!selected) return undefined;
  return SHIPPING_METHODS.find((m) => m.carrierCode === selected.carrierCode && m.methodCode === selected.methodCode);
}

function shippingMethodView(method: ShippingMethod, cart: Cart, ctx: GraphqlContext) {
  const amount = money(shippingAmount(method, cart), ctx.view);
  return {
    carrier_code: method.carrierCode,
    carrier_title: method.carrierTitle,
    method_code: method.methodCode,
    method_title: method.methodTitle,
    amount,
    price_excl_tax: amount,
    price_incl_tax: amount,
    available: true,
    error_message: null,
  };
}

function addressView(address: Address, uid: string, typename: string) {
  return {
    __typename: typename,
    uid,
    firstname: address.firstname,
    lastname: address.lastname,
    middlename: null,
    prefix: null,
    suffix: null,
    company: address.company ?? null,
    street: address.street,
    city: address.city,
    region: { code: address.regionCode ?? null, label: address.region ?? null, region_id: address.regionId ?? null },
    postcode: address.postcode,
    country: { code: address.countryId, label: countryLabel(address.countryId) },
    telephone: address.telephone,
    vat_id: null,
    fax: null,
  };
}

function itemView(item: CartItem, ctx: GraphqlContext) {
  const child = ctx.store.products.getBySku(item.sku) as Product;
  const parent = item.parentSku === undefined ? undefined : ctx.store.products.getBySku(item.parentSku);
  const price = money(unitPrice(item, ctx), ctx.view);
  const row = money(unitPrice(item, ctx) * item.qty, ctx.view);
  const base = {
    uid: encodeUid(item.itemId),
    id: String(item.itemId),
    quantity: item.qty,
    prices: {
      price,
      price_including_tax: price,
      row_total: row,
      row_total_including_tax: row,
      total_item_discount: money(0, ctx.view),
    },
  };
  if (!parent) return { ...base, __typename: 'SimpleCartItem', product: productView(child, ctx) };
  return {
    ...base,
    __typename: 'ConfigurableCartItem',
    product: productView(parent, ctx),
    configured_variant: productView(child, ctx),
    configurable_options: (parent.configurable?.options ?? []).flatMap((option) => {
      const value = childOptionValue(child, option);
      if (value === undefined) return [];
      const label = ctx.store.attributes
        .find((a) => a.attributeId === option.attributeId)
        ?.options.find((o) => o.value === value)?.label;
      return [
        {
          id: option.attributeId,
          value_id: value,
          configurable_product_option_uid: encodeUid(`configurable/${parent.id}/${option.attributeId}`),
          configurable_product_option_value_uid: encodeUid(`configurable/${option.attributeId}/${value}`),
          option_label: option.label,
          value_label: label ?? String(value),
        },
      ];
    }),
  };
}

export function cartView(cart: Cart, ctx: GraphqlContext): Record<string, unknown> {
  const subtotal = subtotalOf(cart, ctx);
  const method = selectedShippingMethod(cart);
  const shipping = method ? shippingAmount(method, cart) : 0;
  const payment = PAYMENT_METHODS.find((p) => p.code === cart.paymentMethod);
  return {
    id: cart.maskedId,
    email: cart.email,
    is_virtual: false,
    total_quantity: cart.items.reduce((sum, i) => sum + i.qty, 0),
    items: () => cart.items.map((item) => itemView(item, ctx)),
    prices: {
      grand_total: money(subtotal + shipping, ctx.view),
      subtotal_excluding_tax: money(subtotal, ctx.view),
      subtotal_including_tax: money(subtotal, ctx.view),
      subtotal_with_discount_excluding_tax: money(subtotal, ctx.view),
      applied_taxes: [],
    },
    billing_address: cart.billingAddress
      ? addressView(cart.billingAddress, encodeUid(`billing/${cart.id}`), 'BillingCartAddress')
      : null,
    shipping_addresses: cart.shippingAddress
      ? [
          {
            ...addressView(cart.shippingAddress, encodeUid(`shipping/${cart.id}`), 'ShippingCartAddress'),
            customer_notes: null,
            available_shipping_methods: () => SHIPPING_METHODS.map((m) => shippingMethodView(m, cart, ctx)),
            selected_shipping_method: method ? shippingMethodView(method, cart, ctx) : null,
          },
        ]
      : [],
    available_payment_methods: PAYMENT_METHODS.map((p) => ({ code: p.code, title: p.title, is_deferred: false })),
    // Magento answers empty strings, not null, before a payment method is chosen.
    selected_payment_method: { code: payment?.code ?? '', title: payment?.title ?? '', purchase_order_number: null },
  };
}

function statusLabel(status: string): string {
  return status
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export function customerOrderView(order: Order): Record<string, unknown> {
  const m = (value: number) => ({ value: Math.round(value * 100) / 100, currency: order.currency });
  return {
    id: encodeUid(order.entityId),
    number: order.incrementId,
    order_number: order.incrementId,
    increment_id: order.incrementId,
    order_date: magentoDate(order.createdAt),
    created_at: magentoDate(order.createdAt),
    status: statusLabel(order.status ?? ''),
    email: order.customerEmail,
    grand_total: order.grandTotal,
    total: {
      grand_total: m(order.grandTotal),
      base_grand_total: m(order.grandTotal),
      subtotal: m(order.subtotal),
      total_shipping: m(order.shippingAmount),
      total_tax: m(order.taxAmount),
    },
  };
}
