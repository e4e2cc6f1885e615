import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderExportHarness } from './order-export-harness.js';
import { startCustomerHarness, type CustomerHarness } from './customer-harness.js';
import { registerCustomer } from './customer-fixtures.js';

/**
 * The customer export's newsletter consent, mapped custom attributes and deleted customers: what a
 * merchant checks on the PlentyONE contact after a customer subscribed, changed or was deleted in Magento.
 */
let h: OrderExportHarness;
let c: CustomerHarness;

beforeAll(async () => {
  c = await startCustomerHarness('plenty_customer_export', { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }] });
  ({ h } = c);
}, 120_000);
afterAll(async () => h?.close());

const contactOf = (email: string) => {
  const [contact, ...more] = h.plentyStores.contacts.byEmail(email);
  expect(more).toHaveLength(0);
  return contact;
};
const customerLink = async (id: number) =>
  (await h.db.query<{ plenty_id: string }>(`select plenty_id from entity_links where entity_type = 'customer' and magento_key = $1`, [String(id)]))[0];
async function change(id: number, patch: Record<string, unknown>) {
  const current = await h.magento('GET', `/rest/V1/customers/${id}`) as Record<string, unknown>;
  await h.magento('PUT', `/rest/V1/customers/${id}`, { customer: { ...current, ...patch } });
}

describe('newsletter consent', () => {
  it('a subscribed customer\'s contact gets a newsletter allowance; unsubscribing clears it', async () => {
    const customer = await registerCustomer(h, { extra: { extension_attributes: { is_subscribed: true } } });
    expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
    const allowed = contactOf(customer.email)!.newsletterAllowanceAt;
    expect(allowed).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // A change elsewhere keeps the date the consent was first written with.
    await change(customer.id, { lastname: 'Renamed' });
    expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ updated: 1 });
    expect(contactOf(customer.email)).toMatchObject({ lastName: 'Renamed', newsletterAllowanceAt: allowed });

    await change(customer.id, { extension_attributes: { is_subscribed: false } });
    expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ updated: 1 });
    expect(contactOf(customer.email)!.newsletterAllowanceAt).toBeNull();
  });

  it('newsletter off leaves the contact\'s consent as PlentyONE has it', async () => {
    await c.configure({ newsletter: false });
    try {
      const customer = await registerCustomer(h, { extra: { extension_attributes: { is_subscribed: true } } });
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
      expect(contactOf(customer.email)!.newsletterAllowanceAt).toBeNull();
    } finally {
      await c.configure({});
    }
  });
});

describe('customAttributes', () => {
  it('fills the mapped contact fields from Magento\'s custom customer attributes, and clears a removed value', async () => {
    const attributes = [{ attribute_code: 'customer_number', value: 'K-100' }, { attribute_code: 'mobile', value: '+49 170 1' }];
    const unmapped = await registerCustomer(h, { extra: { custom_attributes: attributes } });
    expect(await c.run(c.ids(unmapped.id), 'event')).toMatchObject({ created: 1 });
    expect(contactOf(unmapped.email)).not.toHaveProperty('privateMobile');

    await c.configure({ customAttributes: { customer_number: 'number', mobile: 'privateMobile' } });
    try {
      const customer = await registerCustomer(h, { extra: { custom_attributes: attributes } });
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
      expect(contactOf(customer.email)).toMatchObject({ number: 'K-100', privateMobile: '+49 170 1' });

      await change(customer.id, { custom_attributes: [{ attribute_code: 'mobile', value: '' }] });
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ updated: 1 });
      expect(contactOf(customer.email)).toMatchObject({ number: 'K-100', privateMobile: '' });
    } finally {
      await c.configure({});
    }
  });

  it('refuses a contact field it cannot fill, naming the ones it can', async () => {
    await expect(c.configure({ customAttributes: { customer_number: 'email' } })).rejects.toThrow(/contact fields are number, title/);
  });
});

