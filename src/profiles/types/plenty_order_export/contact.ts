import { createHash } from 'node:crypto';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { linkKey, type UpsertOptions } from '../../links.js';
import { findOrCreate } from './claims.js';
import type { Ctx } from './clients.js';
import type { AddressDraft, OrderDraft } from './record.js';
import type { ReadAhead } from './buyer-links.js';

/** Link-table entity types this sync writes for buyers. */
export const CUSTOMER_LINK = 'customer';
export const EMAIL_LINK = 'customer_email';
export const ADDRESS_LINK = 'contact_address';

export interface Buyer {
  contactId: number;
  billingAddressId: number;
  deliveryAddressId: number;
}

const ADDRESS_BILLING = 1;
const ADDRESS_DELIVERY = 2;
/** Contact option: type 2 e-mail, subtype 4 private. */
const CONTACT_EMAIL_OPTION = { typeId: 2, subTypeId: 4, priority: 0 };

const idOf = (plentyId: string | undefined): number | undefined => {
  const id = Number(plentyId);
  return plentyId !== undefined && Number.isInteger(id) && id > 0 ? id : undefined;
};
const linkedId = async (ctx: Ctx, type: string, key: string): Promise<number | undefined> => idOf((await ctx.links.get(type, key))?.plentyId);

/**
 * The buyer's PlentyONE contact and the order's billing and delivery addresses on it. A contact is
 * found by the Magento customer's link, then by e-mail (our link, then PlentyONE), so a guest and a
 * registered customer with one e-mail share one contact; it is created only when none exists.
 * Identical addresses are reused. Answers a sentence for the merchant when the config forbids the
 * contact the order needs.
 */
export async function ensureBuyer(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, readAhead: ReadAhead = new Map()): Promise<Buyer | string> {
  const contactId = await ensureContact(ctx, plenty, draft, readAhead);
  if (typeof contactId === 'string') return contactId;
  const { billing, delivery } = buyerAddresses(draft);
  // Both address links by one statement (or read ahead with the claim): a returning buyer's addresses are known.
  const keys = [addressKey(contactId, ADDRESS_BILLING, billing), addressKey(contactId, ADDRESS_DELIVERY, delivery)] as const;
  const linked = await linksOf(ctx, keys.map((k) => ({ entityType: ADDRESS_LINK, magentoKey: k })), readAhead);
  const billingAddressId = linked.get(linkKey(ADDRESS_LINK, keys[0])) ?? await ensureAddress(ctx, plenty, contactId, ADDRESS_BILLING, billing, keys[0]);
  const deliveryAddressId = linked.get(linkKey(ADDRESS_LINK, keys[1])) ?? await ensureAddress(ctx, plenty, contactId, ADDRESS_DELIVERY, delivery, keys[1]);
  return { contactId, billingAddressId, deliveryAddressId };
}

/** The addresses an order's contact gets: each side stands in for the other when one is missing. */
export const buyerAddresses = (draft: OrderDraft) => ({ billing: draft.billing ?? draft.delivery!, delivery: draft.delivery ?? draft.billing! });

/**
 * The link keys that name an order's contact: the customer id (registered buyers) and the e-mail;
 * `emailNamesContact`: whether the e-mail link alone may name it.
 */
export function contactKeys(ctx: Ctx, draft: OrderDraft): { email: string; customerKey: string | undefined; emailNamesContact: boolean } {
  return {
    email: draft.email.trim().toLowerCase(),
    customerKey: draft.customerId === undefined ? undefined : String(draft.customerId),
    emailNamesContact: ctx.config.customer.linkByEmail || draft.guest,
  };
}

/** PlentyONE ids of links by `linkKey`: from `readAhead` when it asked every key, else by one read. */
async function linksOf(ctx: Ctx, keys: { entityType: string; magentoKey: string }[], readAhead: ReadAhead): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (keys.every((k) => readAhead.has(linkKey(k.entityType, k.magentoKey)))) {
    for (const k of keys) {
      const key = linkKey(k.entityType, k.magentoKey);
      const id = idOf(readAhead.get(key) ?? undefined);
      if (id !== undefined) ids.set(key, id);
    }
    return ids;
  }
  for (const [key, link] of await ctx.links.getEach(keys)) {
    const id = idOf(link.plentyId);
    if (id !== undefined) ids.set(key, id);
  }
  return ids;
}

