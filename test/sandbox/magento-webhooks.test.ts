import { createHmac, createVerify } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookTargetInput } from '../../src/sandbox/magento/index.js';
import { startMagento, type RunningMagento } from './magento-rest-server.js';
import { startReceiver, type Receiver } from './magento-webhooks-receiver.js';

let m: RunningMagento;
let hook: Receiver;

beforeAll(async () => {
  m = await startMagento();
});
afterAll(async () => {
  await m?.close();
});
beforeEach(async () => {
  hook = await startReceiver();
});
afterEach(async () => {
  await configure([]);
  await hook.close();
});

async function configure(targets: WebhookTargetInput[]): Promise<any> {
  const res = await fetch(`${m.url}/_sandbox/webhooks`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(targets) });
  expect(res.status).toBe(200);
  return res.json();
}

async function drain(): Promise<void> {
  await fetch(`${m.url}/_sandbox/webhooks/drain`, { method: 'POST' });
}

const saveProduct = (sku: string, product: Record<string, unknown>, storeCode = 'all') =>
  m.call(`/rest/${storeCode}/V1/products/${sku}`, { method: 'PUT', body: { product } });

function verifyRsa(body: string, signature: string): boolean {
  return createVerify('RSA-SHA256').update(body).verify(m.sandbox.webhookPublicKeyPem, signature, 'base64');
}

describe('Adobe Commerce Webhooks format', () => {
  it('posts observer.catalog_product_save_after synchronously, signed with RSA-SHA256', async () => {
    await configure([{ url: `${hook.url}/commerce`, format: 'commerce-webhooks' }]);
    const res = await saveProduct('PG-0000001', { price: 33.3 });
    expect(res.status).toBe(200);
    // Synchronous: the hook was called before the API answered.
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got!.json).toMatchObject({
      eventName: 'catalog_product_save_after',
      data: { product: { sku: 'PG-0000001', entity_id: '2', price: '33.30', type_id: 'simple' }, data_object: {} },
    });
    expect(got!.headers['x-adobe-commerce-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const signature = String(got!.headers['x-adobe-commerce-webhook-signature']);
    expect(verifyRsa(got!.body, signature)).toBe(true);
    expect(verifyRsa(got!.body.replace('33.30', '33.31'), signature)).toBe(false);
    const pem = await (await fetch(`${m.url}/_sandbox/webhooks/public-key.pem`)).text();
    expect(pem).toBe(m.sandbox.webhookPublicKeyPem);
  });

  it('aborts the change when a required webhook answers op "exception"', async () => {
    await configure([{ url: hook.url, format: 'commerce-webhooks' }]);
    const before = (await m.call('/rest/all/V1/products/PG-0000002')).body;
    hook.answer = { status: 200, body: { op: 'exception', message: 'Price changes are frozen' } };
    const res = await saveProduct('PG-0000002', { price: 1 });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Price changes are frozen');
    const after = (await m.call('/rest/all/V1/products/PG-0000002')).body;
    expect(after.price).toBe(before.price);
    expect(after.updated_at).toBe(before.updated_at);
  });

  it('aborts an order when the place plugin refuses it; the order id is not lost', async () => {
    await configure([{ url: hook.url, format: 'commerce-webhooks', events: ['order.placed'] }]);
    const count = m.sandbox.store.orders.count;
    hook.answer = { status: 200, body: { op: 'exception', message: 'Orders are paused' } };
    const place = () =>
      fetch(`${m.url}/_sandbox/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ sku: 'PG-0000000', qty: 1 }], email: 'paused@example.org' }),
      });
    const refused = await place();
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).message).toBe('Orders are paused');
    expect(m.sandbox.store.orders.count).toBe(count);
    hook.answer = { status: 200, body: { op: 'success' } };
    const placed = (await (await place()).json()) as any;
    expect(placed.entity_id).toBe(count + 1);
  });

  it('lets the change through when a failing webhook is not required', async () => {
    await configure([{ url: hook.url, format: 'commerce-webhooks', required: false }]);
    hook.answer = { status: 500, body: { error: 'down' } };
    const res = await saveProduct('PG-0000002', { price: 2 });
    expect(res.status).toBe(200);
    const deliveries = (await (await fetch(`${m.url}/_sandbox/webhooks/deliveries`)).json()) as any;
    expect(deliveries.deliveries.at(-1)).toMatchObject({ ok: false, status: 500, mode: 'sync', type: 'product.saved' });
  });

  it('posts the order place plugin and the order save observer for a sandbox order', async () => {
    await configure([{ url: hook.url, format: 'commerce-webhooks' }]);
    const res = await fetch(`${m.url}/_sandbox/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'PG-0000000', qty: 1 }], email: 'hook@example.org' }),
    });
    const placed = (await res.json()) as any;
    // The place plugin posts its arguments, then the save observer posts {eventName, data}.
    expect(hook.received).toHaveLength(2);
    const plugin = hook.received[0]!.json;
    expect(Object.keys(plugin)).toEqual(['order']);
    expect(plugin.order).toMatchObject({ increment_id: placed.increment_id, base_currency_code: 'EUR', payment: { method: 'checkmo' } });
    expect(plugin.order.entity_id).toBeUndefined();
    expect(plugin.order.addresses.map((a: { address_type: string }) => a.address_type)).toEqual(['shipping', 'billing']);
    expect(hook.received[1]!.json).toMatchObject({ eventName: 'sales_order_save_after', data: { order: { entity_id: String(placed.entity_id) } } });
  });
});

