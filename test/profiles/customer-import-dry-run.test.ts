/** plenty_customer_import dry runs: each contact as the customer it would create or update, beside Magento's; nothing written to either system. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { startCustomerHarness, type CustomerHarness } from './customer-harness.js';

describe(`customer import dry run on ${engine}`, () => {
  let c: CustomerHarness;
  let service: ReturnType<typeof dryRunService>;
  const contacts = () => c.h.plentyStores.contacts;
  const writes = () => bothSandboxWrites({ magento: c.h.sandboxes.magento.url, plenty: c.h.sandboxes.plenty.url });
  const customersWith = async (email: string) => ((await c.h.magento('GET',
    `/rest/V1/customers/search?searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(email)}`)) as {
    items: { id: number; lastname: string; addresses: { city: string }[] }[];
  }).items;
  let seq = 0;
  const newContact = () => {
    seq += 1;
    const contact = contacts().create({ typeId: 1, firstName: 'Kim', lastName: `Preview${seq}`, email: `preview${seq}-${Date.now()}@example.com`, plentyId: 1000, lang: 'en' });
    contacts().addAddress(contact.id, { typeId: 1, name2: 'Kim', name3: `Preview${seq}`, address1: 'Hauptstraße 5', postalCode: '80331', town: 'München', countryId: 1 });
    return contacts().get(contact.id)!;
  };

  beforeAll(async () => {
    c = await startCustomerHarness('plenty_customer_import', { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }] });
    service = dryRunService(c.h.db.db, await builtinRegistry(), { connectors: c.h.connectors });
  }, 60_000);
  afterAll(async () => c?.h.close());

  it('shows a contact Magento has no customer for as created, with its fields and address, and writes nothing', async () => {
    const kim = newContact();
    const written = await writes();
    const report = await service.dryRun(c.profileId, c.ids(kim.id), 10);

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const [record] = report.records;
    expect(record).toMatchObject({ key: String(kim.id), action: 'create' });
    expect(record!.diff).toEqual(expect.arrayContaining([
      { field: 'email', after: kim.email },
      { field: 'lastname', after: kim.lastName },
      { field: `addresses.${kim.addresses[0]!.id}.city`, after: 'München' },
    ]));
    expect(await writes()).toEqual(written);
    expect(await customersWith(kim.email)).toEqual([]);
  });

  it('after an import shows a renamed contact and a moved address as an update from Magento\'s values, an untouched one as unchanged, and a run still writes it', async () => {
    const kim = newContact();
    const lee = newContact();
    expect(await c.run(c.ids(kim.id, lee.id))).toMatchObject({ status: 'completed', created: 2, failed: 0 });
    const [customer] = await customersWith(kim.email);
    contacts().update(kim.id, { lastName: 'Renamed' });
    contacts().updateAddress(kim.id, kim.addresses[0]!.id, { town: 'Regensburg' });
    const written = await writes();

    const report = await service.dryRun(c.profileId, c.ids(kim.id, lee.id), 10);

    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(String(kim.id))).toMatchObject({ action: 'update', targetId: String(customer!.id) });
    expect(byKey.get(String(kim.id))!.diff).toEqual([
      { field: 'lastname', before: kim.lastName, after: 'Renamed' },
      { field: `addresses.${kim.addresses[0]!.id}.city`, before: 'München', after: 'Regensburg' },
    ]);
    expect(byKey.get(String(lee.id))).toMatchObject({ action: 'unchanged' });
    expect(await writes()).toEqual(written);
    expect((await customersWith(kim.email))[0]!.lastname).toBe(kim.lastName);

    expect(await c.run(c.ids(kim.id))).toMatchObject({ updated: 1 });
    expect((await customersWith(kim.email))[0]).toMatchObject({ lastname: 'Renamed', addresses: [{ city: 'Regensburg' }] });
  });

  it('shows a contact deleted in PlentyONE as what deletions would do, and keeps the customer', async () => {
    const kim = newContact();
    expect(await c.run(c.ids(kim.id))).toMatchObject({ created: 1 });
    const [customer] = await customersWith(kim.email);
    contacts().delete(kim.id);
    const written = await writes();

    await c.configure({ deletions: 'delete' });
    const report = await service.dryRun(c.profileId, c.ids(kim.id), 10);

    expect(report.records).toEqual([expect.objectContaining({
      key: String(kim.id), action: 'update', reason: `Deleted in PlentyONE: Magento customer ${customer!.id} would be deleted (deletions is "delete"), the link removed.`,
    })]);
    expect(await writes()).toEqual(written);
    expect(await customersWith(kim.email)).toHaveLength(1);
    await c.configure({});
  });

  it('shows an imported address whose PlentyONE address was deleted as removed, and keeps it until a run', async () => {
    const kim = newContact();
    const second = contacts().addAddress(kim.id, { typeId: 2, name2: 'Kim', name3: 'Preview', address1: 'Domplatz 1', postalCode: '93047', town: 'Regensburg', countryId: 1 })!;
    expect(await c.run(c.ids(kim.id))).toMatchObject({ created: 1 });
    contacts().deleteAddress(kim.id, second.id);
    const written = await writes();

    const report = await service.dryRun(c.profileId, c.ids(kim.id), 10);

    expect(report.records[0]).toMatchObject({ action: 'update', diff: [{ field: `addresses.${second.id}`, before: 'Domplatz 1, 93047 Regensburg', after: null }] });
    expect(await writes()).toEqual(written);
    expect((await customersWith(kim.email))[0]!.addresses.map((a) => a.city)).toEqual(['München', 'Regensburg']);
    expect(await c.run(c.ids(kim.id))).toMatchObject({ updated: 1 });
    expect((await customersWith(kim.email))[0]!.addresses.map((a) => a.city)).toEqual(['München']);
  });
});
