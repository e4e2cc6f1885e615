import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/sandbox/magento/store/index.js';
import { startGraphqlSandbox } from './magento-graphql-server.js';
import type { GraphqlSandbox } from './magento-graphql-server.js';

const ADDRESS = `{ firstname: "Erika", lastname: "Mustermann", street: ["Hauptstr. 1"], city: "Berlin",
  postcode: "10115", country_code: "DE", telephone: "030123456" }`;

const CART_FIELDS = `id email total_quantity
  items { __typename quantity product { sku } ... on ConfigurableCartItem { configured_variant { sku } } }
  prices { grand_total { value currency } subtotal_excluding_tax { value } }
  shipping_addresses { city country { code label } available_shipping_methods { carrier_code method_code amount { value } }
    selected_shipping_method { carrier_code method_code amount { value } } }
  billing_address { city }
  available_payment_methods { code title }
  selected_payment_method { code }`;

interface CartAnswer {
  id: string;
  email: string | null;
  total_quantity: number;
  items: { __typename: string; quantity: number; product: { sku: string }; configured_variant?: { sku: string } }[];
  prices: { grand_total: { value: number; currency: string }; subtotal_excluding_tax: { value: number } };
  shipping_addresses: {
    city: string;
    country: { code: string; label: string };
    available_shipping_methods: { carrier_code: string; method_code: string; amount: { value: number } }[];
    selected_shipping_method: { carrier_code: string; method_code: string; amount: { value: number } } | null;
  }[];
  billing_address: { city: string } | null;
  available_payment_methods: { code: string; title: string }[];
  selected_payment_method: { code: string };
}

