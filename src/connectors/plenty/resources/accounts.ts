/** Contacts and their addresses, payments, webstores, the API user. */
import { z } from 'zod';
import { scan } from '../paging.js';
import { accountSchema, addressSchema, contactSchema, paymentMethodSchema, paymentOrderRelationSchema, paymentSchema, webstoreSchema } from '../schemas/accounts.js';
import type { Account, Address, Contact, Payment, PaymentMethod, PaymentOrderRelation, Webstore } from '../schemas/accounts.js';
import { meSchema } from '../schemas/auth.js';
import type { PlentyUser } from '../schemas/auth.js';
import type { PlentyTransport } from '../transport.js';

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

export function contactCalls(t: PlentyTransport) {
  return {
    /** Contacts with this e-mail (guest orders reuse an existing contact rather than creating another). */
    findByEmail: (email: string, signal?: AbortSignal): Promise<Contact[]> =>
      all(scan(t, '/rest/accounts/contacts', contactSchema, { query: { contactEmail: email }, pageSize: 50, signal })),

    /** Contacts matching PlentyONE's list filters (`typeId`, `plentyId`, `updatedAtAfter` …), page by page. */
    list: (query: Record<string, string | number>, options: { pageSize?: number; signal?: AbortSignal } = {}): AsyncIterable<Contact> =>
      scan(t, '/rest/accounts/contacts', contactSchema, { query, pageSize: options.pageSize ?? 100, signal: options.signal }),

    async findByExternalId(externalId: string, signal?: AbortSignal): Promise<Contact | undefined> {
      const found = await all(scan(t, '/rest/accounts/contacts', contactSchema, { query: { externalId }, pageSize: 50, signal }));
      // Filter again: the real filter may match loosely.
      return found.find((c) => c.externalId === externalId);
    },

    get: (contactId: number, signal?: AbortSignal): Promise<Contact> =>
      t.request('GET', '/rest/accounts/contacts/{contactId}', { path: { contactId }, schema: contactSchema, signal }),

    create: (body: Record<string, unknown>, signal?: AbortSignal): Promise<Contact> =>
      t.request('POST', '/rest/accounts/contacts', { body, schema: contactSchema, signal }),

    update: (contactId: number, body: Record<string, unknown>, signal?: AbortSignal): Promise<Contact> =>
      t.request('PUT', '/rest/accounts/contacts/{contactId}', { path: { contactId }, body, schema: contactSchema, idempotent: true, signal }),

    /**
     * Deletes the contact. `checkExistingOrders`: PlentyONE refuses (CustomerDeleteException) when
     * orders refer to the contact, so they keep their contact.
     */
    delete: (contactId: number, options: { checkExistingOrders?: boolean; signal?: AbortSignal } = {}): Promise<unknown> =>
      t.request('DELETE', '/rest/accounts/contacts/{contactId}', {
        path: { contactId }, ...(options.checkExistingOrders ? { query: { checkExistingOrders: 'true' } } : {}), schema: z.unknown(), idempotent: true, signal: options.signal,
      }),

    updateAddress: (contactId: number, addressId: number, body: Record<string, unknown>, signal?: AbortSignal): Promise<Address> =>
      t.request('PUT', '/rest/accounts/contacts/{contactId}/addresses/{addressId}', { path: { contactId, addressId }, body, schema: addressSchema, idempotent: true, signal }),

    /** A company (account) for the contact; not retried (a lost answer may hide a created account). */
    createAccount: (contactId: number, body: Record<string, unknown>, signal?: AbortSignal): Promise<Account> =>
      t.request('POST', '/rest/accounts/contacts/{contactId}/accounts', { path: { contactId }, body, schema: accountSchema, signal }),

    updateAccount: (contactId: number, accountId: number, body: Record<string, unknown>, signal?: AbortSignal): Promise<Account> =>
      t.request('PUT', '/rest/accounts/contacts/{contactId}/accounts/{accountId}', { path: { contactId, accountId }, body, schema: accountSchema, idempotent: true, signal }),

    /** The contact's addresses (all relation types). */
    addresses: (contactId: number, signal?: AbortSignal): Promise<Address[]> =>
      t.request('GET', '/rest/accounts/contacts/{contactId}/addresses', { path: { contactId }, schema: z.array(addressSchema), signal }),

    /** `typeId` 1 billing, 2 delivery. */
    createAddress: (contactId: number, body: Record<string, unknown>, typeId?: number, signal?: AbortSignal): Promise<Address> =>
      t.request('POST', '/rest/accounts/contacts/{contactId}/addresses', { path: { contactId }, query: { typeId }, body, schema: addressSchema, signal }),
  };
}

export function paymentCalls(t: PlentyTransport) {
  return {
    methods: (signal?: AbortSignal): Promise<PaymentMethod[]> =>
      t.request('GET', '/rest/payments/methods', { schema: z.array(paymentMethodSchema), signal }),

    create: (body: Record<string, unknown>, signal?: AbortSignal): Promise<Payment> =>
      t.request('POST', '/rest/payments', { body, schema: paymentSchema, signal }),

    linkToOrder: (paymentId: number, orderId: number, signal?: AbortSignal): Promise<PaymentOrderRelation> =>
      t.request('POST', '/rest/payment/{paymentId}/order/{orderId}', { path: { paymentId, orderId }, schema: paymentOrderRelationSchema, signal }),

    /** `GET /rest/payments/orders/{orderId}`: the payments booked on an order (a bare array). */
    forOrder: (orderId: number, signal?: AbortSignal): Promise<Payment[]> =>
      t.request('GET', '/rest/payments/orders/{orderId}', { path: { orderId }, schema: z.array(paymentSchema), signal }),
  };
}

export const webstores = (t: PlentyTransport, signal?: AbortSignal): Promise<Webstore[]> =>
  t.request('GET', '/rest/webstores', { schema: z.array(webstoreSchema), signal });

export const me = (t: PlentyTransport, signal?: AbortSignal): Promise<PlentyUser> => t.request('GET', '/rest/users/me', { schema: meSchema, signal });
