/** plenty_customer_export dry runs: each customer as the contact it would create or update, beside PlentyONE's; nothing written to either system. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { engine } from '../support/db.js';
import { startCustomerHarness, type CustomerHarness } from './customer-harness.js';
import { registerCustomer } from './customer-fixtures.js';

describe(`customer export dry run on ${engine}`, () => {
  let c: CustomerHarness;
  let service: ReturnType<typeof dryRunService>;
  const contactsWith = (email: string) => c.h.plentyStores.contacts.byEmail(email);
  const writes = () => bothSandboxWrites({ magento: c.h.sandboxes.magento.url, plenty: c.h.sandboxes.plenty.url });

  beforeAll(async () => {
    c = await startCustomerHarness('plenty_customer_export', { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }], groupClassMap: { 1: 2 } });
    service = dryRunService(c.h.db.db, await builtinRegistry(), { connectors: c.h.connectors });
  }, 60_000);
  afterAll(async () => c?.h.close());

  it('shows a customer PlentyONE has no contact for as created, with its fields and addresses, and writes nothing', async () => {
    const lin = await registerCustomer(c.h);
    const written = await writes();
    const report = await service.dryRun(c.profileId, c.ids(lin.id), 10);

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const [record] = report.records;
    expect(record).toMatchObject({ key: String(lin.id), action: 'create' });
    expect(record!.diff).toEqual(expect.arrayContaining([
      { field: 'lastName', after: lin.lastname },
      { field: `addresses.${lin.addresses[0]!.id}.town`, after: 'Berlin' },
      { field: `addresses.${lin.addresses[1]!.id}.town`, after: 'Hamburg' },
    ]));
    expect(await writes()).toEqual(written);
    expect(contactsWith(lin.email)).toEqual([]);
  });

  it('after an export shows a renamed customer and a moved address as an update from PlentyONE\'s values, an untouched one as unchanged, and a run still writes it', async () => {
    const lin = await registerCustomer(c.h);
    const kai = await registerCustomer(c.h);
    expect(await c.run(c.ids(lin.id, kai.id))).toMatchObject({ status: 'completed', created: 2, failed: 0 });
    const [contact] = contactsWith(lin.email);
    const current = await c.h.magento('GET', `/rest/V1/customers/${lin.id}`) as { addresses: Record<string, unknown>[] };
    await c.h.magento('PUT', `/rest/V1/customers/${lin.id}`, {
      customer: {
        ...current, lastname: 'Married',
        addresses: current.addresses.map((a, i) => ({ ...a, lastname: 'Married', ...(i === 0 ? { city: 'Potsdam' } : {}) })),
      },
    });
    const written = await writes();

    const report = await service.dryRun(c.profileId, c.ids(lin.id, kai.id), 10);

    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(String(lin.id))).toMatchObject({ action: 'update', targetId: String(contact!.id) });
    expect(byKey.get(String(lin.id))!.diff).toEqual([
      { field: 'lastName', before: lin.lastname, after: 'Married' },
      { field: `addresses.${lin.addresses[0]!.id}.name3`, before: lin.lastname, after: 'Married' },
      { field: `addresses.${lin.addresses[0]!.id}.town`, before: 'Berlin', after: 'Potsdam' },
      { field: `addresses.${lin.addresses[1]!.id}.name3`, before: lin.lastname, after: 'Married' },
    ]);
    expect(byKey.get(String(kai.id))).toMatchObject({ action: 'unchanged' });
    expect(await writes()).toEqual(written);

    expect(await c.run(c.ids(lin.id))).toMatchObject({ updated: 1 });
    expect(contactsWith(lin.email)[0]).toMatchObject({ lastName: 'Married' });
  });

  it('fails a customer whose linked contact PlentyONE no longer has, as a run fails it, and previews the rest', async () => {
    const lin = await registerCustomer(c.h);
    const kai = await registerCustomer(c.h);
    expect(await c.run(c.ids(lin.id))).toMatchObject({ created: 1 });
    const [contact] = contactsWith(lin.email);
    c.h.plentyStores.contacts.delete(contact!.id);
    const current = await c.h.magento('GET', `/rest/V1/customers/${lin.id}`) as Record<string, unknown>;
    await c.h.magento('PUT', `/rest/V1/customers/${lin.id}`, { customer: { ...current, lastname: 'Moved' } });
    const written = await writes();

    const report = await service.dryRun(c.profileId, c.ids(lin.id, kai.id), 10);

    expect(report.error).toBeUndefined();
    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(String(lin.id))).toMatchObject({ action: 'fail', reason: expect.stringContaining('404') });
    expect(byKey.get(String(kai.id))).toMatchObject({ action: 'create' });
    expect(await writes()).toEqual(written);
    expect(contactsWith(kai.email)).toEqual([]);
  });

  it('shows a customer deleted in Magento as what deletions would do, and keeps the contact', async () => {
    const lin = await registerCustomer(c.h);
    expect(await c.run(c.ids(lin.id))).toMatchObject({ created: 1 });
    const [contact] = contactsWith(lin.email);
    await c.h.magento('DELETE', `/rest/V1/customers/${lin.id}`);
    const written = await writes();

    await c.configure({ deletions: 'delete' });
    const report = await service.dryRun(c.profileId, c.ids(lin.id), 10);

    expect(report.records).toEqual([expect.objectContaining({
      key: String(lin.id), action: 'update', reason: `Deleted in Magento: PlentyONE contact ${contact!.id} would be deleted unless orders refer to it (deletions is "delete").`,
    })]);
    expect(await writes()).toEqual(written);
    expect(contactsWith(lin.email)).toHaveLength(1);
    await c.configure({});
  });
});