describe('Adobe I/O Events format', () => {
  it('posts a CloudEvents envelope asynchronously with digital signatures', async () => {
    await configure([{ url: hook.url, format: 'io-events' }]);
    await saveProduct('PG-0000003', { name: 'Evented' });
    await drain();
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got!.json).toMatchObject({
      specversion: '1.0',
      type: 'com.adobe.commerce.observer.catalog_product_save_commit_after',
      datacontenttype: 'application/json',
      data: { value: { sku: 'PG-0000003', name: 'Evented' }, _metadata: { commerceEdition: 'Adobe Commerce' } },
    });
    expect(got!.json.source).toMatch(/^urn:uuid:/);
    expect(verifyRsa(got!.body, String(got!.headers['x-adobe-digital-signature-1']))).toBe(true);
  });
});

describe('extension-style format', () => {
  it('posts one call per hook with Basic auth', async () => {
    await configure([{ url: hook.url, format: 'extension', basicAuth: { username: 'shop', password: 's3cret' } }]);
    await m.call('/rest/V1/customers', { body: { customer: { email: 'ext.hook@example.org', firstname: 'Ext', lastname: 'Hook' } } });
    await drain();
    const [got] = hook.received;
    const auth = String(got!.headers.authorization);
    expect(Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString()).toBe('shop:s3cret');
    expect(got!.json).toMatchObject({ hook: 'new_customer', event: 'customer.saved', customer: { email: 'ext.hook@example.org' } });
  });

  it('counts only 200 and 201 as success', async () => {
    await configure([{ url: hook.url, format: 'extension' }]);
    hook.answer = { status: 202, body: {} };
    await saveProduct('PG-0000004', { price: 9 });
    await drain();
    const deliveries = (await (await fetch(`${m.url}/_sandbox/webhooks/deliveries`)).json()) as any;
    expect(deliveries.deliveries.at(-1)).toMatchObject({ ok: false, status: 202, format: 'extension' });
  });
});

