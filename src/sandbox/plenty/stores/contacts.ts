/**
 * Contacts and their addresses: an overlay (created/changed records) over the generated customers.
 * Generated customers are read on demand, so a large customer base costs nothing until written.
 */
import { w3c } from '../dates.js';

export interface AddressOption {
  id: number;
  addressId: number;
  typeId: number;
  value: string;
  position: number;
}

export interface AddressRecord {
  id: number;
  contactId: number;
  /** 1 billing, 2 delivery (relation type of the address to the contact). */
  typeId: number;
  gender: string | null;
  name1: string;
  name2: string;
  name3: string;
  name4: string;
  address1: string;
  address2: string;
  address3: string;
  address4: string;
  postalCode: string;
  town: string;
  countryId: number;
  stateId: number | null;
  readOnly: boolean;
  createdAt: string;
  updatedAt: string;
  options: AddressOption[];
}

export interface ContactRecord {
  id: number;
  externalId: string | null;
  number: string | null;
  typeId: number;
  firstName: string;
  lastName: string;
  fullName: string;
  email: string;
  gender: string | null;
  /** W3C date-time; generated customers have none. */
  birthdayAt?: string | null;
  /** When the contact agreed to the newsletter (W3C date-time); null: no consent. */
  newsletterAllowanceAt?: string | null;
  /** Further text fields of PlentyONE's contact (title, formOfAddress, privatePhone …), kept as written. */
  title?: string | null;
  formOfAddress?: string | null;
  privatePhone?: string | null;
  privateFax?: string | null;
  privateMobile?: string | null;
  ebayName?: string | null;
  bookAccount?: string | null;
  contactPerson?: string | null;
  lang: string;
  referrerId: number;
  plentyId: number;
  classId: number | null;
  blocked: number;
  rating: number;
  createdAt: string;
  updatedAt: string;
  updatedAtMs: number;
  addresses: AddressRecord[];
}

/** A company (PlentyONE "account") and the contacts it belongs to. */
export interface AccountRecord {
  id: number;
  number: string | null;
  companyName: string;
  taxIdNumber: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Customers from the data generator, read lazily by index. */
export interface ContactSource {
  count: number;
  contact(index: number): ContactRecord;
  /** O(1) lookups when the generator can invert them; otherwise the store scans. */
  indexOfId?(id: number): number | undefined;
  indexOfEmail?(email: string): number | undefined;
  /** The contact a generated address id belongs to. */
  contactIdOfAddress?(addressId: number): number | undefined;
}

/** Text fields of a contact the sandbox keeps as written. */
export const TEXT_FIELDS = ['title', 'formOfAddress', 'privatePhone', 'privateFax', 'privateMobile', 'ebayName', 'bookAccount', 'contactPerson'] as const;

export class ContactStore {
  private readonly overlay = new Map<number, ContactRecord>();
  private readonly createdIds: number[] = [];
  private nextContactId: number;
  /** Ids from here on were created through the API; lower ones are generated customers. */
  private readonly firstCreatedId: number;
  private nextAddressId: number;
  private nextOptionId = 1;
  private nextAccountId = 1;
  private readonly accounts = new Map<number, AccountRecord>();
  /** Contact id → ids of its accounts (companies). */
  private readonly accountsOfContact = new Map<number, number[]>();
  /** Deleted contacts (`DELETE /rest/accounts/contacts/{id}`). */
  private readonly deleted = new Set<number>();

  constructor(
    private readonly source: ContactSource,
    private readonly now: () => number,
    firstIds: { contact: number; address: number },
  ) {
    this.nextContactId = firstIds.contact;
    this.firstCreatedId = firstIds.contact;
    this.nextAddressId = firstIds.address;
  }

  get(id: number): ContactRecord | undefined {
    if (this.deleted.has(id)) return undefined;
    const own = this.overlay.get(id);
    if (own) return own;
    const idx = this.source.indexOfId ? this.source.indexOfId(id) : this.scanIndexOf(id);
    return idx === undefined ? undefined : this.source.contact(idx);
  }

  /** Every contact: generated ones (unless overridden) then created ones, in id order per group. */
  *all(): Generator<ContactRecord> {
    for (let i = 0; i < this.source.count; i++) {
      const c = this.source.contact(i);
      if (!this.deleted.has(c.id)) yield this.overlay.get(c.id) ?? c;
    }
    for (const c of this.overlay.values()) if (c.id >= this.firstCreatedId && !this.deleted.has(c.id)) yield c;
  }

  /** Number of contacts (generated + created); generated contacts cannot be deleted here. */
  get count(): number {
    return this.source.count + this.createdIds.length;
  }

