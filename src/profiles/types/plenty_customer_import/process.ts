import { PermanentApiError } from '../../../connectors/errors.js';
import { searchCriteria, type MagentoClient, type MagentoCustomer, type MagentoCustomerInput } from '../../../connectors/magento/index.js';
import type { Outcome } from '../../profile-type.js';
import { writeEach } from '../plenty_customer_export/batch.js';
import { findOrCreate } from '../plenty_order_export/claims.js';
import { CUSTOMER_LINK, EMAIL_LINK } from '../plenty_order_export/contact.js';
import { magentoOf, type Ctx } from './clients.js';
import type { ContactDeletion, ContactDraft, ContactRecord } from './record.js';
import { deleteCustomer } from './delete.js';
import { IMPORTED_ADDRESS_LINK, IMPORTED_CUSTOMER_LINK } from './links.js';

export { IMPORTED_ADDRESS_LINK, IMPORTED_CUSTOMER_LINK } from './links.js';

/**
 * Writes each contact as one Magento customer: found by the contact's link, then by e-mail in its
 * website (Magento keeps e-mails unique per website), and created only under a claim on that pair, so
 * an existing customer is updated, never duplicated. An unchanged contact (same hash) is skipped. A
 * refusal (4xx) fails the contact with Magento's message; anything else retries the job.
 */
export async function processContacts(batch: { key: string; record: ContactRecord }[], ctx: Ctx): Promise<Outcome[]> {
  const magento = await magentoOf(ctx);
  return writeEach<ContactDraft | ContactDeletion>(batch, (key, record) =>
    (record.kind === 'delete' ? deleteCustomer(ctx, magento, key, record) : importOne(ctx, magento, key, record)));
}

/** Why a contact whose hash matches its link is skipped. */
export const unchangedSince = (customerId: string) => `Unchanged since it was last imported as Magento customer ${customerId}.`;

async function importOne(ctx: Ctx, magento: MagentoClient, key: string, draft: ContactDraft): Promise<Outcome> {
  const link = await ctx.links.byPlentyId(IMPORTED_CUSTOMER_LINK, String(draft.contactId));
  if (link?.hash === draft.hash) {
    return { key, result: 'skipped', reason: unchangedSince(link.magentoKey) };
  }
  let created: MagentoCustomer | undefined;
  const existing = link ? await customerById(ctx, magento, Number(link.magentoKey)) : undefined;
  const customer = existing ?? await findOrCreate(ctx, 'magento_customer', `${draft.websiteId}:${draft.email}`, {
    linked: async () => undefined,
    remote: () => customerByEmail(ctx, magento, draft),
    create: async () => {
      created = await createCustomer(ctx, magento, { ...draft.customer, addresses: draft.addresses.map((a) => a.body) } as never);
      await remember(ctx, draft, created);
      return created;
    },
  });
  let written = created;
  if (!written) {
    const { addresses, removed } = await mergedAddresses(ctx, customer, draft);
    written = await magento.customers.update(customer.id, {
      ...(draft.customer as { email: string; firstname: string; lastname: string }),
      addresses,
    }, { signal: ctx.signal });
    // The book sent replaces Magento's: an address whose PlentyONE address was deleted is gone with it.
    for (const magentoKey of removed) await ctx.links.remove(IMPORTED_ADDRESS_LINK, magentoKey);
  }
  await remember(ctx, draft, written, draft.hash);
  return { key, result: created ? 'created' : 'updated' };
}

/**
 * Creates the customer with or without Magento's welcome e-mail (`sendWelcomeEmail`): `POST /V1/customers`
 * (`AccountManagement::createAccount`) always sends it, so without it the plentygate Magento module's
 * route creates the customer (`CustomerRepository::save`, no e-mail).
 */
