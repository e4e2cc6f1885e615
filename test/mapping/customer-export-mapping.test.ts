/**
 * The customer export with a mapping: a JSONata expression changes the contact's last name, a rule keeps
 * wholesale customers out, and a changed mapping is written again (its result is part of the hash).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomerHarness, type CustomerHarness } from '../profiles/customer-harness.js';
import { registerCustomer } from '../profiles/customer-fixtures.js';

const baseConfig = { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }] };
const rule = { if: { source: 'group_id', equals: 3 }, then: [{ skip: 'Wholesale customers are kept in the ERP by hand.' }] };
let c: CustomerHarness;

beforeAll(async () => {
  c = await startCustomerHarness('plenty_customer_export', baseConfig);
}, 60_000);
afterAll(async () => c?.h.close());

describe('customer export mapping', () => {
  it('writes the mapped last name, skips the wholesale customer, and writes again when the mapping changes', async () => {
    await c.configure({ mapping: { fields: [{ target: 'lastName', expression: '$uppercase(lastname)' }], rules: [rule] } });
    const retail = await registerCustomer(c.h);
    const wholesale = await registerCustomer(c.h, { groupId: 3 });
    const first = await c.run(c.ids(retail.id, wholesale.id));
    expect(first).toMatchObject({ created: 1, skipped: 1, failed: 0 });
    const contact = () => c.h.plentyStores.contacts.byEmail(retail.email)[0];
    expect(contact()?.lastName).toBe(retail.lastname.toUpperCase());
    expect(c.h.plentyStores.contacts.byEmail(wholesale.email)).toEqual([]);
    expect((await c.h.messages(first.runId)).map((m) => m.message)).toContain('Wholesale customers are kept in the ERP by hand.');

    // Same customer, same mapping: nothing to write.
    expect(await c.run(c.ids(retail.id))).toMatchObject({ updated: 0 });
    // Another mapping: the contact is written again with what it makes.
    await c.configure({ mapping: { fields: [{ target: 'lastName', expression: '"Mx " & lastname' }], rules: [rule] } });
    expect(await c.run(c.ids(retail.id))).toMatchObject({ updated: 1 });
    expect(contact()?.lastName).toBe(`Mx ${retail.lastname}`);
  });
});
