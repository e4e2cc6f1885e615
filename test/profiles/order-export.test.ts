import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxOrderConfig, startOrderExportHarness, type OrderExportHarness } from './order-export-harness.js';

/**
 * The order export against both sandboxes: what a merchant checks in PlentyONE after an order was
 * placed in Magento, and that retries, duplicates and repeated runs never write an order twice.
 */
let h: OrderExportHarness;
beforeAll(async () => {
  h = await startOrderExportHarness();
}, 60_000);
afterAll(async () => h?.close());

const ids = (...keys: string[]) => ({ mode: 'ids' as const, ids: keys });

describe('an exported order', () => {
  it('becomes one PlentyONE order with the right items, addresses, amounts and external id', async () => {
    const { incrementId, entityId } = await h.placeOrder({
      items: [{ sku: 'PG-0000000', qty: 2 }, { sku: 'PG-0000005', qty: 1 }], email: 'ada@example.com', paymentMethod: 'checkmo',
    });
    const result = await h.run(ids(incrementId));
    expect(result).toMatchObject({ status: 'completed', created: 1, failed: 0 });

    const magentoOrder = await h.magento('GET', `/rest/V1/orders/${entityId}`) as {
      grand_total: number; shipping_amount: number; items: { sku: string; qty_ordered: number; price_incl_tax: number }[];
      billing_address: { city: string; postcode: string; street: string[]; lastname: string };
    };
    const [order, ...more] = h.ordersFor(incrementId);
    expect(more).toHaveLength(0);
    expect(order).toMatchObject({ typeId: 1, plentyId: 1000, referrerId: 1 });

    const variations = order!.orderItems.filter((i) => i.typeId === 1);
    expect(variations.map((i) => [i.itemVariationId, i.quantity])).toEqual([[1000, 2], [1005, 1]]);
    for (const item of variations) {
      const line = magentoOrder.items.find((l) => l.sku === `PG-000000${Number(item.itemVariationId) - 1000}`)!;
      expect(item.amounts?.[0]).toMatchObject({ currency: 'EUR', priceOriginalGross: line.price_incl_tax });
    }
    const shipping = order!.orderItems.filter((i) => i.typeId === 6);
    expect(shipping).toHaveLength(1);
    expect(shipping[0]!.amounts?.[0]).toMatchObject({ currency: 'EUR', priceOriginalGross: magentoOrder.shipping_amount });
    const total = order!.orderItems.reduce((sum, i) => sum + Number(i.quantity) * Number(i.amounts?.[0]?.priceGross ?? 0), 0);
    expect(total).toBeCloseTo(magentoOrder.grand_total, 2);

    const properties = Object.fromEntries(order!.properties.map((p) => [p.typeId, p.value]));
    expect(properties).toMatchObject({ 3: '2', 2: '6', 6: 'en', 7: incrementId });

    const contacts = h.plentyStores.contacts;
    const contactId = order!.relations.find((r) => r.referenceType === 'contact')!.referenceId;
    expect(contacts.get(contactId)?.email).toBe('ada@example.com');
    const billing = contacts.address(order!.addressRelations.find((a) => a.typeId === 1)!.addressId);
    const delivery = contacts.address(order!.addressRelations.find((a) => a.typeId === 2)!.addressId);
    for (const address of [billing, delivery]) {
      expect(address).toMatchObject({
        town: magentoOrder.billing_address.city, postalCode: magentoOrder.billing_address.postcode,
        address1: magentoOrder.billing_address.street[0], name3: magentoOrder.billing_address.lastname, countryId: 1,
      });
    }
  });

  it('is not written again by a second run: the link and its hash say nothing changed', async () => {
    const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000006', qty: 1 }], email: 'grace@example.com' });
    expect(await h.run(ids(incrementId))).toMatchObject({ created: 1 });
    const writes = () => ['/rest/orders', '/rest/accounts/contacts', '/rest/accounts/contacts/:contactId/addresses', '/rest/payments']
      .map((route) => h.plentyCalls('POST', route));
    const before = writes();
    const again = await h.run(ids(incrementId));
    expect(again).toMatchObject({ status: 'completed', created: 0, updated: 0, skipped: 1 });
    expect(writes()).toEqual(before);
    expect(h.ordersFor(incrementId)).toHaveLength(1);
    const link = await h.db.query<{ plenty_id: string; hash: string | null }>(
      `select plenty_id, hash from entity_links where entity_type = 'order' and magento_key = $1`, [incrementId]);
    expect(link[0]?.plenty_id).toBe(String(h.ordersFor(incrementId)[0]!.id));
    expect(link[0]?.hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('books the payment once Magento has been paid, and only once', async () => {
    const { incrementId, entityId } = await h.placeOrder({ items: [{ sku: 'PG-0000007', qty: 1 }], email: 'paid@example.com' });
    expect(await h.run(ids(incrementId))).toMatchObject({ created: 1 });
    const orderId = h.ordersFor(incrementId)[0]!.id;
    expect(h.plentyStores.payments.forOrder(orderId)).toHaveLength(0);

    await h.magento('POST', `/rest/V1/order/${entityId}/invoice`, { capture: true });
    expect(await h.run(ids(incrementId))).toMatchObject({ updated: 1 });
    expect(await h.run(ids(incrementId))).toMatchObject({ updated: 0, skipped: 1 });
    const magentoOrder = await h.magento('GET', `/rest/V1/orders/${entityId}`) as { grand_total: number };
    const payments = h.plentyStores.payments.forOrder(orderId);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: magentoOrder.grand_total, mopId: 2, currency: 'EUR' });
  });
});

describe('contacts', () => {
  it('a guest and a registered customer with the same e-mail share one contact', async () => {
    const customer = await h.magento('GET', '/rest/V1/customers/1') as { email: string };
    const createdBefore = h.plentyStores.contacts.size.created;
    const registered = await h.placeOrder({ items: [{ sku: 'PG-0000008', qty: 1 }], customerId: 1 });
    const guest = await h.placeOrder({ items: [{ sku: 'PG-0000008', qty: 1 }], email: customer.email });
    expect(await h.run(ids(registered.incrementId, guest.incrementId), 'manual')).toMatchObject({ created: 2, failed: 0 });

    const receiver = (key: string) => h.ordersFor(key)[0]!.relations.find((r) => r.referenceType === 'contact')!.referenceId;
    expect(receiver(registered.incrementId)).toBe(receiver(guest.incrementId));
    expect(h.plentyStores.contacts.get(receiver(guest.incrementId))?.email).toBe(customer.email);
    expect(h.plentyStores.contacts.size.created).toBe(createdBefore);
  });

  it('two guest orders with a new e-mail create one contact', async () => {
    const createdBefore = h.plentyStores.contacts.size.created;
    const first = await h.placeOrder({ items: [{ sku: 'PG-0000000', qty: 1 }], email: 'New.Buyer@example.com' });
    const second = await h.placeOrder({ items: [{ sku: 'PG-0000005', qty: 1 }], email: 'new.buyer@example.com' });
    expect(await h.run(ids(first.incrementId))).toMatchObject({ created: 1 });
    expect(await h.run(ids(second.incrementId))).toMatchObject({ created: 1 });
    expect(h.plentyStores.contacts.size.created).toBe(createdBefore + 1);
  });
});

describe('orders that cannot be exported', () => {
  it('an unmapped payment method fails only that order, saying which mapping to add', async () => {
    const good = await h.placeOrder({ items: [{ sku: 'PG-0000000', qty: 1 }], email: 'ok@example.com' });
    const bad = await h.placeOrder({ items: [{ sku: 'PG-0000000', qty: 1 }], email: 'cod@example.com', paymentMethod: 'cashondelivery' });
    const result = await h.run(ids(bad.incrementId, good.incrementId), 'manual');
    expect(result).toMatchObject({ status: 'partial', created: 1, failed: 1 });
    expect(h.ordersFor(bad.incrementId)).toHaveLength(0);
    expect(h.ordersFor(good.incrementId)).toHaveLength(1);
    const messages = await h.messages(result.runId);
    expect(messages).toContainEqual(expect.objectContaining({
      level: 'error', recordKey: bad.incrementId,
      message: 'Payment method "cashondelivery" has no PlentyONE method of payment: add it under paymentMap.',
    }));
  });

  it('an unknown SKU fails only that order, saying to export or link the product', async () => {
    await h.magento('POST', '/_sandbox/products', { sku: 'MAGENTO-ONLY-1', name: 'Only in Magento', price: 12.5, type_id: 'simple', status: 1, visibility: 4, attribute_set_id: 4 });
    await h.magento('POST', '/_sandbox/source-items', { sourceItems: [{ sku: 'MAGENTO-ONLY-1', source_code: 'default', quantity: 10, status: 1 }] });
    const bad = await h.placeOrder({ items: [{ sku: 'MAGENTO-ONLY-1', qty: 1 }, { sku: 'PG-0000000', qty: 1 }], email: 'sku@example.com' });
    const good = await h.placeOrder({ items: [{ sku: 'PG-0000005', qty: 1 }], email: 'sku@example.com' });
    const result = await h.run(ids(bad.incrementId, good.incrementId), 'manual');
    expect(result).toMatchObject({ status: 'partial', created: 1, failed: 1 });
    expect(h.ordersFor(bad.incrementId)).toHaveLength(0);
    expect(await h.messages(result.runId)).toContainEqual(expect.objectContaining({
      recordKey: bad.incrementId,
      message: 'SKU "MAGENTO-ONLY-1" is not a PlentyONE variation number: export the product first or link it.',
    }));
    // Found out under the order's claim, which is given up at once: nothing was written, the next run may try.
    expect(await h.db.query(`select entity_type from entity_links where magento_key = $1`, [bad.incrementId])).toEqual([]);
  });
});

describe('exactly once', () => {
  it('a 500 after the order was written, then the retry, leaves exactly one order', async () => {
    const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000006', qty: 3 }], email: 'retry@example.com' });
    await h.addPlentyFault({ kind: 'fail-after-write', method: 'POST', path: '/rest/orders', times: 1 });
    const jobId = `retry-${incrementId}`;
    await expect(h.run(ids(incrementId), 'event', jobId)).rejects.toThrow(/500/);
    expect(h.ordersFor(incrementId)).toHaveLength(1); // written, though the answer said otherwise

    const retried = await h.run(ids(incrementId), 'event', jobId);
    expect(retried).toMatchObject({ status: 'completed', created: 1 });
    expect(h.ordersFor(incrementId)).toHaveLength(1);
    // Another delivery of the same webhook afterwards: found by its link, nothing written.
    expect(await h.run(ids(incrementId))).toMatchObject({ created: 0, skipped: 1 });
    expect(h.ordersFor(incrementId)).toHaveLength(1);
  });
});

describe('an order create without an answer', () => {
  it('is not created again while PlentyONE may still be writing it: the retry comes back and finds it', { timeout: 20_000 }, async () => {
    await h.configure({ ...sandboxOrderConfig, unansweredCreateWaitSeconds: 2 });
    try {
      const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000007', qty: 1 }], email: 'late@example.com' });
      // PlentyONE stores the order half a second after the client (5 s timeout) gave up on it.
      await h.addPlentyFault({ kind: 'timeout', lateWrite: true, holdMs: 5_500, method: 'POST', path: '/rest/orders', times: 1 });
      const jobId = `late-${incrementId}`;
      await expect(h.run(ids(incrementId), 'event', jobId)).rejects.toThrow(/no answer within/);
      await expect(h.run(ids(incrementId), 'event', jobId)).rejects.toThrow(
        `The last create of order ${incrementId} got no answer from PlentyONE, which may still be writing it; the next attempt, not before`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(h.ordersFor(incrementId)).toHaveLength(1); // the late write
      expect(await h.run(ids(incrementId), 'event', jobId)).toMatchObject({ status: 'completed', created: 1 });
      expect(h.ordersFor(incrementId)).toHaveLength(1);
    } finally {
      await h.configure(sandboxOrderConfig);
    }
  });
});

describe('PlentyONE unavailable while an order is mapped', () => {
  it('fails the run for the queue to retry instead of failing the order, and the retry exports it', async () => {
    // A SKU no earlier order of this file named: the variation ids found are kept for a minute.
    const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000012', qty: 1 }], email: 'outage@example.com' });
    await h.addPlentyFault({ kind: 'error', status: 503, method: 'GET', path: '/rest/items/variations', times: 3 });
    const jobId = `outage-${incrementId}`;
    await expect(h.run(ids(incrementId), 'event', jobId)).rejects.toThrow(/503/);
    expect(h.ordersFor(incrementId)).toHaveLength(0);
    expect(await h.run(ids(incrementId), 'event', jobId)).toMatchObject({ status: 'completed', created: 1, failed: 0 });
    expect(h.ordersFor(incrementId)).toHaveLength(1);
  });
});