async function createCustomer(ctx: Ctx, magento: MagentoClient, customer: MagentoCustomerInput): Promise<MagentoCustomer> {
  if (ctx.config.sendWelcomeEmail) return magento.customers.create(customer, { signal: ctx.signal });
  try {
    return await magento.customers.createWithoutWelcomeEmail(customer, { signal: ctx.signal });
  } catch (error) {
    if (!(error instanceof PermanentApiError && error.status === 404)) throw error;
    throw new PermanentApiError(
      'Magento has no route POST /V1/plentygate/customers: creating customers without Magento\'s welcome e-mail needs the plentygate '
      + 'Magento module (magento/module-plentygate, version 1.1 or later). Install or upgrade it, or set sendWelcomeEmail to true.',
      { system: 'magento', route: error.route, status: 404, body: error.body },
    );
  }
}

/** The customer with the contact's e-mail in its website (Magento keeps e-mails unique per website). */
export async function customerByEmail(ctx: Ctx, magento: MagentoClient, draft: ContactDraft): Promise<MagentoCustomer | undefined> {
  const criteria = searchCriteria().where('email', draft.email).where('website_id', draft.websiteId).pageSize(1);
  return (await magento.customers.search(criteria, { signal: ctx.signal })).items[0];
}

export async function customerById(ctx: Ctx, magento: MagentoClient, id: number): Promise<MagentoCustomer | undefined> {
  const { items } = await magento.customers.search(searchCriteria().where('entity_id', id).pageSize(1), { signal: ctx.signal });
  return items[0];
}

/**
 * The customer's address book after the import: the addresses imported before are replaced by their
 * PlentyONE versions (same Magento id), new PlentyONE addresses are added, and the customer's own
 * Magento addresses are kept (a PUT with addresses replaces the whole book). An imported address whose
 * PlentyONE address is gone is left out, so Magento deletes it; `removed` names those (Magento ids).
 */
async function mergedAddresses(ctx: Ctx, customer: MagentoCustomer, draft: ContactDraft): Promise<{ addresses: Record<string, unknown>[]; removed: string[] }> {
  const own = customer.addresses ?? [];
  const links = await ctx.links.getMany(IMPORTED_ADDRESS_LINK, own.map((a) => String(a.id)));
  const magentoIdOf = new Map([...links.values()].map((l) => [l.plentyId, Number(l.magentoKey)]));
  const imported: Record<string, unknown>[] = draft.addresses.map((a) => {
    const id = magentoIdOf.get(String(a.plentyAddressId));
    return { ...a.body, ...(id === undefined ? {} : { id }) };
  });
  // One default billing and one default shipping address: PlentyONE's take over when it has them.
  const billing = imported.some((i) => i.default_billing === true);
  const shipping = imported.some((i) => i.default_shipping === true);
  const kept = own.filter((a) => !links.has(String(a.id))).map((a) => ({
    ...a,
    ...(billing ? { default_billing: false } : {}),
    ...(shipping ? { default_shipping: false } : {}),
  }));
  const current = new Set(draft.addresses.map((a) => String(a.plentyAddressId)));
  const removed = [...links.values()].filter((l) => !current.has(l.plentyId)).map((l) => l.magentoKey);
  return { addresses: [...kept, ...imported], removed };
}

/** Links the customer, its imported addresses (Magento answers them in the order sent, after kept ones) and the shared contact links. */
async function remember(ctx: Ctx, draft: ContactDraft, customer: MagentoCustomer, hash?: string): Promise<void> {
  const magentoKey = String(customer.id);
  const plentyId = String(draft.contactId);
  const answered = customer.addresses ?? [];
  const imported = answered.slice(answered.length - draft.addresses.length);
  await ctx.links.upsertMany([
    { entityType: IMPORTED_CUSTOMER_LINK, magentoKey, plentyId, ...(hash ? { hash } : {}) },
    { entityType: CUSTOMER_LINK, magentoKey, plentyId },
    { entityType: EMAIL_LINK, magentoKey: draft.email, plentyId },
    ...imported.flatMap((a, i) => (a.id === undefined ? [] : [{ entityType: IMPORTED_ADDRESS_LINK, magentoKey: String(a.id), plentyId: String(draft.addresses[i]!.plentyAddressId) }])),
  ]);
}
