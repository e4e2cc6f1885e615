import type { CatalogFeed } from './catalog-feed.js';
import type { ChangeFeed } from './changes.js';
import { MagentoStoreError, noSuchEntity } from './errors.js';
import { Overlay } from './overlay.js';
import type { Customer, CustomerAddress } from './types.js';

export type CustomerPatch = Partial<Omit<Customer, 'id' | 'createdAt' | 'updatedAt' | 'addresses'>> & {
  addresses?: Omit<CustomerAddress, 'id'>[];
};

/** Customers: generated ones at ids `1..feed.customerCount`, created ones after them. */
function mapPosition(position: number | undefined): number | undefined {
  return position === undefined ? undefined : position + 1;
}

/** A new-account e-mail Magento would have sent (`AccountManagement::createAccount`), kept instead of sent. */
export interface WelcomeEmail {
  customerId: number;
  email: string;
  storeId: number;
  /** `customer/create_account/email_no_password_template`: the customer was created without a password. */
  template: 'registered_no_password' | 'registered';
  at: number;
}

export class CustomerRepository {
  private readonly overlay: Overlay<number, Customer>;
  /** Welcome e-mails of customers created through `POST /V1/customers`, in order. */
  readonly welcomeEmails: WelcomeEmail[] = [];
  private nextId: number;
  private nextAddressId: number;
  /** Lower-cased e-mail → id of customers written through the API. */
  private readonly writtenEmails = new Map<string, number>();

  constructor(
    private readonly feed: CatalogFeed,
    private readonly changes: ChangeFeed,
    private readonly now: () => number,
  ) {
    this.overlay = new Overlay((id) =>
      id >= 1 && id <= feed.customerCount ? feed.customerAt(id - 1) : undefined,
    );
    this.nextId = feed.customerCount + 1;
    // Generated addresses use ids below this bound (two per customer at most).
    this.nextAddressId = feed.customerCount * 2 + 1;
  }

  get count(): number {
    return this.nextId - 1;
  }

  get maxId(): number {
    return this.nextId - 1;
  }

  /** Generated customers all have `updated_at` at or before this instant. */
  get generatedUntilMs(): number {
    return this.feed.epochMs;
  }

  /** Customers created or changed through the API. */
  *written(): IterableIterator<Customer> {
    for (const [, customer] of this.overlay.writtenValues()) yield customer;
  }

  get(id: number): Customer | undefined {
    return this.overlay.get(id);
  }

  require(id: number): Customer {
    const customer = this.overlay.get(id);
    if (!customer) throw noSuchEntity('No such entity with %fieldName = %fieldValue', { fieldName: 'customerId', fieldValue: id });
    return customer;
  }

  *iterate(): IterableIterator<Customer> {
    for (let id = 1; id < this.nextId; id++) {
      const customer = this.overlay.get(id);
      if (customer) yield customer;
    }
  }

  /** O(1): written customers by index, generated ones through the feed. */
  findByEmail(email: string, websiteId = 1): Customer | undefined {
    const wanted = email.toLowerCase();
    const writtenId = this.writtenEmails.get(wanted);
    const candidates = [writtenId, mapPosition(this.feed.customerPositionOfEmail(wanted))];
    for (const id of candidates) {
      if (id === undefined) continue;
      const customer = this.overlay.get(id);
      if (customer && customer.email.toLowerCase() === wanted && customer.websiteId === websiteId) return customer;
    }
    return undefined;
  }

  async create(patch: CustomerPatch & { email: string; firstname: string; lastname: string }): Promise<Customer> {
    const websiteId = patch.websiteId ?? 1;
    if (this.findByEmail(patch.email, websiteId)) {
      throw new MagentoStoreError('A customer with the same email address already exists in an associated website.');
    }
    const id = this.nextId;
    const now = this.now();
    const customer: Customer = {
      id,
      groupId: patch.groupId ?? 1,
      email: patch.email,
      firstname: patch.firstname,
      lastname: patch.lastname,
      dob: patch.dob ?? null,
      gender: patch.gender ?? 0,
      storeId: patch.storeId ?? 1,
      websiteId,
      addresses: this.withIds(patch.addresses ?? []),
      taxvat: patch.taxvat ?? null,
      isSubscribed: patch.isSubscribed ?? false,
      customAttributes: patch.customAttributes ?? {},
      createdAt: now,
      updatedAt: now,
    };
    await this.changes.publish({ entity: 'customer', kind: 'saved', customer, isNew: true });
    this.nextId++;
    this.overlay.set(id, customer);
    this.writtenEmails.set(customer.email.toLowerCase(), id);
    return customer;
  }

  async update(id: number, patch: CustomerPatch): Promise<Customer> {
    const current = this.require(id);
    if (patch.email && patch.email.toLowerCase() !== current.email.toLowerCase()) {
      const other = this.findByEmail(patch.email, patch.websiteId ?? current.websiteId);
      if (other && other.id !== id) {
        throw new MagentoStoreError('A customer with the same email address already exists in an associated website.');
      }
    }
    const { addresses, ...rest } = patch;
    const next: Customer = {
      ...current,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      id,
      addresses: addresses ? this.withIds(addresses) : current.addresses,
      // Custom attributes are saved one by one: those not sent keep their values.
      ...(rest.customAttributes ? { customAttributes: { ...current.customAttributes, ...rest.customAttributes } } : {}),
      updatedAt: this.now(),
    };
    await this.changes.publish({ entity: 'customer', kind: 'saved', customer: next, isNew: false });
    this.overlay.set(id, next);
    if (this.writtenEmails.get(current.email.toLowerCase()) === id) this.writtenEmails.delete(current.email.toLowerCase());
    this.writtenEmails.set(next.email.toLowerCase(), id);
    return next;
  }

  /** Records the welcome e-mail `AccountManagement::createAccount` sends after creating a customer. */
  recordWelcomeEmail(customer: Customer, withPassword: boolean): void {
    this.welcomeEmails.push({
      customerId: customer.id, email: customer.email, storeId: customer.storeId,
      template: withPassword ? 'registered' : 'registered_no_password', at: this.now(),
    });
  }

  /** `DELETE /V1/customers/{id}` (CustomerRepository::deleteById): the customer and its addresses are gone. */
  async delete(id: number): Promise<void> {
    const customer = this.require(id);
    await this.changes.publish({ entity: 'customer', kind: 'deleted', customer });
    this.overlay.delete(id);
    if (this.writtenEmails.get(customer.email.toLowerCase()) === id) this.writtenEmails.delete(customer.email.toLowerCase());
  }

  private withIds(addresses: (Omit<CustomerAddress, 'id'> & { id?: number })[]): CustomerAddress[] {
    return addresses.map((a) => ({ ...a, id: a.id ?? this.nextAddressId++ }));
  }
}
