import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderExportHarness } from './order-export-harness.js';
import { startCustomerHarness, type CustomerHarness } from './customer-harness.js';
import { setPlentygateModuleInstalled } from '../../src/sandbox/magento/rest/plentygate-module.js';

/**
 * The customer import's welcome e-mail switch, newsletter consent, companies and deleted contacts:
 * what a merchant checks in Magento (and in the mails it would send) after contacts changed in PlentyONE.
 */
let h: OrderExportHarness;
let c: CustomerHarness;

beforeAll(async () => {
  c = await startCustomerHarness('plenty_customer_import', { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }] });
  ({ h } = c);
}, 120_000);
afterAll(async () => h?.close());

interface MagentoCustomer {
  id: number; email: string; taxvat?: string; extension_attributes?: { is_subscribed?: boolean };
  addresses: { company?: string; vat_id?: string; city: string }[];
}
async function customerWith(email: string): Promise<MagentoCustomer | undefined> {
  const q = `searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(email)}`;
  const { items } = (await h.magento('GET', `/rest/V1/customers/search?${q}`)) as { items: MagentoCustomer[] };
  expect(items.length).toBeLessThanOrEqual(1);
  return items[0];
}
const welcomeMailsTo = (email: string) => h.sandboxes.magento.sandbox.store.customers.welcomeEmails.filter((m) => m.email === email);
const importLink = async (contactId: number) =>
  (await h.db.query<{ magento_key: string }>(`select magento_key from entity_links where entity_type = 'customer_import' and plenty_id = $1`, [String(contactId)]))[0];

let seq = 0;
function newContact(extra: Record<string, unknown> = {}, address: Record<string, unknown> = {}) {
  seq += 1;
  const contacts = h.plentyStores.contacts;
  const contact = contacts.create({ typeId: 1, firstName: 'Ida', lastName: `Sync${seq}`, email: `sync${seq}-${Date.now()}@example.com`, plentyId: 1000, lang: 'en', ...extra });
  contacts.addAddress(contact.id, { typeId: 1, name2: 'Ida', name3: `Sync${seq}`, address1: 'Ring 1', postalCode: '80331', town: 'München', countryId: 1, ...address });
  return contacts.get(contact.id)!;
}

describe('the welcome e-mail', () => {
  it('is not sent by default: the customer is created through the plentygate module\'s route', async () => {
    const contact = newContact();
    expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1, failed: 0 });
    expect(await customerWith(contact.email)).toBeDefined();
    expect(welcomeMailsTo(contact.email)).toEqual([]);
  });

  it('a shop without the plentygate module: the new customer fails, saying to install it or turn sendWelcomeEmail on', async () => {
    const { store } = h.sandboxes.magento.sandbox;
    setPlentygateModuleInstalled(store, false);
    try {
      const contact = newContact();
      const result = await c.run(c.ids(contact.id), 'event');
      expect(result).toMatchObject({ failed: 1, created: 0 });
      expect(JSON.stringify(await h.messages(result.runId))).toContain('needs the plentygate Magento module');
      expect(await customerWith(contact.email)).toBeUndefined();
    } finally {
      setPlentygateModuleInstalled(store, true);
    }
  });

  it('sendWelcomeEmail on: Magento sends it, once, and not again when the contact changes', async () => {
    await c.configure({ sendWelcomeEmail: true });
    try {
      const contact = newContact();
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
      const customer = await customerWith(contact.email);
      expect(welcomeMailsTo(contact.email)).toEqual([expect.objectContaining({ customerId: customer!.id, template: 'registered_no_password' })]);
      h.plentyStores.contacts.update(contact.id, { lastName: 'Changed' });
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ updated: 1 });
      expect(welcomeMailsTo(contact.email)).toHaveLength(1);
    } finally {
      await c.configure({});
    }
  });
});

describe('newsletter consent', () => {
  it('newsletter on: the customer is subscribed while the contact has a newsletter allowance', async () => {
    await c.configure({ newsletter: true });
    try {
      const contact = newContact({ newsletterAllowanceAt: '2026-01-02T10:00:00+01:00' });
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
      expect((await customerWith(contact.email))!.extension_attributes?.is_subscribed).toBe(true);
      h.plentyStores.contacts.update(contact.id, { newsletterAllowanceAt: null });
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ updated: 1 });
      expect((await customerWith(contact.email))!.extension_attributes?.is_subscribed).toBe(false);
    } finally {
      await c.configure({});
    }
  });

  it('newsletter off (the default) leaves the subscription as Magento has it', async () => {
    const contact = newContact({ newsletterAllowanceAt: '2026-01-02T10:00:00+01:00' });
    expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
    expect((await customerWith(contact.email))!.extension_attributes?.is_subscribed).toBe(false);
  });
});