describe('with every setting on', () => {
  it('a second full run writes nothing', async () => {
    await c.configure({ customAttributes: { customer_number: 'number' }, b2bAccounts: true });
    try {
      await registerCustomer(h, { vatId: 'DE1', extra: { extension_attributes: { is_subscribed: true }, custom_attributes: [{ attribute_code: 'customer_number', value: 'K-7' }] } });
      expect(await c.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
      const calls = () => ['POST /rest/accounts/contacts', 'PUT /rest/accounts/contacts/:contactId', 'POST /rest/accounts/contacts/:contactId/addresses',
        'PUT /rest/accounts/contacts/:contactId/addresses/:addressId', 'POST /rest/accounts/contacts/:contactId/accounts', 'PUT /rest/accounts/contacts/:contactId/accounts/:accountId']
        .map((r) => { const [method, route] = r.split(' '); return h.plentyCalls(method!, route!); });
      const before = calls();
      expect(await c.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
      expect(calls()).toEqual(before);
    } finally {
      await c.configure({});
    }
  });
});

describe('a customer deleted in Magento', () => {
  it('deletions "leave" (the default): the contact stays, the link is removed, the run says so', async () => {
    const customer = await registerCustomer(h);
    expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
    const contact = contactOf(customer.email)!;
    await h.magento('DELETE', `/rest/V1/customers/${customer.id}`);
    const result = await c.run(c.ids(customer.id), 'event');
    expect(result).toMatchObject({ status: 'completed', skipped: 1, failed: 0 });
    expect(JSON.stringify(await h.messages(result.runId))).toContain(`PlentyONE contact ${contact.id} is left as it is (deletions is \\"leave\\"), the link removed`);
    expect(h.plentyStores.contacts.get(contact.id)).toBeDefined();
    expect(await customerLink(customer.id)).toBeUndefined();
  });

  it('scanDeletions: a full run finds a customer deleted without a webhook; off, a full run leaves its contact alone', async () => {
    const customer = await registerCustomer(h);
    expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
    const contact = contactOf(customer.email)!;
    await h.magento('DELETE', `/rest/V1/customers/${customer.id}`);
    try {
      await c.configure({ deletions: 'delete' });
      expect(await c.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
      expect(h.plentyStores.contacts.get(contact.id)).toBeDefined();
      expect(await customerLink(customer.id)).toBeDefined();

      await c.configure({ deletions: 'delete', scanDeletions: true });
      const scanned = await c.run({ mode: 'full' });
      expect(scanned).toMatchObject({ status: 'completed', failed: 0 });
      expect(JSON.stringify(await h.messages(scanned.runId))).toContain(`PlentyONE contact ${contact.id} deleted`);
      expect(h.plentyStores.contacts.get(contact.id)).toBeUndefined();
      expect(await customerLink(customer.id)).toBeUndefined();
    } finally {
      await c.configure({});
    }
  });

  it('deletions "delete": the contact is deleted and the run history names it; a contact with orders is kept, saying why', async () => {
    await c.configure({ deletions: 'delete' });
    try {
      const customer = await registerCustomer(h);
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
      const contact = contactOf(customer.email)!;
      await h.magento('DELETE', `/rest/V1/customers/${customer.id}`);
      const result = await c.run(c.ids(customer.id), 'event');
      expect(result).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      expect(JSON.stringify(await h.messages(result.runId))).toContain(`PlentyONE contact ${contact.id} deleted`);
      expect(h.plentyStores.contacts.get(contact.id)).toBeUndefined();
      expect(await customerLink(customer.id)).toBeUndefined();
      // Once the link is gone there is nothing left to do.
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ skipped: 1, updated: 0 });

      const buyer = await registerCustomer(h);
      const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000001', qty: 1 }], email: buyer.email, customerId: buyer.id });
      expect(await h.run({ mode: 'ids', ids: [incrementId] })).toMatchObject({ created: 1 });
      expect(await c.run(c.ids(buyer.id), 'event')).toMatchObject({ updated: 1 });
      const kept = contactOf(buyer.email)!;
      await h.magento('DELETE', `/rest/V1/customers/${buyer.id}`);
      const refused = await c.run(c.ids(buyer.id), 'event');
      expect(refused).toMatchObject({ skipped: 1, failed: 0 });
      expect(JSON.stringify(await h.messages(refused.runId))).toContain(`PlentyONE kept contact ${kept.id}`);
      expect(h.plentyStores.contacts.get(kept.id)).toBeDefined();
      expect(await customerLink(buyer.id)).toBeUndefined();
    } finally {
      await c.configure({});
    }
  });
});
