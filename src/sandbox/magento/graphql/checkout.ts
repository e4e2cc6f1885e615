/**
 * The guest checkout: `createGuestCart`/`createEmptyCart` → `addProductsToCart` →
 * `setGuestEmailOnCart` → `setShippingAddressesOnCart` → `setBillingAddressOnCart` →
 * `setShippingMethodsOnCart` → `setPaymentMethodOnCart` → `placeOrder`, over the store's carts.
 * `placeOrder` goes through the store's order placement (webhooks fire there).
 */
import { MagentoStoreError, PAYMENT_METHODS, SHIPPING_METHODS } from '../store/index.js';
import type { Address, Cart, Product } from '../store/index.js';
import { cartView, customerOrderView } from './cart-view.js';
import type { GraphqlContext } from './context.js';
import { decodeUid } from './context.js';
import { inputError, MagentoGraphqlError, noSuchEntityError } from './errors.js';
import { childOptionValue, isEnabledInView } from './product-view.js';

interface CartAddressInput {
  firstname: string;
  lastname: string;
  company?: string | null;
  street: (string | null)[];
  city: string;
  region?: string | null;
  region_id?: number | null;
  postcode?: string | null;
  country_code: string;
  telephone?: string | null;
}

interface CartItemInput {
  sku: string;
  quantity: number;
  parent_sku?: string | null;
  selected_options?: (string | null)[] | null;
}

/** The cart a guest may use in this store view, or Magento's error. */
export function guestCart(maskedId: string, ctx: GraphqlContext): Cart {
  const cart = ctx.store.carts.get(maskedId);
  if (!cart) throw noSuchEntityError(`Could not find a cart with ID "${maskedId}"`);
  if (!cart.isActive) throw noSuchEntityError("The cart isn't active.");
  if (cart.customerId !== null) {
    throw new MagentoGraphqlError(
      `The current user cannot perform operations on cart "${maskedId}"`,
      'graphql-authorization',
    );
  }
  if (cart.storeCode !== ctx.view.code) throw noSuchEntityError(`Wrong store code specified for cart "${maskedId}"`);
  return cart;
}

/** Store errors keep their wording; they become input (or no-such-entity) errors. */
function storeCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof MagentoStoreError && error.status !== 404) throw inputError(error.message);
    throw error;
  }
}

function toAddress(input: CartAddressInput): Address {
  return {
    firstname: input.firstname,
    lastname: input.lastname,
    company: input.company ?? undefined,
    street: input.street.filter((s): s is string => s !== null),
    city: input.city,
    postcode: input.postcode ?? '',
    countryId: input.country_code.toUpperCase(),
    region: input.region ?? undefined,
    regionId: input.region_id ?? undefined,
    telephone: input.telephone ?? '',
  };
}

/** A configurable with `selected_options` resolves to the child carrying those option values. */
function resolveLine(item: CartItemInput, ctx: GraphqlContext): { sku: string; parentSku?: string } | undefined {
  const product = ctx.store.products.getBySku(item.sku);
  if (!product || !isEnabledInView(product, ctx)) return undefined;
  if (product.typeId !== 'configurable') {
    return item.parent_sku ? { sku: product.sku, parentSku: item.parent_sku } : { sku: product.sku };
  }
  const wanted = new Map<number, number>();
  for (const uid of item.selected_options ?? []) {
    const [kind, attributeId, value] = decodeUid(uid ?? '').split('/');
    if (kind === 'configurable') wanted.set(Number(attributeId), Number(value));
  }
  const options = product.configurable?.options ?? [];
  if (options.length === 0 || options.some((o) => !wanted.has(o.attributeId))) return undefined;
  const child = ctx.store.products
    .children(product.sku)
    .find((c: Product) => options.every((o) => childOptionValue(c, o) === wanted.get(o.attributeId)));
  return child && isEnabledInView(child, ctx) ? { sku: child.sku, parentSku: product.sku } : undefined;
}

/**
 * Items Magento cannot add are reported in `user_errors`, not as GraphQL errors. That field is not
 * in the schema subset (its type differs between Adobe Commerce 2.4.7 and 2.4.8), so such items are
 * left out and the cart is answered as it is.
 */
