/** Customers: admin search, create, update. */
import type { MagentoRestTransport } from '../rest-transport.js';
import { segment } from '../rest-transport.js';
import { customerSchema, customerSearchResultSchema } from '../schemas/customer.js';
import type { MagentoCustomer, MagentoCustomerInput } from '../schemas/customer.js';
import type { SearchResult } from '../schemas/search-result.js';
import type { SearchCriteria } from '../search-criteria.js';
import type { CallOptions } from './call-options.js';

export function customersApi(rest: MagentoRestTransport) {
  return {
    search: (criteria: SearchCriteria, options: CallOptions = {}): Promise<SearchResult<MagentoCustomer>> =>
      rest.call(
        { method: 'GET', path: '/V1/customers/search', route: 'GET /V1/customers/search', query: criteria, ...options },
        customerSearchResultSchema,
      ),

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
