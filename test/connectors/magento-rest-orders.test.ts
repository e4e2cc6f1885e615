/**
 * The Magento client's REST side against the Magento sandbox over HTTP: orders (get, search, delta
 * scan paging with exact call counts, comments, invoice, ship, cancel) and how failures are
 * classified and retried.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentApiError, TransientApiError } from '../../src/connectors/errors.js';
import { magentoDateTime, orderSchema, searchCriteria, type MagentoOrder } from '../../src/connectors/magento/index.js';
import { magentoExample } from '../support/magento-references.js';
import { startMagentoHarness, type MagentoHarness } from './magento-support.js';

let m: MagentoHarness;
beforeAll(async () => {
  m = await startMagentoHarness({ orders: 45 });
});
afterAll(async () => {
  await m?.close();
});
afterEach(async () => {
  await m.clearFaults();
});

const ORDERS = 'GET /rest/V1/orders';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Orders as the store holds them, oldest change first (what a delta scan must return). */
function ordersUpdatedSince(sinceMs: number): { entityId: number; updatedAt: number; status: string | null }[] {
  return [...m.sandbox.store.orders.iterate()]
    .filter((o) => Math.floor(o.updatedAt / 1000) * 1000 >= sinceMs)
    .sort((a, b) => a.updatedAt - b.updatedAt || a.entityId - b.entityId);
}

