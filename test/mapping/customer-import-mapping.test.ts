/** The customer import with a mapping: a JSONata expression changes the Magento last name, a rule keeps a customer class out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomerHarness, type CustomerHarness } from '../profiles/customer-harness.js';

const baseConfig = { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }] };
let c: CustomerHarness;

beforeAll(async () => {
  c = await startCustomerHarness('plenty_customer_import', {
    ...baseConfig,
    mapping: {
      fields: [{ target: 'lastname', expression: '$uppercase(lastName) & " (" & $string(id) & ")"' }],
      rules: [{ if: { source: 'classId', in: [9] }, then: [{ skip: 'Staff accounts are not shop customers.' }] }],
    },
  });
}, 60_000);
afterAll(async () => c?.h.close());

const newContact = (lastName: string, classId?: number) => c.h.plentyStores.contacts.create({
  typeId: 1, firstName: 'Kim', lastName, email: `${lastName.toLowerCase()}-${Date.now()}@example.com`, plentyId: 1000, lang: 'en', ...(classId ? { classId } : {}),
});
async function customersWith(email: string): Promise<{ lastname: string }[]> {
  const q = `searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(email)}`;
  return ((await c.h.magento('GET', `/rest/V1/customers/search?${q}`)) as { items: { lastname: string }[] }).items;
}

describe('customer import mapping', () => {
  it('writes the mapped last name and skips the staff contact with the rule\'s reason', async () => {
    const shopper = newContact('Shopper');
    const staff = newContact('Staff', 9);
    const result = await c.run(c.ids(shopper.id, staff.id));
    expect(result).toMatchObject({ created: 1, skipped: 1, failed: 0 });
    expect((await customersWith(shopper.email)).map((x) => x.lastname)).toEqual([`SHOPPER (${shopper.id})`]);
    expect(await customersWith(staff.email)).toEqual([]);
    expect((await c.h.messages(result.runId)).map((m) => m.message)).toContain('Staff accounts are not shop customers.');
  });
});