function addProducts(cartId: string, items: CartItemInput[], ctx: GraphqlContext) {
  let cart = guestCart(cartId, ctx);
  for (const item of items) {
    const line = resolveLine(item, ctx);
    if (!line || !(item.quantity > 0)) continue;
    try {
      cart = ctx.store.carts.addItem(cartId, { ...line, qty: item.quantity });
    } catch (error) {
      if (!(error instanceof MagentoStoreError)) throw error;
    }
  }
  return { cart: cartView(cart, ctx) };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Input<T> = { input?: T | null };

function requireInput<T>(args: Input<T>): T {
  if (!args.input) throw inputError('Required parameter "cart_id" is missing');
  return args.input;
}

export const checkoutMutations = {
  createGuestCart(args: Input<{ cart_uid?: string | null }>, ctx: GraphqlContext) {
    if (args.input?.cart_uid) throw inputError('The sandbox creates cart ids itself; omit "cart_uid".');
    return { cart: cartView(ctx.store.carts.create(ctx.view.code), ctx) };
  },

  createEmptyCart(args: Input<{ cart_id?: string | null }>, ctx: GraphqlContext) {
    if (args.input?.cart_id) throw inputError('The sandbox creates cart ids itself; omit "cart_id".');
    return ctx.store.carts.create(ctx.view.code).maskedId;
  },

  addProductsToCart(args: { cartId: string; cartItems: CartItemInput[] }, ctx: GraphqlContext) {
    return addProducts(args.cartId, args.cartItems, ctx);
  },

  setGuestEmailOnCart(args: Input<{ cart_id: string; email: string }>, ctx: GraphqlContext) {
    const { cart_id, email } = requireInput(args);
    guestCart(cart_id, ctx);
    if (!EMAIL.test(email)) throw inputError('Invalid email format');
    return { cart: cartView(storeCall(() => ctx.store.carts.setEmail(cart_id, email)), ctx) };
  },

  setShippingAddressesOnCart(
    args: Input<{ cart_id: string; shipping_addresses: ({ address?: CartAddressInput | null; customer_address_id?: number | null } | null)[] }>,
    ctx: GraphqlContext,
  ) {
    const { cart_id, shipping_addresses } = requireInput(args);
    guestCart(cart_id, ctx);
    if (shipping_addresses.length > 1) throw inputError('You cannot specify multiple shipping addresses.');
    const first = shipping_addresses[0];
    if (first?.customer_address_id) throw inputError('The current customer isn\'t authorized.');
    if (!first?.address) throw inputError('The shipping address must contain either "customer_address_id" or "address".');
    const address = toAddress(first.address);
    return { cart: cartView(storeCall(() => ctx.store.carts.setShippingAddress(cart_id, address)), ctx) };
  },

  setBillingAddressOnCart(
    args: Input<{
      cart_id: string;
      billing_address: { address?: CartAddressInput | null; same_as_shipping?: boolean | null; use_for_shipping?: boolean | null; customer_address_id?: number | null };
    }>,
    ctx: GraphqlContext,
  ) {
    const { cart_id, billing_address: billing } = requireInput(args);
    const cart = guestCart(cart_id, ctx);
    if (billing.customer_address_id) throw inputError('The current customer isn\'t authorized.');
    let updated: Cart;
    if (billing.address) {
      const address = toAddress(billing.address);
      updated = storeCall(() => ctx.store.carts.setBillingAddress(cart_id, address));
      if (billing.use_for_shipping) updated = storeCall(() => ctx.store.carts.setShippingAddress(cart_id, address));
    } else if (billing.same_as_shipping) {
      const shipping = cart.shippingAddress;
      if (!shipping) {
        throw inputError('Could not use the "same_as_shipping" option, because the shipping address has not been set.');
      }
      updated = storeCall(() => ctx.store.carts.setBillingAddress(cart_id, shipping));
    } else {
      throw inputError('The billing address must contain either "customer_address_id", "address", or "same_as_shipping".');
    }
    return { cart: cartView(updated, ctx) };
  },

  setShippingMethodsOnCart(
    args: Input<{ cart_id: string; shipping_methods: ({ carrier_code: string; method_code: string } | null)[] }>,
    ctx: GraphqlContext,
  ) {
    const { cart_id, shipping_methods } = requireInput(args);
    const cart = guestCart(cart_id, ctx);
    if (shipping_methods.length > 1) throw inputError('You cannot specify multiple shipping methods.');
    const wanted = shipping_methods[0];
    if (!wanted) throw inputError('Required parameter "shipping_methods" is missing');
    if (!cart.shippingAddress) throw inputError('The shipping address is missing. Set the address and try again.');
    const method = SHIPPING_METHODS.find((m) => m.carrierCode === wanted.carrier_code && m.methodCode === wanted.method_code);
    if (!method) throw inputError(`Carrier with such method not found: ${wanted.carrier_code}, ${wanted.method_code}`);
    const updated = storeCall(() =>
      ctx.store.carts.setShippingMethod(cart_id, { carrierCode: method.carrierCode, methodCode: method.methodCode }),
    );
    return { cart: cartView(updated, ctx) };
  },

  setPaymentMethodOnCart(args: Input<{ cart_id: string; payment_method: { code: string } }>, ctx: GraphqlContext) {
    const { cart_id, payment_method } = requireInput(args);
    guestCart(cart_id, ctx);
    if (!PAYMENT_METHODS.some((p) => p.code === payment_method.code)) {
      throw inputError('The requested Payment Method is not available.');
    }
    return { cart: cartView(storeCall(() => ctx.store.carts.setPaymentMethod(cart_id, payment_method.code)), ctx) };
  },

  /** Since 2.4.7 failures are answered in `errors` with a code, `orderV2`/`order` null. */
  async placeOrder(args: Input<{ cart_id: string }>, ctx: GraphqlContext) {
    const { cart_id } = requireInput(args);
    const failed = (code: string, message: string) => ({ errors: [{ code, message }], order: null, orderV2: null });
    try {
      guestCart(cart_id, ctx);
    } catch (error) {
      if (!(error instanceof MagentoGraphqlError) || error.category !== 'graphql-no-such-entity') throw error;
      return failed(error.message.startsWith('The cart') ? 'CART_NOT_ACTIVE' : 'CART_NOT_FOUND', error.message);
    }
    try {
      const order = await ctx.store.carts.place(cart_id);
      return {
        errors: [],
        order: { order_number: order.incrementId, order_id: order.incrementId },
        orderV2: customerOrderView(order),
      };
    } catch (error) {
      if (!(error instanceof MagentoStoreError)) throw error;
      if (error.message === 'Guest email for cart is missing.') return failed('GUEST_EMAIL_MISSING', error.message);
      const message = error.message.startsWith('Unable to place order') ? error.message : `Unable to place order: ${error.message}`;
      return failed('UNABLE_TO_PLACE_ORDER', message);
    }
  },
};
