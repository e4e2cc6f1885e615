import { createHash } from 'node:crypto';
import type { Address, Contact } from '../../../connectors/plenty/index.js';
import { isoOfPlentyCountry } from '../plenty_order_export/countries.js';
import { storeViewsOf, type Ctx } from './clients.js';
import { IMPORTED_CUSTOMER_LINK } from './links.js';
import type { ContactRecord, CustomerAddressDraft, RawContact } from './record.js';

const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** Magento's `gender` attribute options: 1 male, 2 female, 3 not specified. */
const GENDERS: Readonly<Record<string, number>> = { male: 1, female: 2, diverse: 3 };
/** Address option types of PlentyONE: 4 phone. */
const OPTION_PHONE = 4;

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * A PlentyONE contact as the Magento customer it becomes: the store view (and its website) mapped to
 * the contact's client and language, the group from its class, gender, and its addresses. Contacts
 * without an e-mail or of an unmapped client are skipped with the reason.
 */
export async function transformContact(raw: RawContact, ctx: Ctx): Promise<ContactRecord> {
  if ('missing' in raw) {
    // A contact PlentyONE no longer has but that was imported was deleted there (contact callbacks).
    const link = /^\d+$/.test(raw.missing) ? await ctx.links.byPlentyId(IMPORTED_CUSTOMER_LINK, raw.missing) : undefined;
    if (link) return { kind: 'delete', contactId: Number(raw.missing), customerId: Number(link.magentoKey) };
    return { kind: 'skip', reason: `PlentyONE has no contact ${raw.missing}.` };
  }
  const { contact } = raw;
  const config = ctx.config;
  const email = text(contact.email);
  if (!EMAIL.test(email)) {
    return { kind: 'skip', reason: `Contact ${contact.id} has no e-mail address: Magento customers need one, so it is not imported. Give the contact an e-mail address in PlentyONE.` };
  }
  const { typeIds, classIds } = config.filters;
  if ((typeIds.length && !typeIds.includes(Number(contact.typeId))) || (classIds.length && !classIds.includes(Number(contact.classId)))) {
    return { kind: 'skip', reason: `Contact ${contact.id} (type ${contact.typeId ?? '-'}, class ${contact.classId ?? '-'}) is outside filters.typeIds / filters.classIds.` };
  }
  // A row naming a referrer takes only the contacts of that origin (e.g. not the buyers a marketplace brought).
  const rows = config.storeMapping.filter((r) => r.plentyId === contact.plentyId
    && (r.referrerId === undefined || Number(r.referrerId) === Number(contact.referrerId)));
  const row = rows.find((r) => r.language === contact.lang) ?? rows[0];
  const view = row && (await storeViewsOf(ctx)).find((v) => v.code === row.storeView);
  if (!row || !view) {
    return {
      kind: 'skip',
      reason: `Contact ${contact.id} belongs to PlentyONE client ${contact.plentyId ?? '(none)'} (referrer ${contact.referrerId ?? '-'}), `
        + 'which has no Magento store view in storeMapping (rows naming a referrerId take only contacts of that referrer).',
    };
  }
  const firstname = text(contact.firstName) || '-';
  const lastname = text(contact.lastName) || '-';
  const company = config.b2bAccounts ? companyOf(contact) : undefined;
  const customer: Record<string, unknown> = {
    email,
    firstname,
    lastname,
    group_id: config.classGroupMap[String(contact.classId)] ?? config.defaultGroupId,
    store_id: view.id,
    website_id: view.website_id,
    ...(contact.gender && GENDERS[contact.gender] ? { gender: GENDERS[contact.gender] } : {}),
    ...(/^\d{4}-\d{2}-\d{2}/.test(contact.birthdayAt ?? '') ? { dob: contact.birthdayAt!.slice(0, 10) } : {}),
    ...(company?.taxvat ? { taxvat: company.taxvat } : {}),
    // Magento_Newsletter's repository plugin subscribes or unsubscribes on save.
    ...(config.newsletter ? { extension_attributes: { is_subscribed: Boolean(text(contact.newsletterAllowanceAt)) } } : {}),
  };
  const problems: string[] = [];
  const addresses: CustomerAddressDraft[] = [];
  if (config.createAddresses) {
    const billing = raw.addresses.find((a) => a.typeId === 1)?.id;
    const shipping = raw.addresses.find((a) => a.typeId === 2)?.id;
    for (const address of raw.addresses) {
      const body = magentoAddress(address, firstname, lastname, config.countryMap, company);
      if (typeof body === 'string') problems.push(`Address ${address.id}: ${body}`);
      else addresses.push({ plentyAddressId: address.id, body: { ...body, default_billing: address.id === billing, default_shipping: address.id === shipping } });
    }
  }
  return {
    kind: 'contact',
    contactId: contact.id,
    email: email.toLowerCase(),
    websiteId: view.website_id,
    customer,
    addresses,
    hash: hashOf({ customer, addresses }),
    problems,
  };
}

/** name1 company, name2/name3 first and last name (the contact's when empty), address1–3 the street lines. */
function magentoAddress(
  address: Address, firstname: string, lastname: string, countryMap: Readonly<Record<string, number>>, account: Company | undefined,
): Record<string, unknown> | string {
  const country = isoOfPlentyCountry(Number(address.countryId), countryMap);
  if (!country) return `PlentyONE country ${address.countryId ?? '(none)'} has no ISO code here: add it under countryMap.`;
  const phone = address.options?.find((o) => o.typeId === OPTION_PHONE)?.value;
  const company = text(address.name1) || account?.name;
  return {
    firstname: text(address.name2) || firstname,
    lastname: text(address.name3) || lastname,
    ...(company ? { company } : {}),
    ...(account?.taxvat ? { vat_id: account.taxvat } : {}),
    street: [address.address1, address.address2, address.address3].map(text).filter(Boolean),
    city: text(address.town),
    postcode: text(address.postalCode),
    country_id: country,
    telephone: phone ?? '-',
  };
}

interface Company { name?: string; taxvat?: string }

/** b2bAccounts: the contact's first company (PlentyONE account), read with `with=accounts`. */
function companyOf(contact: Contact): Company | undefined {
  const account = contact.accounts?.[0];
  if (!account) return undefined;
  const name = text(account.companyName);
  const taxvat = text(account.taxIdNumber);
  return name || taxvat ? { ...(name ? { name } : {}), ...(taxvat ? { taxvat } : {}) } : undefined;
}