describe('Magento GraphQL sandbox: guest checkout to placeOrder', () => {
  let sandbox: GraphqlSandbox;
  let simple: Product;
  let parent: Product;
  let child: Product;

  /** Runs a mutation and returns its one result field, failing on GraphQL errors. */
  async function mutate<T>(field: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { status, body } = await sandbox.gql<Record<string, T>>(query, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(status).toBe(200);
    return (body.data as Record<string, T>)[field] as T;
  }

  beforeAll(async () => {
    sandbox = await startGraphqlSandbox({ variations: 200 });
    const { store } = sandbox;
    const all = [...store.products.iterate()];
    const salable = (p: Product) => p.status === 1 && store.inventory.salableQty(p.sku) >= 3;
    const foundSimple = all.find((p) => p.typeId === 'simple' && p.visibility === 4 && salable(p) && !store.products.parentSkuOf(p.sku));
    const foundParent = all.find((p) => p.typeId === 'configurable' && p.status === 1 && store.products.children(p.sku).some(salable));
    if (!foundSimple || !foundParent) throw new Error('the generated catalog lacks salable simple or configurable products');
    simple = foundSimple;
    parent = foundParent;
    child = store.products.children(parent.sku).find(salable) as Product;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('creates an order from a guest cart, visible through REST GET /V1/orders', async () => {
    const { cart: created } = await mutate<{ cart: { id: string } }>('createGuestCart', 'mutation { createGuestCart { cart { id } } }');
    expect(created.id).toMatch(/^[A-Za-z0-9]{32}$/);
    const cartId = created.id;

    // The configurable is added by its SKU and the option values of the chosen child.
    const variants = await sandbox.gql<{ products: { items: { variants: { attributes: { uid: string }[]; product: { sku: string } }[] }[] } }>(
      `query ($sku: String) { products(filter: { sku: { eq: $sku } }) { items { ... on ConfigurableProduct { variants { attributes { uid } product { sku } } } } } }`,
      { sku: parent.sku },
    );
    const variant = variants.body.data?.products.items[0]?.variants.find((v) => v.product.sku === child.sku);
    expect(variant).toBeDefined();
    const selected = variant?.attributes.map((a) => a.uid) ?? [];

    const added = await mutate<{ cart: CartAnswer }>(
      'addProductsToCart',
      `mutation ($cartId: String!, $items: [CartItemInput!]!) { addProductsToCart(cartId: $cartId, cartItems: $items) { cart { ${CART_FIELDS} } } }`,
      {
        cartId,
        items: [
          { sku: simple.sku, quantity: 2 },
          { sku: parent.sku, quantity: 1, selected_options: selected },
        ],
      },
    );
    expect(added.cart.total_quantity).toBe(3);
    expect(added.cart.items.map((i) => [i.__typename, i.product.sku, i.configured_variant?.sku, i.quantity])).toEqual([
      ['SimpleCartItem', simple.sku, undefined, 2],
      ['ConfigurableCartItem', parent.sku, child.sku, 1],
    ]);

    await mutate('setGuestEmailOnCart', `mutation ($id: String!) { setGuestEmailOnCart(input: { cart_id: $id, email: "erika@example.com" }) { cart { email } } }`, { id: cartId });
    const shipped = await mutate<{ cart: CartAnswer }>(
      'setShippingAddressesOnCart',
      `mutation ($id: String!) { setShippingAddressesOnCart(input: { cart_id: $id, shipping_addresses: [{ address: ${ADDRESS} }] }) { cart { ${CART_FIELDS} } } }`,
      { id: cartId },
    );
    const [address] = shipped.cart.shipping_addresses;
    expect(address?.country).toEqual({ code: 'DE', label: 'Germany' });
    expect(address?.available_shipping_methods.map((m) => `${m.carrier_code}/${m.method_code}`)).toContain('flatrate/flatrate');

    await mutate('setBillingAddressOnCart', `mutation ($id: String!) { setBillingAddressOnCart(input: { cart_id: $id, billing_address: { same_as_shipping: true } }) { cart { billing_address { city } } } }`, { id: cartId });
    await mutate('setShippingMethodsOnCart', `mutation ($id: String!) { setShippingMethodsOnCart(input: { cart_id: $id, shipping_methods: [{ carrier_code: "flatrate", method_code: "flatrate" }] }) { cart { id } } }`, { id: cartId });
    const paid = await mutate<{ cart: CartAnswer }>(
      'setPaymentMethodOnCart',
      `mutation ($id: String!) { setPaymentMethodOnCart(input: { cart_id: $id, payment_method: { code: "checkmo" } }) { cart { ${CART_FIELDS} } } }`,
      { id: cartId },
    );
    expect(paid.cart.email).toBe('erika@example.com');
    expect(paid.cart.billing_address).toEqual({ city: 'Berlin' });
    expect(paid.cart.selected_payment_method.code).toBe('checkmo');
    const shipping = paid.cart.shipping_addresses[0]?.selected_shipping_method?.amount.value ?? NaN;
    expect(paid.cart.prices.grand_total.value).toBeCloseTo(paid.cart.prices.subtotal_excluding_tax.value + shipping, 2);

    const placed = await mutate<{ errors: unknown[]; orderV2: { number: string; email: string; total: { grand_total: { value: number } } } }>(
      'placeOrder',
      `mutation ($id: String!) { placeOrder(input: { cart_id: $id }) { errors { code message } orderV2 { number email total { grand_total { value } } } } }`,
      { id: cartId },
    );
    expect(placed.errors).toEqual([]);
    expect(placed.orderV2.total.grand_total.value).toBeCloseTo(paid.cart.prices.grand_total.value, 2);

    const search = new URLSearchParams({
      'searchCriteria[filter_groups][0][filters][0][field]': 'increment_id',
      'searchCriteria[filter_groups][0][filters][0][value]': placed.orderV2.number,
    });
    const rest = await fetch(`${sandbox.url}/rest/V1/orders?${search}`, { headers: { Authorization: 'Bearer sandbox' } });
    expect(rest.status).toBe(200);
    const orders = (await rest.json()) as { total_count: number; items: { increment_id: string; customer_email: string; grand_total: number; items: { sku: string }[] }[] };
    expect(orders.total_count).toBe(1);
    expect(orders.items[0]).toMatchObject({ increment_id: placed.orderV2.number, customer_email: 'erika@example.com' });
    expect(orders.items[0]?.grand_total).toBeCloseTo(placed.orderV2.total.grand_total.value, 2);
    expect(orders.items[0]?.items.map((i) => i.sku)).toEqual(expect.arrayContaining([simple.sku, child.sku]));

    // The cart is spent: a second placeOrder is answered in `errors`, as Magento 2.4.7+ does.
    const again = await sandbox.gql(`mutation ($id: String!) { placeOrder(input: { cart_id: $id }) { errors { code message } orderV2 { number } } }`, { id: cartId });
    expect(again.body).toEqual({
      data: { placeOrder: { errors: [{ code: 'CART_NOT_ACTIVE', message: "The cart isn't active." }], orderV2: null } },
    });
  });

  it('answers placeOrder without a guest email with GUEST_EMAIL_MISSING', async () => {
    const cartId = await mutate<string>('createEmptyCart', 'mutation { createEmptyCart }');
    await mutate('addProductsToCart', `mutation ($id: String!, $sku: String!) { addProductsToCart(cartId: $id, cartItems: [{ sku: $sku, quantity: 1 }]) { cart { id } } }`, { id: cartId, sku: simple.sku });
    const { body } = await sandbox.gql(`mutation ($id: String!) { placeOrder(input: { cart_id: $id }) { errors { code message } orderV2 { number } } }`, { id: cartId });
    expect(body).toEqual({
      data: { placeOrder: { errors: [{ code: 'GUEST_EMAIL_MISSING', message: 'Guest email for cart is missing.' }], orderV2: null } },
    });
  });

  it('refuses a cart of another store view and unknown shipping and payment methods', async () => {
    const cartId = await mutate<string>('createEmptyCart', 'mutation { createEmptyCart }');
    const other = await sandbox.gql(`query ($id: String!) { cart(cart_id: $id) { id } }`, { id: cartId }, { Store: 'de' });
    expect(other.body.errors?.[0]).toMatchObject({
      message: `Wrong store code specified for cart "${cartId}"`,
      extensions: { category: 'graphql-no-such-entity' },
    });
    await mutate('setShippingAddressesOnCart', `mutation ($id: String!) { setShippingAddressesOnCart(input: { cart_id: $id, shipping_addresses: [{ address: ${ADDRESS} }] }) { cart { id } } }`, { id: cartId });
    const carrier = await sandbox.gql(`mutation ($id: String!) { setShippingMethodsOnCart(input: { cart_id: $id, shipping_methods: [{ carrier_code: "ups", method_code: "GND" }] }) { cart { id } } }`, { id: cartId });
    expect(carrier.body.errors?.[0]).toMatchObject({ message: 'Carrier with such method not found: ups, GND', extensions: { category: 'graphql-input' } });
    const payment = await sandbox.gql(`mutation ($id: String!) { setPaymentMethodOnCart(input: { cart_id: $id, payment_method: { code: "bitcoin" } }) { cart { id } } }`, { id: cartId });
    expect(payment.body.errors?.[0]).toMatchObject({ message: 'The requested Payment Method is not available.', extensions: { category: 'graphql-input' } });
  });
});
