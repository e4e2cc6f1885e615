/** Orders: lookup by external order id, create, read, update, delta scan, statuses, packages. */
import { z } from 'zod';
import { parseCanonicalOrThrow } from '../../canonical.js';
import { PermanentApiError } from '../../errors.js';
import { scan } from '../paging.js';
import type { PageOptions, Scan } from '../paging.js';
import { envelopeOf } from '../schemas/common.js';
import { newOrderSchema, orderSchema, orderStatusSchema, referrerSchema, shippingPackageSchema } from '../schemas/orders.js';
import type { NewOrder, Order, OrderStatus, Referrer, ShippingPackage } from '../schemas/orders.js';
import type { PlentyTransport } from '../transport.js';
import { w3c } from './time.js';
import type { Timestamp } from './time.js';

/** Order property type 7 holds the external (Magento) order id. */
export const EXTERNAL_ORDER_ID_PROPERTY = 7;

export interface UpdatedSinceOptions extends PageOptions {
  to?: Timestamp;
  /** Relations, e.g. `addresses`, `orderItems.variation`, `relations`. */
  with?: string[];
}

export function orderCalls(t: PlentyTransport) {
  // Systems without `/rest/orders/search` (404/405) fall back to the deprecated legacy filter for good.
  let searchMissing = false;
  const list = envelopeOf(orderSchema);

  return {
    /**
     * The order carrying this external order id (the oldest, should there be several), or undefined.
     * Looked up before every create, so a retried export never creates a second order.
     */
    async findByExternalId(externalOrderId: string, signal?: AbortSignal): Promise<Order | undefined> {
      if (!searchMissing) {
        try {
          const answer = await t.request('GET', '/rest/orders/search', {
            // sortBy takes only the values the OpenAPI lists for the search (orderId, statusId, …).
            query: { [`orderProperty_${EXTERNAL_ORDER_ID_PROPERTY}`]: `eq:${externalOrderId}`, sortBy: 'orderId', sortOrder: 'asc', itemsPerPage: 50 },
            schema: list,
            signal,
          });
          return answer.entries[0];
        } catch (err) {
          if (!(err instanceof PermanentApiError && (err.status === 404 || err.status === 405))) throw err;
          searchMissing = true;
        }
      }
      const legacy = await t.request('GET', '/rest/orders', {
        query: { externalOrderId, sortBy: 'id', sortOrder: 'asc', itemsPerPage: 50 },
        schema: list,
        signal,
      });
      return legacy.entries[0];
    },

    /** `POST /rest/orders`; never retried internally (look the order up before trying again). */
    create: (body: NewOrder, signal?: AbortSignal): Promise<Order> =>
      t.request('POST', '/rest/orders', { body: parseCanonicalOrThrow(newOrderSchema, body), schema: orderSchema, signal }),

    get: (orderId: number, withRelations?: string[], signal?: AbortSignal): Promise<Order> =>
      t.request('GET', '/rest/orders/{orderId}', { path: { orderId }, query: { with: withRelations }, schema: orderSchema, signal }),

    update: (orderId: number, body: Record<string, unknown>, signal?: AbortSignal): Promise<Order> =>
      t.request('PUT', '/rest/orders/{orderId}', { path: { orderId }, body, schema: orderSchema, signal }),

    /**
     * Orders changed since `from` (inclusive), by order id: the search sorts by the values its OpenAPI
     * lists only (no `updatedAt`), and `between:` needs both bounds, so an open range is `gte:`.
     */
    updatedSince(from: Timestamp, options: UpdatedSinceOptions = {}): Scan<Order> {
      const updatedAt = options.to === undefined ? `gte:${w3c(from)}` : `between:${w3c(from)},${w3c(options.to)}`;
      return scan(t, '/rest/orders/search', orderSchema, {
        ...options,
        query: { updatedAt, sortBy: 'orderId', sortOrder: 'asc', with: options.with },
      });
    },

    /**
     * `/rest/orders/search` with `field=operator:value` filters (e.g. `{referrerId: 'in:2,4', createdAt:
     * 'gte:…'}`), by order id: the marketplace order scan.
     */
    search(filters: Record<string, string>, options: UpdatedSinceOptions = {}): Scan<Order> {
      return scan(t, '/rest/orders/search', orderSchema, { ...options, query: { ...filters, sortBy: 'orderId', sortOrder: 'asc', with: options.with } });
    },

    /** `PUT /rest/orders/{orderId}/cancel`: cancels with a status of the 8 group (8 when absent). */
    cancel: (orderId: number, body: { statusId?: number; message?: string } = {}, signal?: AbortSignal): Promise<unknown> =>
      t.request('PUT', '/rest/orders/{orderId}/cancel', { path: { orderId }, body, schema: z.unknown(), signal }),

    /** `POST /rest/orders/{orderId}/shipping/packages`: a package with its tracking (package) number. */
    addShippingPackage: (orderId: number, body: { packageId: number; packageNumber: string }, signal?: AbortSignal): Promise<ShippingPackage> =>
      t.request('POST', '/rest/orders/{orderId}/shipping/packages', { path: { orderId }, body, schema: shippingPackageSchema, signal }),

    /** Every order status of the system (ids are decimals: compare 5.1 ≠ 5). */
    async statuses(signal?: AbortSignal): Promise<OrderStatus[]> {
      const out: OrderStatus[] = [];
      for await (const s of scan(t, '/rest/orders/statuses', orderStatusSchema, { signal })) out.push(s);
      return out;
    },

    shippingPackages: (orderId: number, signal?: AbortSignal): Promise<ShippingPackage[]> =>
      t.request('GET', '/rest/orders/{orderId}/shipping/packages', { path: { orderId }, schema: z.array(shippingPackageSchema), signal }),
  };
}

export function referrers(t: PlentyTransport, signal?: AbortSignal): Promise<Referrer[]> {
  return t.request('GET', '/rest/orders/referrers', { schema: z.array(referrerSchema), signal });
}