  /**
   * Contact at position n of `all()` without iterating the ones before it; undefined at the position of
   * a deleted contact (a page then holds one contact fewer).
   */
  at(n: number): ContactRecord | undefined {
    if (n < this.source.count) {
      const g = this.source.contact(n);
      return this.deleted.has(g.id) ? undefined : this.overlay.get(g.id) ?? g;
    }
    const id = this.createdIds[n - this.source.count];
    return id === undefined || this.deleted.has(id) ? undefined : this.overlay.get(id);
  }

  /** Deletes a contact with its addresses and accounts; false when there is no such contact. */
  delete(id: number): boolean {
    if (!this.get(id)) return false;
    this.deleted.add(id);
    this.overlay.delete(id);
    for (const accountId of this.accountsOfContact.get(id) ?? []) this.accounts.delete(accountId);
    this.accountsOfContact.delete(id);
    return true;
  }

  create(input: Partial<ContactRecord> & { options?: Array<{ typeId: number; value: string }> }): ContactRecord {
    const id = this.nextContactId++;
    const t = this.now();
    const email = input.email ?? input.options?.find((o) => Number(o.typeId) === 2)?.value ?? '';
    const contact: ContactRecord = {
      id,
      externalId: input.externalId ?? null,
      number: input.number ?? null,
      typeId: Number(input.typeId ?? 1),
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      fullName: `${input.firstName ?? ''} ${input.lastName ?? ''}`.trim(),
      email,
      gender: input.gender ?? null,
      birthdayAt: input.birthdayAt ?? null,
      newsletterAllowanceAt: input.newsletterAllowanceAt ?? null,
      ...Object.fromEntries(TEXT_FIELDS.flatMap((k) => (input[k] === undefined ? [] : [[k, input[k]]]))),
      lang: input.lang ?? 'de',
      referrerId: Number(input.referrerId ?? 1),
      plentyId: Number(input.plentyId ?? 0),
      classId: input.classId ?? null,
      blocked: 0,
      rating: 0,
      createdAt: w3c(t),
      updatedAt: w3c(t),
      updatedAtMs: t,
      addresses: [],
    };
    this.overlay.set(id, contact);
    this.createdIds.push(id);
    return contact;
  }

