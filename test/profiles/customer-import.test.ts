import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderExportHarness } from './order-export-harness.js';
import { startCustomerHarness, type CustomerHarness } from './customer-harness.js';
import { plentyRest } from './support/plenty-rest.js';

/**
 * The customer import against both sandboxes: what a merchant checks in Magento after contacts were
 * created or changed in PlentyONE.
 */
let h: OrderExportHarness;
let c: CustomerHarness;

const baseConfig = {
  storeMapping: [
    { storeView: 'default', plentyId: 1000, language: 'en' },
    { storeView: 'de', plentyId: 1000, language: 'de' },
  ],
  classGroupMap: { 5: 2 },
};

beforeAll(async () => {
  c = await startCustomerHarness('plenty_customer_import', baseConfig);
  ({ h } = c);
}, 60_000);
afterAll(async () => h?.close());

interface MagentoCustomer {
  id: number; email: string; lastname: string; dob?: string; group_id: number; store_id: number; website_id: number; gender?: number;
  default_billing?: string; default_shipping?: string;
  addresses: { id: number; city: string; street: string[]; country_id: string; company?: string; telephone: string; default_billing?: boolean; default_shipping?: boolean }[];
}
async function customersWith(email: string): Promise<MagentoCustomer[]> {
  const q = `searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(email)}`;
  return ((await h.magento('GET', `/rest/V1/customers/search?${q}`)) as { items: MagentoCustomer[] }).items;
}

let seq = 0;
/** A contact as PlentyONE holds it after someone created it there, with an invoice and a delivery address. */
function newContact(opts: { email?: string; classId?: number; typeId?: number; lang?: string; countryId?: number } = {}) {
  seq += 1;
  const contacts = h.plentyStores.contacts;
  const contact = contacts.create({
    typeId: opts.typeId ?? 1, firstName: 'Kim', lastName: `Contact${seq}`, email: opts.email ?? `contact${seq}-${Date.now()}@example.com`,
    plentyId: 1000, lang: opts.lang ?? 'en', gender: 'female', birthdayAt: '1985-03-02T00:00:00+01:00', ...(opts.classId ? { classId: opts.classId } : {}),
  });
  const address = (typeId: number, town: string) => contacts.addAddress(contact.id, {
    typeId, name1: 'Kim GmbH', name2: 'Kim', name3: `Contact${seq}`, address1: 'Hauptstraße 5', postalCode: '80331', town, countryId: opts.countryId ?? 1,
    options: [{ typeId: 4, value: '+49 89 1' }],
  })!;
  address(1, 'München');
  address(2, 'Augsburg');
  return contacts.get(contact.id)!;
}
const magentoWrites = () => ({ post: h.sandboxes.magento.sandbox.log.get('POST'), put: h.sandboxes.magento.sandbox.log.get('PUT') });

