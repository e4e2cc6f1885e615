/** Customers: admin search, create, update, delete. */
import { z } from 'zod';
import type { MagentoRestTransport } from '../rest-transport.js';
import { segment } from '../rest-transport.js';
import { customerSchema, customerSearchResultSchema } from '../schemas/customer.js';
import type { MagentoCustomer, MagentoCustomerInput } from '../schemas/customer.js';
import type { SearchResult } from '../schemas/search-result.js';
import { searchCriteria } from '../search-criteria.js';
import type { SearchCriteria } from '../search-criteria.js';
import { withFilterGroups } from './call-options.js';
import type { CallOptions, FilterGroup, ScanOptions } from './call-options.js';
import { searchItems, searchPages } from './paging.js';

export function customersApi(rest: MagentoRestTransport) {
  const search = (criteria: SearchCriteria, options: CallOptions = {}): Promise<SearchResult<MagentoCustomer>> =>
    rest.call(
      { method: 'GET', path: '/V1/customers/search', route: 'GET /V1/customers/search', query: criteria, ...options },
      customerSearchResultSchema,
    );
  return {
    search,

    /**
     * Every customer updated at or after `since`, oldest change first, streamed page by page (an
     * admin REST search: the storefront GraphQL API cannot list customers).
     */
    updatedSince: (since: Date | string, filters: readonly FilterGroup[] = [], options: ScanOptions = {}): AsyncGenerator<MagentoCustomer> => {
      const criteria = withFilterGroups(searchCriteria().where('updated_at', since, 'gteq'), filters)
        .sortBy('updated_at', 'ASC')
        .sortBy('entity_id', 'ASC')
        .pageSize(options.pageSize ?? 300);
      return searchItems(searchPages(criteria, (c) => search(c, { store: options.store, signal: options.signal })));
    },

    /** Not retried: a lost answer may hide a created customer (search by email before trying again). */
    create: (customer: MagentoCustomerInput, options: CallOptions & { password?: string } = {}): Promise<MagentoCustomer> =>
      rest.call(
        {
          method: 'POST',
          path: '/V1/customers',
          route: 'POST /V1/customers',
          body: { customer, ...(options.password ? { password: options.password } : {}) },
          store: options.store,
          signal: options.signal,
        },
        customerSchema,
      ),

    /**
     * Creates a customer without Magento's welcome e-mail: `POST /V1/customers` runs
     * `AccountManagement::createAccount`, which always sends the new-account e-mail, so this uses the
     * route of the plentygate Magento module (`POST /V1/plentygate/customers`, `CustomerRepository::save`).
     * Not retried (a lost answer may hide a created customer).
     */
    createWithoutWelcomeEmail: (customer: MagentoCustomerInput, options: CallOptions = {}): Promise<MagentoCustomer> =>
      rest.call(
        { method: 'POST', path: '/V1/plentygate/customers', route: 'POST /V1/plentygate/customers', body: { customer }, store: options.store, signal: options.signal },
        customerSchema,
      ),

    /** `CustomerRepository::deleteById`: the customer and its address book. */
    delete: (id: number, options: CallOptions = {}): Promise<unknown> =>
      rest.call(
        { method: 'DELETE', path: `/V1/customers/${segment(id)}`, route: 'DELETE /V1/customers/:id', idempotent: true, store: options.store, signal: options.signal },
        z.unknown(),
      ),

    update: (id: number, customer: MagentoCustomerInput, options: CallOptions = {}): Promise<MagentoCustomer> =>
      rest.call(
        {
          method: 'PUT',
          path: `/V1/customers/${segment(id)}`,
          route: 'PUT /V1/customers/:id',
          body: { customer: { ...customer, id } },
          idempotent: true,
          ...options,
        },
        customerSchema,
      ),
  };
}

export type CustomersApi = ReturnType<typeof customersApi>;