describe('b2bAccounts', () => {
  it('the contact\'s company names addresses without one and its VAT id becomes taxvat and vat_id', async () => {
    const contact = newContact({}, { name1: '' });
    h.plentyStores.contacts.createAccount(contact.id, { companyName: 'Ida Trading GmbH', taxIdNumber: 'DE987654321' });
    expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
    const plain = await customerWith(contact.email);
    expect(plain!.taxvat).toBeUndefined();
    expect(plain!.addresses[0]!.company).toBeUndefined();

    await c.configure({ b2bAccounts: true });
    try {
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ updated: 1 });
      const b2b = await customerWith(contact.email);
      expect(b2b).toMatchObject({ id: plain!.id, taxvat: 'DE987654321' });
      expect(b2b!.addresses.map((a) => [a.company, a.vat_id])).toEqual([['Ida Trading GmbH', 'DE987654321']]);
      // Unchanged since: the second run writes nothing.
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ skipped: 1, updated: 0 });
    } finally {
      await c.configure({});
    }
  });
});

describe('with every setting on', () => {
  it('a second full run writes nothing', async () => {
    await c.configure({ newsletter: true, b2bAccounts: true, sendWelcomeEmail: true });
    try {
      const contact = newContact({ newsletterAllowanceAt: '2026-01-02T10:00:00+01:00' }, { name1: '' });
      h.plentyStores.contacts.createAccount(contact.id, { companyName: 'Full Run AG', taxIdNumber: 'DE2' });
      expect(await c.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
      const log = h.sandboxes.magento.sandbox.log;
      const before = [log.get('POST'), log.get('PUT'), log.get('DELETE')];
      expect(await c.run({ mode: 'full' })).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
      expect([log.get('POST'), log.get('PUT'), log.get('DELETE')]).toEqual(before);
    } finally {
      await c.configure({});
    }
  });
});

describe('storeMapping referrerId', () => {
  it('a row naming a referrer imports only the contacts of that referrer', async () => {
    await c.configure({ storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en', referrerId: '1' }] });
    try {
      const shop = newContact({ referrerId: 1 });
      const marketplace = newContact({ referrerId: 4.01 });
      const result = await c.run(c.ids(shop.id, marketplace.id), 'event');
      expect(result).toMatchObject({ created: 1, skipped: 1 });
      expect(JSON.stringify(await h.messages(result.runId))).toContain(`Contact ${marketplace.id} belongs to PlentyONE client 1000 (referrer 4.01)`);
      expect(await customerWith(shop.email)).toBeDefined();
      expect(await customerWith(marketplace.email)).toBeUndefined();
    } finally {
      await c.configure({});
    }
  });
});

describe('a contact deleted in PlentyONE', () => {
  it('deletions "leave" (the default): the customer stays, the link is removed, the run says so', async () => {
    const contact = newContact();
    expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
    const customer = await customerWith(contact.email);
    h.plentyStores.contacts.delete(contact.id);
    const result = await c.run(c.ids(contact.id), 'event');
    expect(result).toMatchObject({ status: 'completed', skipped: 1, failed: 0 });
    expect(JSON.stringify(await h.messages(result.runId))).toContain(`Magento customer ${customer!.id} is left as it is`);
    expect(await customerWith(contact.email)).toBeDefined();
    expect(await importLink(contact.id)).toBeUndefined();
  });

  it('scanDeletions: a full run finds a contact deleted without a callback; off, a full run leaves its customer alone', async () => {
    const contact = newContact();
    expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
    const customer = await customerWith(contact.email);
    h.plentyStores.contacts.delete(contact.id);
    try {
      await c.configure({ deletions: 'delete' });
      expect(await c.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
      expect(await customerWith(contact.email)).toBeDefined();
      expect(await importLink(contact.id)).toBeDefined();

      await c.configure({ deletions: 'delete', scanDeletions: true });
      const scanned = await c.run({ mode: 'full' });
      expect(scanned).toMatchObject({ status: 'completed', failed: 0 });
      expect(JSON.stringify(await h.messages(scanned.runId))).toContain(`Magento customer ${customer!.id} deleted`);
      expect(await customerWith(contact.email)).toBeUndefined();
      expect(await importLink(contact.id)).toBeUndefined();
    } finally {
      await c.configure({});
    }
  });

  it('deletions "delete": the Magento customer is deleted and the run history names it', async () => {
    await c.configure({ deletions: 'delete' });
    try {
      const contact = newContact();
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
      const customer = await customerWith(contact.email);
      h.plentyStores.contacts.delete(contact.id);
      const result = await c.run(c.ids(contact.id), 'event');
      expect(result).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      expect(JSON.stringify(await h.messages(result.runId))).toContain(`Magento customer ${customer!.id} deleted`);
      expect(await customerWith(contact.email)).toBeUndefined();
      expect(await importLink(contact.id)).toBeUndefined();
      // Once the link is gone there is nothing left to do.
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ skipped: 1, updated: 0 });
    } finally {
      await c.configure({});
    }
  });
});