async function ensureContact(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, readAhead: ReadAhead): Promise<number | string> {
  const options = ctx.config.customer;
  const { email, customerKey } = contactKeys(ctx, draft);
  const mayCreate = options.createContact && (!draft.guest || options.guestAccounts);
  const byLink = async () =>
    (customerKey ? await linkedId(ctx, CUSTOMER_LINK, customerKey) : undefined)
    ?? (options.linkByEmail || draft.guest ? await linkedId(ctx, EMAIL_LINK, email) : undefined);
  const byEmail = async () => {
    if (!options.linkByEmail) return undefined;
    const found = await plenty.contacts.findByEmail(draft.email, ctx.signal);
    return found.find((c) => c.email?.toLowerCase() === email)?.id ?? found[0]?.id;
  };

  // First look: both links by one statement; when they already name the contact, nothing is written.
  const known = await linksOf(ctx, [
    { entityType: EMAIL_LINK, magentoKey: email },
    ...(customerKey ? [{ entityType: CUSTOMER_LINK, magentoKey: customerKey }] : []),
  ], readAhead);
  const byCustomer = customerKey ? known.get(linkKey(CUSTOMER_LINK, customerKey)) : undefined;
  const byEmailLink = known.get(linkKey(EMAIL_LINK, email));
  const early = byCustomer ?? (options.linkByEmail || draft.guest ? byEmailLink : undefined);
  if (early !== undefined) {
    if (byEmailLink === early && (!customerKey || byCustomer === early)) return early;
    return remember(ctx, early, email, customerKey);
  }
  if (!mayCreate) {
    const existing = await byEmail();
    if (existing !== undefined) return remember(ctx, existing, email, customerKey);
    return draft.guest
      ? `Guest order ${draft.incrementId}: PlentyONE has no contact with e-mail ${draft.email}; turn on customer.guestAccounts to create one.`
      : `Order ${draft.incrementId}: PlentyONE has no contact with e-mail ${draft.email}; turn on customer.createContact to create one.`;
  }
  let created = false;
  const contactId = await findOrCreate(ctx, 'contact', email, {
    linked: byLink,
    remote: byEmail,
    createReleases: true,
    create: async (releasing) => {
      const contact = await plenty.contacts.create({
        typeId: 1,
        firstName: draft.firstName,
        lastName: draft.lastName,
        email: draft.email,
        referrerId: Number(draft.referrerId),
        ...(draft.plentyId === undefined ? {} : { plentyId: draft.plentyId }),
        lang: draft.language,
        ...(draft.classId === undefined ? {} : { classId: draft.classId }),
        ...(draft.gender === undefined ? {} : { gender: draft.gender }),
        options: [{ ...CONTACT_EMAIL_OPTION, value: draft.email }],
      }, ctx.signal);
      // Linked at once (giving up the claim): a later failure of this run must not create the contact a second time.
      await remember(ctx, contact.id, email, customerKey, { releasing });
      created = true;
      return contact.id;
    },
  });
  return created ? contactId : remember(ctx, contactId, email, customerKey);
}

async function remember(ctx: Ctx, contactId: number, email: string, customerKey: string | undefined, options?: UpsertOptions): Promise<number> {
  const plentyId = String(contactId);
  await ctx.links.upsertMany([
    { entityType: EMAIL_LINK, magentoKey: email, plentyId },
    ...(customerKey ? [{ entityType: CUSTOMER_LINK, magentoKey: customerKey, plentyId }] : []),
  ], options);
  return contactId;
}

/** Digests of address drafts: each is needed twice per order (the claim statement's read, then `ensureBuyer`). */
const addressDigests = new WeakMap<AddressDraft, string>();

/** An address link's key is the contact id followed by this. */
export function addressSuffix(typeId: number, address: AddressDraft): string {
  let digest = addressDigests.get(address);
  if (digest === undefined) {
    digest = createHash('sha256').update(JSON.stringify(address)).digest('hex').slice(0, 24);
    addressDigests.set(address, digest);
  }
  return `:${typeId}:${digest}`;
}
const addressKey = (contactId: number, typeId: number, address: AddressDraft) => `${contactId}${addressSuffix(typeId, address)}`;

async function ensureAddress(ctx: Ctx, plenty: PlentyClient, contactId: number, typeId: number, address: AddressDraft, key: string): Promise<number> {
  return findOrCreate(ctx, 'address', key, {
    linked: () => linkedId(ctx, ADDRESS_LINK, key),
    createReleases: true,
    create: async (releasing) => {
      const created = await plenty.contacts.createAddress(contactId, { ...address, typeId }, typeId, ctx.signal);
      await ctx.links.upsert({ entityType: ADDRESS_LINK, magentoKey: key, plentyId: String(created.id) }, { releasing });
      return created.id;
    },
  });
}
