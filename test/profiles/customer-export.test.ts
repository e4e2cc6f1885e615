import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderExportHarness } from './order-export-harness.js';
import { startCustomerHarness, type CustomerHarness } from './customer-harness.js';
import { registerCustomer, type NewCustomer } from './customer-fixtures.js';

/**
 * The customer export against both sandboxes: what a merchant checks in PlentyONE after customers
 * registered or changed in Magento, next to the order export that makes contacts for buyers.
 */
let h: OrderExportHarness;
let c: CustomerHarness;

const baseConfig = {
  storeMapping: [
    { storeView: 'default', plentyId: 1000, language: 'en' },
    { storeView: 'de', plentyId: 1000, language: 'de', referrerId: '3' },
  ],
  groupClassMap: { 1: 2 },
};

beforeAll(async () => {
  c = await startCustomerHarness('plenty_customer_export', baseConfig);
  ({ h } = c);
}, 60_000);
afterAll(async () => h?.close());

/** Registers a customer through Magento's REST API (as the admin does), with a billing and a delivery address. */
const register = (opts: Parameters<typeof registerCustomer>[1] = {}) => registerCustomer(h, opts);

const contactsWith = (email: string) => h.plentyStores.contacts.byEmail(email);
const writes = () => ['POST /rest/accounts/contacts', 'PUT /rest/accounts/contacts/:contactId',
  'POST /rest/accounts/contacts/:contactId/addresses', 'PUT /rest/accounts/contacts/:contactId/addresses/:addressId']
  .map((r) => { const [method, route] = r.split(' '); return h.plentyCalls(method!, route!); });

