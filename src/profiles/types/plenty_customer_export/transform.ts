import { createHash } from 'node:crypto';
import type { MagentoCustomer } from '../../../connectors/magento/index.js';
import { addressDraft } from '../plenty_order_export/address.js';
import { CUSTOMER_LINK } from '../plenty_order_export/contact.js';
import { storeCodeOf, wantedStoreViews, type Ctx } from './clients.js';
import type { ContactAddressDraft, CustomerRecord, RawCustomer } from './record.js';

/** Contact option: type 2 e-mail, subtype 4 private (as the order export writes it). */
const CONTACT_EMAIL_OPTION = { typeId: 2, subTypeId: 4, priority: 0 };
/** Magento's `gender` attribute options; 3 "Not Specified" leaves the contact's gender empty. */
const GENDERS: Readonly<Record<number, string>> = { 1: 'male', 2: 'female' };
// Magento validates e-mails on save, but imported or legacy customers may hold none (or garbage).
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/**
 * A Magento customer as the PlentyONE contact it becomes: client, language and referrer of its store
 * view, class from its group, gender, e-mail option, and its address book. Customers without an
 * e-mail, of an unmapped or filtered-out store view, or that Magento does not have are skipped with
 * the reason.
 */
export async function transformCustomer(raw: RawCustomer, ctx: Ctx): Promise<CustomerRecord> {
  if ('missing' in raw) {
    // A customer Magento no longer has but that is linked was deleted there (customer delete webhooks).
    if (/^\d+$/.test(raw.missing) && await ctx.links.get(CUSTOMER_LINK, raw.missing)) return { kind: 'delete', customerId: Number(raw.missing) };
    return { kind: 'skip', reason: `Magento has no customer ${raw.missing}.` };
  }
  const { customer } = raw;
  const config = ctx.config;
  const email = customer.email?.trim() ?? '';
  if (!EMAIL.test(email)) {
    return {
      kind: 'skip',
      reason: `Customer ${customer.id} has no e-mail address${email ? ` (it holds ${JSON.stringify(email)})` : ''}: `
        + 'PlentyONE contacts are linked by e-mail, so it is not exported. Give the customer an e-mail address in Magento.',
    };
  }
  const code = await storeCodeOf(ctx, customer.store_id ?? 0);
  const row = config.storeMapping.find((r) => r.storeView === code);
  if (!row || !wantedStoreViews(config).has(row.storeView)) {
    return { kind: 'skip', reason: `Customer ${customer.id} belongs to store view "${code ?? customer.store_id}", which this profile does not export (storeMapping, filters.storeViews).` };
  }
  const classId = config.groupClassMap[String(customer.group_id)] ?? config.defaultClassId;
  const gender = GENDERS[customer.gender ?? 0];
  const contact: Record<string, unknown> = {
    typeId: 1,
    firstName: customer.firstname,
    lastName: customer.lastname,
    email,
    plentyId: row.plentyId,
    lang: row.language,
    referrerId: Number(row.referrerId ?? '1'),
    ...(classId === undefined ? {} : { classId }),
    ...(gender ? { gender } : {}),
    // Magento keeps the date of birth as a date; PlentyONE as a W3C date-time.
    ...(DATE.test(customer.dob ?? '') ? { birthdayAt: `${customer.dob!.slice(0, 10)}T00:00:00+00:00` } : {}),
    ...mappedAttributes(customer, config.customAttributes),
    options: [{ ...CONTACT_EMAIL_OPTION, value: email }],
  };
  const newsletter = config.newsletter ? customer.extension_attributes?.is_subscribed === true : undefined;
  const problems: string[] = [];
  const addresses: ContactAddressDraft[] = [];
  if (config.createAddresses) {
    for (const address of customer.addresses ?? []) {
      if (address.id === undefined) continue;
      const body = addressDraft({ ...address, telephone: address.telephone ?? null }, email, config, 'countryMap');
      if (typeof body === 'string') {
        problems.push(`Address ${address.id}: ${body}`);
        continue;
      }
      const billing = address.default_billing === true || customer.default_billing === String(address.id);
      const typeId = billing ? 1 : 2;
      addresses.push({ magentoId: address.id, typeId, body, hash: hashOf([typeId, body]) });
    }
  }
  const account = config.b2bAccounts ? companyOf(customer) : undefined;
  return {
    kind: 'customer',
    customerId: customer.id,
    email: email.toLowerCase(),
    contact,
    ...(newsletter === undefined ? {} : { newsletter }),
    addresses,
    ...(account ? { account: { body: account, hash: hashOf(account) } } : {}),
    hash: hashOf({ contact, newsletter, addresses: addresses.map((a) => [a.magentoId, a.hash]), account }),
    problems,
  };
}

/**
 * The contact fields `customAttributes` fills from Magento's custom customer attributes; a customer
 * without a value (or with an empty one) clears the field, so a removed value is removed in PlentyONE.
 */
function mappedAttributes(customer: MagentoCustomer, map: Readonly<Record<string, string>>): Record<string, string> {
  const values = new Map((customer.custom_attributes ?? []).map((a) => [a.attribute_code, a.value]));
  return Object.fromEntries(Object.entries(map).map(([code, field]) => {
    const value = values.get(code);
    // Multiselect attributes answer arrays of option ids.
    return [field, Array.isArray(value) ? value.join(',') : value === undefined || value === null ? '' : String(value).trim()];
  }));
}

/** The company of the default billing address (else the first address naming one), with its VAT id. */
function companyOf(customer: MagentoCustomer): { companyName: string; taxIdNumber?: string } | undefined {
  const addresses = customer.addresses ?? [];
  const billing = addresses.find((a) => a.default_billing === true || customer.default_billing === String(a.id));
  const named = [billing, ...addresses].find((a) => a?.company?.trim());
  if (!named) return undefined;
  const vat = (named as { vat_id?: unknown }).vat_id;
  return { companyName: named.company!.trim(), ...(typeof vat === 'string' && vat.trim() ? { taxIdNumber: vat.trim() } : {}) };
}