describe('a full customer import', () => {
  let kim: ReturnType<typeof newContact>;
  it('makes each contact one Magento customer in the mapped store view, with group, gender and addresses', async () => {
    kim = newContact({ classId: 5 });
    const result = await c.run({ mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', failed: 0 });
    expect(result.created).toBeGreaterThanOrEqual(1);
    const [customer, ...more] = await customersWith(kim.email);
    expect(more).toHaveLength(0);
    expect(customer).toMatchObject({ firstname: 'Kim', lastname: kim.lastName, group_id: 2, store_id: 1, website_id: 1, gender: 2, dob: '1985-03-02' });
    expect(customer!.addresses.map((a) => [a.city, a.country_id, a.company, a.telephone, a.street])).toEqual([
      ['München', 'DE', 'Kim GmbH', '+49 89 1', ['Hauptstraße 5']], ['Augsburg', 'DE', 'Kim GmbH', '+49 89 1', ['Hauptstraße 5']],
    ]);
    expect(customer!.addresses[0]!.default_billing).toBe(true);
    expect(customer!.addresses[1]!.default_shipping).toBe(true);
    // Generated contacts share their e-mails with Magento's generated customers: updated, never duplicated.
    const generated = h.plentyStores.contacts.at(0)!;
    expect(await customersWith(generated.email)).toHaveLength(1);
  });

  it('writes nothing on a second full run', async () => {
    const before = magentoWrites();
    const again = await c.run({ mode: 'full' });
    expect(again).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(magentoWrites()).toEqual(before);
  });

  it('updates the customer after a contact callback, replacing the imported address in place', async () => {
    const contacts = h.plentyStores.contacts;
    const [before] = await customersWith(kim.email);
    contacts.update(kim.id, { lastName: 'Renamed' });
    contacts.updateAddress(kim.id, kim.addresses[0]!.id, { town: 'Regensburg' });
    const result = await c.run(c.ids(kim.id), 'event');
    expect(result).toMatchObject({ status: 'completed', updated: 1, created: 0 });
    const [after, ...more] = await customersWith(kim.email);
    expect(more).toHaveLength(0);
    expect(after).toMatchObject({ id: before!.id, lastname: 'Renamed' });
    expect(after!.addresses.map((a) => [a.id, a.city])).toEqual([[before!.addresses[0]!.id, 'Regensburg'], [before!.addresses[1]!.id, 'Augsburg']]);
  });
});

describe('an address deleted in PlentyONE', () => {
  it('is deleted in Magento with its link; the customer\'s own addresses and the other imported one stay', async () => {
    const email = `moved-${Date.now()}@example.com`;
    await h.magento('POST', '/rest/V1/customers', {
      customer: { email, firstname: 'Own', lastname: 'Book', website_id: 1, store_id: 1,
        addresses: [{ firstname: 'Own', lastname: 'Book', street: ['Own Street 1'], city: 'Köln', postcode: '50667', country_id: 'DE', telephone: '1' }] },
    });
    const contact = newContact({ email });
    expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ updated: 1, failed: 0 });
    const [before] = await customersWith(email);
    expect(before!.addresses.map((a) => a.city)).toEqual(['Köln', 'München', 'Augsburg']);
    const delivery = before!.addresses.find((a) => a.city === 'Augsburg')!;
    const addressLinks = () => h.db.query('select plenty_id from entity_links where entity_type = $1 and magento_key = $2', ['customer_address_import', String(delivery.id)]);
    expect(await addressLinks()).toEqual([{ plenty_id: String(contact.addresses[1]!.id) }]);

    await (await plentyRest(h.sandboxes.plenty.url))('DELETE', `/rest/accounts/contacts/${contact.id}/addresses/${contact.addresses[1]!.id}`);
    expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ updated: 1, failed: 0 });

    const [after] = await customersWith(email);
    expect(after!.addresses.map((a) => [a.id, a.city])).toEqual([[before!.addresses[0]!.id, 'Köln'], [before!.addresses[1]!.id, 'München']]);
    expect(await addressLinks()).toEqual([]);
  });
});

describe('a contact whose e-mail Magento already has', () => {
  it('updates that customer (Magento keeps e-mails unique per website) and keeps its own addresses', async () => {
    const email = `both-${Date.now()}@example.com`;
    const own = await h.magento('POST', '/rest/V1/customers', {
      customer: { email, firstname: 'Old', lastname: 'Name', website_id: 1, store_id: 1,
        addresses: [{ firstname: 'Old', lastname: 'Name', street: ['Old Street 1'], city: 'Köln', postcode: '50667', country_id: 'DE', telephone: '1', default_billing: true, default_shipping: true }] },
    }) as { id: number };
    // The unique e-mail per website: Magento refuses a second customer with it.
    await expect(h.magento('POST', '/rest/V1/customers', { customer: { email, firstname: 'X', lastname: 'Y', website_id: 1 } }))
      .rejects.toThrow(/same email address already exists/);
    const contact = newContact({ email });
    const result = await c.run(c.ids(contact.id), 'event');
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 1 });
    const [customer, ...more] = await customersWith(email);
    expect(more).toHaveLength(0);
    expect(customer).toMatchObject({ id: own.id, firstname: 'Kim' });
    expect(customer!.addresses.map((a) => a.city)).toEqual(['Köln', 'München', 'Augsburg']);
    expect(customer!.addresses.filter((a) => a.default_billing).map((a) => a.city)).toEqual(['München']);
  });
});