  update(id: number, patch: Partial<ContactRecord>): ContactRecord | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const t = this.now();
    const next: ContactRecord = { ...current, addresses: [...current.addresses] };
    for (const key of ['externalId', 'number', 'firstName', 'lastName', 'email', 'gender', 'birthdayAt', 'newsletterAllowanceAt', 'lang', 'classId', 'plentyId', ...TEXT_FIELDS] as const) {
      if (patch[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = patch[key];
    }
    if (patch.typeId !== undefined) next.typeId = Number(patch.typeId);
    next.fullName = `${next.firstName} ${next.lastName}`.trim();
    next.updatedAt = w3c(t);
    next.updatedAtMs = t;
    this.overlay.set(id, next);
    return next;
  }

  addAddress(contactId: number, input: Partial<Omit<AddressRecord, 'options'>> & { typeId?: number; options?: Array<{ typeId: number; value: string }> }): AddressRecord | undefined {
    const contact = this.get(contactId);
    if (!contact) return undefined;
    const t = w3c(this.now());
    const id = this.nextAddressId++;
    const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
    const address: AddressRecord = {
      id,
      contactId,
      typeId: Number(input.typeId ?? 1),
      gender: input.gender ?? null,
      name1: str(input.name1),
      name2: str(input.name2),
      name3: str(input.name3),
      name4: str(input.name4),
      address1: str(input.address1),
      address2: str(input.address2),
      address3: str(input.address3),
      address4: str(input.address4),
      postalCode: str(input.postalCode),
      town: str(input.town),
      countryId: Number(input.countryId ?? 1),
      stateId: input.stateId ?? null,
      readOnly: Boolean(input.readOnly ?? false),
      createdAt: t,
      updatedAt: t,
      options: (input.options ?? []).map((o, position) => ({
        id: this.nextOptionId++,
        addressId: id,
        typeId: Number(o.typeId),
        value: String(o.value),
        position,
      })),
    };
    const updated = this.update(contactId, {})!;
    updated.addresses.push(address);
    return address;
  }

  /**
   * Changes an address of the contact: the given fields replace the stored ones; given options replace
   * the stored options of their types. Undefined when the contact has no such address.
   */
  updateAddress(contactId: number, addressId: number, input: Partial<Omit<AddressRecord, 'options'>> & { options?: Array<{ typeId: number; value: string }> }): AddressRecord | undefined {
    const current = this.get(contactId)?.addresses.find((a) => a.id === addressId);
    if (!current) return undefined;
    const next: AddressRecord = { ...current, updatedAt: w3c(this.now()) };
    for (const key of ['gender', 'name1', 'name2', 'name3', 'name4', 'address1', 'address2', 'address3', 'address4', 'postalCode', 'town'] as const) {
      if (input[key] !== undefined && input[key] !== null) (next as unknown as Record<string, unknown>)[key] = String(input[key]);
    }
    if (input.countryId !== undefined) next.countryId = Number(input.countryId);
    if (input.stateId !== undefined) next.stateId = input.stateId;
    if (input.options) {
      const replaced = new Set(input.options.map((o) => Number(o.typeId)));
      next.options = [
        ...current.options.filter((o) => !replaced.has(o.typeId)),
        ...input.options.map((o, i) => ({ id: this.nextOptionId++, addressId, typeId: Number(o.typeId), value: String(o.value), position: current.options.length + i })),
      ];
    }
    const contact = this.update(contactId, {})!;
    contact.addresses = contact.addresses.map((a) => (a.id === addressId ? next : a));
    return next;
  }

  /** Deletes an address of the contact; false when the contact has no such address. */
  deleteAddress(contactId: number, addressId: number): boolean {
    const current = this.get(contactId);
    if (!current?.addresses.some((a) => a.id === addressId)) return false;
    const contact = this.update(contactId, {})!;
    contact.addresses = contact.addresses.filter((a) => a.id !== addressId);
    return true;
  }

  /** Creates a company for the contact (`POST /rest/accounts/contacts/{contactId}/accounts`). */
  createAccount(contactId: number, input: Partial<AccountRecord>): AccountRecord | undefined {
    if (!this.get(contactId)) return undefined;
    const t = w3c(this.now());
    const account: AccountRecord = {
      id: this.nextAccountId++,
      number: input.number ?? null,
      companyName: String(input.companyName ?? ''),
      taxIdNumber: input.taxIdNumber ?? null,
      createdAt: t,
      updatedAt: t,
    };
    this.accounts.set(account.id, account);
    this.accountsOfContact.set(contactId, [...(this.accountsOfContact.get(contactId) ?? []), account.id]);
    return account;
  }

  /** The contact's company with this id; undefined when the contact has no such account. */
  account(contactId: number, accountId: number): AccountRecord | undefined {
    return this.accountsOfContact.get(contactId)?.includes(accountId) ? this.accounts.get(accountId) : undefined;
  }

  accountsOf(contactId: number): AccountRecord[] {
    return (this.accountsOfContact.get(contactId) ?? []).map((id) => this.accounts.get(id)!);
  }

  updateAccount(contactId: number, accountId: number, input: Partial<AccountRecord>): AccountRecord | undefined {
    const current = this.account(contactId, accountId);
    if (!current) return undefined;
    const next: AccountRecord = {
      ...current,
      ...(input.number !== undefined ? { number: input.number } : {}),
      ...(input.companyName !== undefined ? { companyName: String(input.companyName) } : {}),
      ...(input.taxIdNumber !== undefined ? { taxIdNumber: input.taxIdNumber } : {}),
      updatedAt: w3c(this.now()),
    };
    this.accounts.set(accountId, next);
    return next;
  }

  /** Find an address by id (orders reference addresses by id only). */
  address(addressId: number): AddressRecord | undefined {
    for (const c of this.overlay.values()) {
      const a = c.addresses.find((x) => x.id === addressId);
      if (a) return a;
    }
    const owner = this.source.contactIdOfAddress?.(addressId);
    if (owner === undefined) return undefined;
    return this.get(owner)?.addresses.find((x) => x.id === addressId);
  }

  /** Contacts with this external id; generated contacts have none, so only written ones are searched. */
  byExternalId(externalId: string): ContactRecord[] {
    return [...this.overlay.values()].filter((c) => c.externalId === externalId).sort((a, b) => a.id - b.id);
  }

  /** Contacts with exactly this e-mail address (O(1) for generated addresses). */
  byEmail(email: string): ContactRecord[] {
    const want = email.toLowerCase();
    const found: ContactRecord[] = [];
    for (const c of this.overlay.values()) if (c.email.toLowerCase() === want) found.push(c);
    const idx = this.source.indexOfEmail?.(email);
    if (idx !== undefined) {
      const g = this.source.contact(idx);
      if (!this.overlay.has(g.id) && !this.deleted.has(g.id) && g.email.toLowerCase() === want) found.push(g);
    }
    return found.sort((a, b) => a.id - b.id);
  }

  get size(): { generated: number; created: number; changed: number } {
    let created = 0;
    for (const id of this.overlay.keys()) if (id >= this.firstCreatedId) created += 1;
    return { generated: this.source.count, created, changed: this.overlay.size - created };
  }

  private scanIndexOf(id: number): number | undefined {
    for (let i = 0; i < this.source.count; i++) if (this.source.contact(i).id === id) return i;
    return undefined;
  }
}