describe('orders', () => {
  it('reads an order, validated and typed, and the documented example passes the same schema', async () => {
    const order = await m.client().orders.get(3);
    expect(order).toMatchObject({ entity_id: 3, increment_id: expect.stringMatching(/^\d{9}$/) });
    expect(order.items.length).toBeGreaterThan(0);
    expect(order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address?.address_type).toBe('shipping');
    const parsed = orderSchema.parse(magentoExample('order-get.json'));
    // Unknown fields pass through untouched.
    expect(parsed.protect_code).toBe('61f76d');
    expect(parsed.items[0]?.sku).toBe('WS12-M-Orange');
  });

  it('searches with a searchCriteria', async () => {
    const first = await m.client().orders.search(searchCriteria().where('entity_id', [1, 2, 5], 'in').sortBy('entity_id', 'DESC'));
    expect(first.total_count).toBe(3);
    expect(first.items.map((o) => o.entity_id)).toEqual([5, 2, 1]);
  });

  it('streams orders updated since a time page by page, one call per page, stopping on total_count', async () => {
    const all = ordersUpdatedSince(0);
    const since = all[Math.floor(all.length / 3)]!.updatedAt;
    const expected = ordersUpdatedSince(since);
    expect(expected.length).toBeGreaterThan(14);
    await m.resetRequests();
    const seen = await collect(m.client().orders.updatedSince(new Date(since), [], { pageSize: 7 }));
    expect(seen.map((o) => o.entity_id)).toEqual(expected.map((o) => o.entityId));
    expect((await m.requests())[ORDERS]).toBe(Math.ceil(expected.length / 7));
  });

  it('stops after the last full page without asking for an extra one', async () => {
    const all = ordersUpdatedSince(0);
    // A watermark that leaves a multiple of the page size.
    const pageSize = 5;
    const keep = Math.floor(all.length / pageSize) * pageSize - pageSize;
    const since = all[all.length - keep]!.updatedAt;
    const expected = ordersUpdatedSince(since);
    expect(expected.length % pageSize).toBe(0);
    await m.resetRequests();
    const pages = await collect(m.client().orders.updatedSincePages(magentoDateTime(new Date(since)), [], { pageSize }));
    expect(pages.map((p) => p.page)).toEqual(Array.from({ length: expected.length / pageSize }, (_, i) => i + 1));
    expect(pages.every((p) => p.totalCount === expected.length)).toBe(true);
    expect((await m.requests())[ORDERS]).toBe(expected.length / pageSize);
  });

  it('applies extra filters in the delta scan', async () => {
    const status = ordersUpdatedSince(0)[0]!.status!;
    const expected = ordersUpdatedSince(0).filter((o) => o.status === status);
    const seen = await collect(m.client().orders.updatedSince('1970-01-01 00:00:00', [{ field: 'status', value: status }]));
    expect(seen.map((o) => o.entity_id)).toEqual(expected.map((o) => o.entityId));
  });

  it('changes a status on a release whose comments no longer do (2.4.7), the comment carrying the new status', async () => {
    const client = m.client();
    m.sandbox.store.orders.version = '2.4.7';
    try {
      const placed = await fetch(`${m.url}/_sandbox/orders`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ sku: simpleSkuInStock(), qty: 1 }], email: 'status@example.org' }),
      });
      const { entity_id: id } = (await placed.json()) as { entity_id: number };
      expect((await client.orders.setStatus(id, { status: 'holded' })).status).toBe('holded');
      await client.orders.addComment(id, { comment: 'Held in PlentyONE', status: 'holded' });
      const order = await client.orders.get(id);
      expect(order.status).toBe('holded');
      expect(order.status_histories?.[0]).toMatchObject({ comment: 'Held in PlentyONE', status: 'holded' });
    } finally {
      m.sandbox.store.orders.version = '2.4.8';
    }
  });

  it('comments, invoices, ships with tracking and cancels', async () => {
    const client = m.client();
    const placed = await fetch(`${m.url}/_sandbox/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: simpleSkuInStock(), qty: 2 }], email: 'shopper@example.org' }),
    });
    const { entity_id: id } = (await placed.json()) as { entity_id: number };

    expect(await client.orders.addComment(id, { comment: 'Exported to PlentyONE as order 77', status: 'pending' })).toBe(true);
    const invoiceId = await client.orders.invoice(id, { capture: true });
    expect(invoiceId).toBeGreaterThan(0);
    const order: MagentoOrder = await client.orders.get(id);
    const line = order.items.find((i) => !i.parent_item_id)!;
    const shipmentId = await client.orders.ship(id, [{ order_item_id: line.item_id, qty: 2 }], [{ track_number: 'DHL123', title: 'DHL', carrier_code: 'dhl' }]);
    expect(shipmentId).toBeGreaterThan(0);
    const after = await client.orders.get(id);
    expect(after.state).toBe('complete');
    expect(after.status_histories?.some((h) => h.comment === 'Exported to PlentyONE as order 77')).toBe(true);
    // A complete order cannot be canceled; Magento answers false, not an error.
    expect(await client.orders.cancel(id)).toBe(false);
  });
});

describe('failures', () => {
  it('a wrong token is permanent, with the ACL resource put into the message', async () => {
    const client = m.client({ auth: { type: 'bearer', token: 'wrong' } });
    await m.resetRequests();
    const error = await client.orders.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentApiError);
    expect(error).toMatchObject({ status: 401, system: 'magento', route: 'GET /V1/orders/:id', transient: false });
    expect((error as Error).message).toContain("The consumer isn't authorized to access Magento_Sales::actions_view.");
    expect((await m.requests())['GET /rest/V1/orders/:id']).toBe(1);
  });

  it('an unknown SKU is permanent with Magento’s message', async () => {
    const error = await m.client().products.get('NO-SUCH-SKU').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentApiError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as Error).message).toBe(
      "Magento GET /V1/products/:sku answered 404: The product that was requested doesn't exist. Verify the product and try again.",
    );
  });

  it('a 400 with %1 parameters gets them substituted', async () => {
    const error = await m.client().products.save({ sku: '', name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentApiError);
    expect((error as Error).message).toContain('The "sku" attribute value is empty. Set the attribute and try again.');
  });

  it('retries a GET through 500s and succeeds', async () => {
    await m.fault({ method: 'GET', path: '/rest/V1/orders/*', kind: 'error', status: 500, times: 2 });
    await m.resetRequests();
    const order = await m.client().orders.get(2);
    expect(order.entity_id).toBe(2);
    expect((await m.requests())['GET /rest/V1/orders/:id']).toBe(3);
  });

  it('gives up after the retries with a transient error', async () => {
    await m.fault({ method: 'GET', path: '/rest/V1/orders/*', kind: 'error', status: 503 });
    await m.resetRequests();
    const error = await m.client({ retries: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } }).orders.get(2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientApiError);
    expect(error).toMatchObject({ status: 503, transient: true });
    expect((error as Error).message).toContain('Internal Error. Details are available in Magento log file.');
    expect((await m.requests())['GET /rest/V1/orders/:id']).toBe(3);
  });

  it('does not retry a POST that is not idempotent', async () => {
    await m.fault({ method: 'POST', path: '/rest/V1/orders/*/comments', kind: 'error', status: 500 });
    await m.resetRequests();
    const error = await m.client().orders.addComment(1, { comment: 'once', status: 'pending' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientApiError);
    expect((await m.requests())['POST /rest/V1/orders/:id/comments']).toBe(1);
  });

  it('retries a 429 after Retry-After, and hands a long Retry-After to the caller', async () => {
    await m.fault({ path: '/rest/V1/orders/*', kind: 'burst429', count: 1, retryAfter: 0 });
    expect((await m.client().orders.get(4)).entity_id).toBe(4);

    await m.clearFaults();
    await m.fault({ path: '/rest/V1/orders/*', kind: 'burst429', count: 1, retryAfter: 120 });
    await m.resetRequests();
    const error = await m.client().orders.get(4).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect((await m.requests())['GET /rest/V1/orders/:id']).toBe(1);
  });

  it('a store that does not answer in time is a transient timeout', async () => {
    await m.fault({ method: 'GET', path: '/rest/V1/orders/*', kind: 'timeout', holdMs: 5_000 });
    const error = await m.client({ timeoutMs: 150, retries: 0 }).orders.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientApiError);
    expect((error as Error).message).toBe('Magento did not answer GET /V1/orders/:id within 150 ms');
  });

  it('a refused connection is transient', async () => {
    const client = m.client({ baseUrl: 'http://127.0.0.1:1', retries: 0 });
    const error = await client.orders.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientApiError);
    expect((error as TransientApiError).status).toBeUndefined();
  });

  it('an answer in an unexpected shape is permanent and says where', async () => {
    // /V1/store/websites answers a list; reading it as an order must fail validation, not pass garbage on.
    const error = await m
      .client()
      .rest.call({ method: 'GET', path: '/V1/store/websites', route: 'GET /V1/store/websites' }, orderSchema)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentApiError);
    expect((error as Error).message).toMatch(/^Magento answered GET \/V1\/store\/websites in an unexpected shape: \(root\): /);
  });
});

function simpleSkuInStock(): string {
  const store = m.sandbox.store;
  for (const p of store.products.iterate()) {
    if (p.status === 1 && !store.products.parentSkuOf(p.sku) && store.inventory.salableQty(p.sku) >= 5) return p.sku;
  }
  throw new Error('no simple product in stock');
}