describe('contacts that are not imported', () => {
  it('skips a contact without an e-mail, saying why, while the rest of the batch goes on', async () => {
    const blank = newContact();
    h.plentyStores.contacts.update(blank.id, { email: '' });
    const fine = newContact();
    const result = await c.run(c.ids(blank.id, fine.id), 'event');
    expect(result).toMatchObject({ status: 'completed', created: 1, skipped: 1 });
    expect(JSON.stringify(await h.messages(result.runId))).toContain(`Contact ${blank.id} has no e-mail address`);
    expect(await customersWith(fine.email)).toHaveLength(1);
  });

  it('filters.typeIds and filters.classIds choose the contacts of a scan', async () => {
    await c.configure({ filters: { typeIds: [1], classIds: [5] } });
    try {
      const lead = newContact({ typeId: 2, classId: 5 });
      const other = newContact({ classId: 3 });
      const wanted = newContact({ classId: 5 });
      expect(await c.run({ mode: 'delta' })).toMatchObject({ status: 'completed', failed: 0 });
      expect(await customersWith(lead.email)).toHaveLength(0);
      expect(await customersWith(other.email)).toHaveLength(0);
      expect(await customersWith(wanted.email)).toHaveLength(1);
      // A callback for a contact outside the filters is skipped with the reason.
      const direct = await c.run(c.ids(lead.id), 'event');
      expect(direct).toMatchObject({ skipped: 1, created: 0 });
      expect(JSON.stringify(await h.messages(direct.runId))).toContain('outside filters.typeIds / filters.classIds');
      expect(await customersWith(lead.email)).toHaveLength(0);
    } finally {
      await c.configure({});
    }
  });

  it('an address in a country without an ISO code here fails its contact with the reason; countryMap fixes it', async () => {
    const far = newContact({ countryId: 52 });
    const failed = await c.run(c.ids(far.id), 'event');
    expect(failed).toMatchObject({ failed: 1 });
    expect(JSON.stringify(await h.messages(failed.runId))).toContain('PlentyONE country 52 has no ISO code here: add it under countryMap.');
    await c.configure({ countryMap: { IS: 52 } });
    try {
      expect(await c.run(c.ids(far.id), 'event')).toMatchObject({ created: 1 });
      expect((await customersWith(far.email))[0]!.addresses.map((a) => a.country_id)).toEqual(['IS', 'IS']);
    } finally {
      await c.configure({});
    }
  });
});

describe('settings', () => {
  it('createAddresses off and defaultGroupId: a customer without addresses in the default group; the language picks the store view', async () => {
    await c.configure({ createAddresses: false, defaultGroupId: 3 });
    try {
      const contact = newContact({ lang: 'de' });
      expect(await c.run(c.ids(contact.id), 'event')).toMatchObject({ created: 1 });
      const [customer] = await customersWith(contact.email);
      expect(customer).toMatchObject({ group_id: 3, store_id: 2 });
      expect(customer!.addresses).toHaveLength(0);
    } finally {
      await c.configure({});
    }
  });

  it('a delta run imports only contacts changed since the last run', async () => {
    await c.configure({ countryMap: { IS: 52 } });
    await c.run({ mode: 'delta' });
    const before = magentoWrites();
    const contact = newContact();
    const result = await c.run({ mode: 'delta' });
    expect(result).toMatchObject({ status: 'completed', created: 1, updated: 0, failed: 0 });
    expect(await customersWith(contact.email)).toHaveLength(1);
    expect(magentoWrites()).toEqual({ post: before.post + 1, put: before.put });
    await c.configure({});
  });

  it('is not ready to run without a store mapping', async () => {
    const details = await c.detailsWith({ storeMapping: [] });
    expect(details.implemented).toBe(true);
    expect(details.missing).toEqual([expect.stringContaining('storeMapping')]);
  });
});