describe('plentygate signed format (Standard Webhooks)', () => {
  it('signs "id.timestamp.body" with HMAC-SHA256 and names the entity', async () => {
    const secret = `whsec_${Buffer.from('plentygate-test-secret-0123').toString('base64')}`;
    await configure([{ url: hook.url, format: 'standard', secret }]);
    await saveProduct('PG-0000005', { price: 5 }, 'de');
    await drain();
    const [got] = hook.received;
    const id = String(got!.headers['webhook-id']);
    const timestamp = String(got!.headers['webhook-timestamp']);
    expect(id).toMatch(/^msg_/);
    expect(Number(timestamp)).toBeGreaterThan(1_600_000_000);
    const expected = createHmac('sha256', Buffer.from('plentygate-test-secret-0123'))
      .update(`${id}.${timestamp}.${got!.body}`)
      .digest('base64');
    expect(got!.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(got!.json).toEqual({ type: 'product.saved', timestamp: expect.any(String), data: { sku: 'PG-0000005', id: 6, store_code: 'de' } });
  });

  it('generates a secret when none is given and filters by event type', async () => {
    const config = await configure([{ url: hook.url, format: 'standard', events: ['order.placed'] }]);
    expect(config.targets[0].secret).toMatch(/^whsec_/);
    await saveProduct('PG-0000006', { price: 6 });
    await fetch(`${m.url}/_sandbox/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'PG-0000000', qty: 1 }], email: 'std@example.org' }),
    });
    await drain();
    expect(hook.received.map((r) => r.json.type)).toEqual(['order.placed']);
  });
});

describe('sync and async delivery', () => {
  it('async: the API answers while the receiver still holds the webhook', async () => {
    await configure([{ url: hook.url, format: 'standard', delivery: 'async' }]);
    hook.hold = true;
    const res = await saveProduct('PG-0000007', { price: 7 });
    expect(res.status).toBe(200);
    await hook.waitFor(1);
    const stats = (await (await fetch(`${m.url}/_sandbox/state`)).json()) as any;
    expect(stats.webhooks.inFlight).toBe(1);
    hook.release();
    await drain();
    expect(((await (await fetch(`${m.url}/_sandbox/state`)).json()) as any).webhooks.inFlight).toBe(0);
  });

  it('sync: the API answer waits for the receiver', async () => {
    await configure([{ url: hook.url, format: 'standard', delivery: 'sync' }]);
    hook.hold = true;
    let answered = false;
    const call = saveProduct('PG-0000008', { price: 8 }).then((r) => {
      answered = true;
      return r;
    });
    await hook.waitFor(1);
    expect(answered).toBe(false);
    hook.release();
    expect((await call).status).toBe(200);
  });

  it('fires for orders placed through the GraphQL guest checkout', async () => {
    await configure([{ url: hook.url, format: 'standard', events: ['order.placed'] }]);
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${m.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as any;
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    const address = `{ firstname: "Erika", lastname: "Mustermann", street: ["Hauptstr. 1"], city: "Berlin", postcode: "10115", country_code: "DE", telephone: "030123456" }`;
    const { createGuestCart } = await gql('mutation { createGuestCart { cart { id } } }');
    const id = createGuestCart.cart.id;
    await gql('mutation ($id: String!) { addProductsToCart(cartId: $id, cartItems: [{ sku: "PG-0000000", quantity: 1 }]) { cart { id } } }', { id });
    await gql('mutation ($id: String!) { setGuestEmailOnCart(input: { cart_id: $id, email: "gql@example.org" }) { cart { email } } }', { id });
    await gql(`mutation ($id: String!) { setShippingAddressesOnCart(input: { cart_id: $id, shipping_addresses: [{ address: ${address} }] }) { cart { id } } }`, { id });
    await gql('mutation ($id: String!) { setBillingAddressOnCart(input: { cart_id: $id, billing_address: { same_as_shipping: true } }) { cart { id } } }', { id });
    await gql('mutation ($id: String!) { setShippingMethodsOnCart(input: { cart_id: $id, shipping_methods: [{ carrier_code: "flatrate", method_code: "flatrate" }] }) { cart { id } } }', { id });
    await gql('mutation ($id: String!) { setPaymentMethodOnCart(input: { cart_id: $id, payment_method: { code: "checkmo" } }) { cart { id } } }', { id });
    const { placeOrder } = await gql('mutation ($id: String!) { placeOrder(input: { cart_id: $id }) { orderV2 { number } } }', { id });
    await drain();
    expect(hook.received.map((r) => r.json)).toEqual([
      { type: 'order.placed', timestamp: expect.any(String), data: { increment_id: placeOrder.orderV2.number } },
    ]);
  });
});