describe('a full customer export', () => {
  let a: NewCustomer;
  let b: NewCustomer;
  it('makes each Magento customer one PlentyONE contact with its addresses, client, language, class and gender', async () => {
    a = await register();
    b = await register({ storeId: 2 });
    const result = await c.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', failed: 0 });
    expect(result.created).toBeGreaterThanOrEqual(2);

    const [contact, ...more] = contactsWith(a.email);
    expect(more).toHaveLength(0);
    expect(contact).toMatchObject({ firstName: 'Lin', plentyId: 1000, lang: 'en', classId: 2, gender: 'female', referrerId: 1, birthdayAt: '1990-05-17T00:00:00+00:00' });
    expect(contact!.addresses.map((x) => [x.typeId, x.town, x.name2, x.name3, x.countryId])).toEqual([
      [1, 'Berlin', 'Lin', contact!.lastName, 1], [2, 'Hamburg', 'Lin', contact!.lastName, 1],
    ]);
    expect(contact!.addresses[0]!.options.map((o) => [o.typeId, o.value])).toEqual([[5, a.email], [4, '+49 30 123']]);
    // b2bAccounts is off by default: no company.
    expect(h.plentyStores.contacts.accountsOf(contact!.id)).toEqual([]);
    const [other, ...moreB] = contactsWith(b.email);
    expect(moreB).toHaveLength(0);
    expect(other).toMatchObject({ lang: 'de', referrerId: 3 });

    // Every Magento customer of the mapped store views has exactly one contact.
    const magento = await h.magento('GET', '/rest/V1/customers/search?searchCriteria[pageSize]=100') as { items: { email: string }[] };
    for (const customer of magento.items) expect(contactsWith(customer.email)).toHaveLength(1);
  });

  it('writes nothing on a second full run: the links hold the hash of what was written', async () => {
    const before = writes();
    const again = await c.run({ mode: 'full' });
    expect(again).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(again.skipped).toBeGreaterThanOrEqual(2);
    expect(writes()).toEqual(before);
    const link = await h.db.query<{ plenty_id: string; hash: string | null }>(
      `select plenty_id, hash from entity_links where entity_type = 'customer' and magento_key = $1`, [String(a.id)]);
    expect(link[0]).toMatchObject({ plenty_id: String(contactsWith(a.email)[0]!.id), hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('updates the contact and the changed address after a save webhook, without a second contact or address', async () => {
    const contactId = contactsWith(a.email)[0]!.id;
    await h.magento('PUT', `/rest/V1/customers/${a.id}`, {
      customer: {
        email: a.email, firstname: 'Lin', lastname: 'Married', group_id: 1, store_id: 1, website_id: 1,
        addresses: [
          { id: a.addresses[0]!.id, firstname: 'Lin', lastname: 'Married', street: ['New Road 1'], city: 'Potsdam', postcode: '14467', country_id: 'DE', telephone: '+49 30 123', default_billing: true },
          { id: a.addresses[1]!.id, firstname: 'Lin', lastname: 'Shopper', company: 'Acme', street: [`Main Street`], city: 'Hamburg', postcode: '10115', country_id: 'DE', telephone: '+49 30 123', default_shipping: true },
        ],
      },
    });
    const result = await c.run(c.ids(a.id), 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 1, created: 0 });
    const [contact, ...more] = contactsWith(a.email);
    expect(more).toHaveLength(0);
    expect(contact).toMatchObject({ id: contactId, lastName: 'Married' });
    expect(contact!.addresses).toHaveLength(2);
    expect(contact!.addresses.find((x) => x.typeId === 1)).toMatchObject({ town: 'Potsdam', address1: 'New Road 1', name3: 'Married' });
  });

  it('finds the customer by e-mail when the event names it so', async () => {
    expect(await c.run(c.ids(b.email), 'event')).toMatchObject({ status: 'completed', skipped: 1 });
  });
});

describe('a customer who already placed an exported order', () => {
  it('keeps the one contact the order export created for them', async () => {
    const customer = await register();
    const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000001', qty: 1 }], email: customer.email, customerId: customer.id });
    expect(await h.run({ mode: 'ids', ids: [incrementId] })).toMatchObject({ created: 1 });
    const [fromOrder] = contactsWith(customer.email);
    expect(fromOrder).toBeDefined();

    const result = await c.run(c.ids(customer.id), 'event');
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 1 });
    const contacts = contactsWith(customer.email);
    expect(contacts.map((c) => c.id)).toEqual([fromOrder!.id]);
    expect(contacts[0]!.addresses.filter((x) => x.town === 'Hamburg')).toHaveLength(1);
  });
});

describe('customers that are not exported', () => {
  it('skips a customer without an e-mail, saying why, while the rest of the batch goes on', async () => {
    const blank = await register();
    const fine = await register();
    // Imported or legacy customers can lack an e-mail (the REST API would refuse to save one so).
    await h.sandboxes.magento.sandbox.store.customers.update(blank.id, { email: ' ' });
    const result = await c.run(c.ids(blank.id, fine.id), 'event');
    expect(result).toMatchObject({ status: 'completed', created: 1, skipped: 1 });
    const messages = await h.messages(result.runId);
    expect(JSON.stringify(messages)).toContain(`Customer ${blank.id} has no e-mail address`);
    expect(contactsWith(fine.email)).toHaveLength(1);
  });

  it('leaves out customers of store views outside filters.storeViews', async () => {
    await c.configure({ filters: { storeViews: ['de'] } });
    try {
      const english = await register({ storeId: 1 });
      const german = await register({ storeId: 2 });
      const result = await c.run({ mode: 'delta' });
      expect(result).toMatchObject({ status: 'completed', failed: 0 });
      expect(contactsWith(english.email)).toHaveLength(0);
      expect(contactsWith(german.email)).toHaveLength(1);
      const direct = await c.run(c.ids(english.id), 'event');
      expect(JSON.stringify(await h.messages(direct.runId))).toContain('does not export');
    } finally {
      await c.configure({});
    }
  });
});

describe('settings', () => {
  it('createAddresses off: the contact gets no addresses', async () => {
    await c.configure({ createAddresses: false });
    try {
      const customer = await register();
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
      expect(contactsWith(customer.email)[0]!.addresses).toHaveLength(0);
    } finally {
      await c.configure({});
    }
  });

  it('b2bAccounts: the company of the billing address becomes the contact\'s account, once, and follows its changes', async () => {
    await c.configure({ b2bAccounts: true });
    try {
      const customer = await register({ vatId: 'DE123456789' });
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
      const contact = contactsWith(customer.email)[0]!;
      const [account, ...more] = h.plentyStores.contacts.accountsOf(contact.id);
      expect(more).toHaveLength(0);
      expect(account).toMatchObject({ companyName: 'Acme', taxIdNumber: 'DE123456789' });
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ skipped: 1 });

      const current = await h.magento('GET', `/rest/V1/customers/${customer.id}`) as { addresses: Record<string, unknown>[] } & Record<string, unknown>;
      await h.magento('PUT', `/rest/V1/customers/${customer.id}`, {
        customer: { ...current, addresses: current.addresses.map((a) => ({ ...a, company: 'Acme Holding' })) },
      });
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ updated: 1 });
      expect(h.plentyStores.contacts.accountsOf(contact.id)).toEqual([expect.objectContaining({ id: account!.id, companyName: 'Acme Holding' })]);
    } finally {
      await c.configure({});
    }
  });

  it('defaultClassId classes groups not in groupClassMap; addressFields choose the name lines', async () => {
    await c.configure({ defaultClassId: 7, addressFields: { name1: 'none', name2: 'lastname', name3: 'firstname', name4: 'company' } });
    try {
      const customer = await register({ groupId: 3 });
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
      const [contact] = contactsWith(customer.email);
      expect(contact!.classId).toBe(7);
      expect(contact!.addresses[0]).toMatchObject({ name1: '', name2: contact!.lastName, name3: 'Lin', name4: 'Acme' });
    } finally {
      await c.configure({});
    }
  });

  it('an address in a country without a PlentyONE id fails its customer with the reason; countryMap fixes it', async () => {
    const customer = await register({ country: 'IS' });
    const failed = await c.run(c.ids(customer.id), 'event');
    expect(failed).toMatchObject({ failed: 1 });
    expect(JSON.stringify(await h.messages(failed.runId))).toContain('Country \\"IS\\" has no PlentyONE country id: add it under countryMap.');
    expect(contactsWith(customer.email)).toHaveLength(0);
    await c.configure({ countryMap: { IS: 52 } });
    try {
      expect(await c.run(c.ids(customer.id), 'event')).toMatchObject({ created: 1 });
      expect(contactsWith(customer.email)[0]!.addresses.map((x) => x.countryId)).toEqual([52, 52]);
    } finally {
      await c.configure({});
    }
  });

  it('a delta run exports only customers changed since the last run', async () => {
    await c.configure({ countryMap: { IS: 52 } });
    await c.run({ mode: 'delta' });
    const before = writes();
    const customer = await register();
    const result = await c.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'completed', created: 1, updated: 0, failed: 0 });
    expect(contactsWith(customer.email)).toHaveLength(1);
    expect(writes()[0]).toBe(before[0]! + 1);
    await c.configure({});
  });

  it('is not ready to run without a store mapping', async () => {
    const details = await c.detailsWith({ storeMapping: [] });
    expect(details.implemented).toBe(true);
    expect(details.missing).toEqual([expect.stringContaining('storeMapping')]);
  });
});
