import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { Outcome } from '../../profile-type.js';
import { writeEach } from './batch.js';
import { findOrCreate } from '../plenty_order_export/claims.js';
import { CUSTOMER_LINK, EMAIL_LINK } from '../plenty_order_export/contact.js';
import { plentyOf, type Ctx } from './clients.js';
import type { ContactAddressDraft, CustomerDeletion, CustomerDraft, CustomerRecord } from './record.js';
import { CUSTOMER_ACCOUNT_LINK, deleteContact } from './delete.js';

/** Magento customer address id → PlentyONE address id, with the hash of what was last written. */
export const CUSTOMER_ADDRESS_LINK = 'customer_address';
export { CUSTOMER_ACCOUNT_LINK } from './delete.js';

/**
 * Writes each customer as one PlentyONE contact. The contact is found by the customer's link, then by
 * e-mail (the order export's links, then PlentyONE), under the same claim the order export takes
 * before creating a buyer's contact, so a customer who ordered keeps the one contact the order made.
 * The customer link keeps the hash of what was written: an unchanged customer is skipped. A refusal
 * (4xx) fails that customer with the reason; anything else is thrown so the job retries and resumes.
 */
export async function processCustomers(batch: { key: string; record: CustomerRecord }[], ctx: Ctx): Promise<Outcome[]> {
  const plenty = await plentyOf(ctx);
  return writeEach<CustomerDraft | CustomerDeletion>(batch, (key, record) =>
    (record.kind === 'delete' ? deleteContact(ctx, plenty, key) : exportOne(ctx, plenty, key, record)));
}

/** Why a customer whose hash matches its link is skipped. */
export const unchangedSince = (contactId: string) => `Unchanged since it was last exported to PlentyONE contact ${contactId}.`;

async function exportOne(ctx: Ctx, plenty: PlentyClient, key: string, draft: CustomerDraft): Promise<Outcome> {
  const link = await ctx.links.get(CUSTOMER_LINK, key);
  if (link?.hash === draft.hash) {
    return { key, result: 'skipped', reason: unchangedSince(link.plentyId) };
  }
  let created = false;
  const contactId = (link ? validId(link.plentyId) : undefined) ?? await findOrCreate(ctx, 'contact', draft.email, {
    linked: async () => validId((await ctx.links.get(EMAIL_LINK, draft.email))?.plentyId),
    remote: () => contactIdByEmail(ctx, plenty, draft.email),
    create: async () => {
      const contact = await plenty.contacts.create({ ...draft.contact, ...newsletterField(ctx, draft, undefined) }, ctx.signal);
      created = true;
      // Linked at once (without the hash): a later failure must not create the contact a second time.
      await remember(ctx, key, draft.email, contact.id);
      return contact.id;
    },
  });
  if (!created) {
    // The e-mail option is PlentyONE's own on an existing contact; the e-mail field carries the change.
    const { options: _options, ...body } = draft.contact;
    await plenty.contacts.update(contactId, { ...body, ...newsletterField(ctx, draft, link?.meta) }, ctx.signal);
  }
  await writeAddresses(ctx, plenty, contactId, draft.addresses);
  if (draft.account) await writeAccount(ctx, plenty, key, contactId, draft.account);
  await remember(ctx, key, draft.email, contactId, draft.hash, draft.newsletter === undefined ? undefined : { newsletter: draft.newsletter });
  return { key, result: created ? 'created' : 'updated' };
}

/** A PlentyONE contact with this (lower-cased) e-mail: the one whose e-mail matches exactly, else the first found. */
export async function contactIdByEmail(ctx: Ctx, plenty: PlentyClient, email: string): Promise<number | undefined> {
  const found = await plenty.contacts.findByEmail(email, ctx.signal);
  return (found.find((c) => c.email?.toLowerCase() === email) ?? found[0])?.id;
}

/**
 * `newsletterAllowanceAt` as the setting `newsletter` wants it: the run's start when the customer
 * subscribed since the last export (a consent already written keeps its date), null when not subscribed.
 */
function newsletterField(ctx: Ctx, draft: CustomerDraft, meta: unknown): { newsletterAllowanceAt?: string | null } {
  if (draft.newsletter === undefined) return {};
  if (!draft.newsletter) return { newsletterAllowanceAt: null };
  if ((meta as { newsletter?: unknown } | null | undefined)?.newsletter === true) return {};
  return { newsletterAllowanceAt: ctx.run.startedAt.toISOString().replace(/\.\d{3}Z$/, '+00:00') };
}

/** Creates the addresses the contact lacks and updates those whose content changed since. */
async function writeAddresses(ctx: Ctx, plenty: PlentyClient, contactId: number, addresses: ContactAddressDraft[]): Promise<void> {
  const links = await ctx.links.getMany(CUSTOMER_ADDRESS_LINK, addresses.map((a) => String(a.magentoId)));
  for (const address of addresses) {
    const magentoKey = String(address.magentoId);
    const link = links.get(magentoKey);
    if (link?.hash === address.hash && link.meta?.contactId === contactId) continue;
    const linkedId = link && link.meta?.contactId === contactId ? validId(link.plentyId) : undefined;
    const written = linkedId === undefined
      ? await plenty.contacts.createAddress(contactId, { ...address.body, typeId: address.typeId }, address.typeId, ctx.signal)
      : await plenty.contacts.updateAddress(contactId, linkedId, { ...address.body, typeId: address.typeId }, ctx.signal);
    await ctx.links.upsert({ entityType: CUSTOMER_ADDRESS_LINK, magentoKey, plentyId: String(written.id), hash: address.hash, meta: { contactId } });
  }
}

/** The customer's company: created once (claimed, linked at once), updated when its name or VAT id changes. */
async function writeAccount(ctx: Ctx, plenty: PlentyClient, key: string, contactId: number, account: NonNullable<CustomerDraft['account']>): Promise<void> {
  const link = await ctx.links.get(CUSTOMER_ACCOUNT_LINK, key);
  const linkedId = link && link.meta?.contactId === contactId ? validId(link.plentyId) : undefined;
  if (linkedId !== undefined) {
    if (link?.hash === account.hash) return;
    await plenty.contacts.updateAccount(contactId, linkedId, account.body, ctx.signal);
    await ctx.links.upsert({ entityType: CUSTOMER_ACCOUNT_LINK, magentoKey: key, plentyId: String(linkedId), hash: account.hash, meta: { contactId } });
    return;
  }
  await findOrCreate(ctx, 'account', key, {
    linked: async () => {
      const again = await ctx.links.get(CUSTOMER_ACCOUNT_LINK, key);
      return again?.meta?.contactId === contactId ? validId(again.plentyId) : undefined;
    },
    create: async () => {
      const created = await plenty.contacts.createAccount(contactId, account.body, ctx.signal);
      await ctx.links.upsert({ entityType: CUSTOMER_ACCOUNT_LINK, magentoKey: key, plentyId: String(created.id), hash: account.hash, meta: { contactId } });
      return created.id;
    },
  });
}

async function remember(ctx: Ctx, key: string, email: string, contactId: number, hash?: string, meta?: Record<string, unknown>): Promise<void> {
  const plentyId = String(contactId);
  await ctx.links.upsertMany([
    { entityType: CUSTOMER_LINK, magentoKey: key, plentyId, ...(hash ? { hash } : {}), ...(meta ? { meta } : {}) },
    { entityType: EMAIL_LINK, magentoKey: email, plentyId },
  ]);
}

export function validId(value: string | undefined): number | undefined {
  const id = Number(value);
  return value !== undefined && Number.isInteger(id) && id > 0 ? id : undefined;
}
