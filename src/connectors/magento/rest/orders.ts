/** Orders: read, search, delta scan by `updated_at`, comments, cancel, invoice, ship. */
import type { MagentoRestTransport } from '../rest-transport.js';
import { segment } from '../rest-transport.js';
import { booleanAnswerSchema, entityIdSchema } from '../schemas/search-result.js';
import type { SearchResult } from '../schemas/search-result.js';
import { orderSchema, orderSearchResultSchema } from '../schemas/order.js';
import type { MagentoOrder } from '../schemas/order.js';
import { searchCriteria } from '../search-criteria.js';
import { creditmemoSearchSchema, type Creditmemo } from '../schemas/creditmemo.js';
import type { SearchCriteria } from '../search-criteria.js';
import { withFilterGroups } from './call-options.js';
import type { CallOptions, FilterGroup, ScanOptions } from './call-options.js';
import { searchItems, searchPages } from './paging.js';
import type { Page } from './paging.js';

export interface OrderComment {
  comment: string;
  /**
   * The order's status as it is now (after `setStatus`), always sent: releases before AC-1342 set the
   * status to NULL when a comment carries none (magento/magento2#34180), and from 2.4.7 a comment can
   * no longer change it (magento/magento2#38723), so a status change goes through `setStatus` first.
   */
  status: string;
  isCustomerNotified?: boolean;
  isVisibleOnFront?: boolean;
}

export interface ShipItem {
  order_item_id: number;
  qty: number;
}

export interface ShipTrack {
  track_number: string;
  title: string;
  carrier_code: string;
}

export interface ShipOptions extends CallOptions {
  notify?: boolean;
  comment?: string;
  /** The MSI source the shipment deducts from (`arguments.extension_attributes.source_code`); absent: Magento chooses. */
  sourceCode?: string;
}

/** `POST /V1/order/{id}/refund` (an offline credit memo). */
export interface RefundRequest {
  items: { order_item_id: number; qty: number }[];
  shippingAmount?: number;
  adjustmentPositive?: number;
  adjustmentNegative?: number;
  /** Kept with the credit memo: plentygate names the PlentyONE credit note in it, to find it again. */
  comment: string;
  notify?: boolean;
}

export function ordersApi(rest: MagentoRestTransport) {
  const search = (criteria: SearchCriteria, options: CallOptions = {}): Promise<SearchResult<MagentoOrder>> =>
    rest.call({ method: 'GET', path: '/V1/orders', route: 'GET /V1/orders', query: criteria, ...options }, orderSearchResultSchema);

  /** Pages of orders updated at or after `since` (oldest change first); see `searchPages`. */
  const updatedSincePages = (since: Date | string, filters: readonly FilterGroup[] = [], options: ScanOptions = {}): AsyncGenerator<Page<MagentoOrder>> => {
    const criteria = withFilterGroups(searchCriteria().where('updated_at', since, 'gteq'), filters)
      .sortBy('updated_at', 'ASC')
      .sortBy('entity_id', 'ASC')
      .pageSize(options.pageSize ?? 300);
    const call: CallOptions = { store: options.store, signal: options.signal };
    return searchPages(criteria, (c) => search(c, call));
  };

  return {
    get: (id: number, options: CallOptions = {}): Promise<MagentoOrder> =>
      rest.call({ method: 'GET', path: `/V1/orders/${segment(id)}`, route: 'GET /V1/orders/:id', ...options }, orderSchema),

    search,

    updatedSincePages,

    /**
     * Every order updated at or after `since` (a Date, or Magento's UTC `YYYY-MM-DD HH:MM:SS`),
     * with optional extra filters, streamed page by page. An order changed during the scan moves
     * to the end of the sort order and may push another one past a page boundary, so callers keep
     * an overlap on their watermark.
     */
    updatedSince: (since: Date | string, filters: readonly FilterGroup[] = [], options: ScanOptions = {}): AsyncGenerator<MagentoOrder> =>
      searchItems(updatedSincePages(since, filters, options)),

    /** Adds a status history comment (not idempotent: a retry would add it twice). */
    addComment: (id: number, comment: OrderComment, options: CallOptions = {}): Promise<boolean> =>
      rest.call(
        {
          method: 'POST',
          path: `/V1/orders/${segment(id)}/comments`,
          route: 'POST /V1/orders/:id/comments',
          body: {
            statusHistory: {
              comment: comment.comment,
              is_customer_notified: comment.isCustomerNotified ? 1 : 0,
              is_visible_on_front: comment.isVisibleOnFront ? 1 : 0,
              status: comment.status,
            },
          },
          ...options,
        },
        booleanAnswerSchema,
      ),

    /**
     * Sets the order status (and state, if given) through the order repository's save: the one way
     * that changes a status on every 2.4 release (a comment's status is ignored from 2.4.7). Follow it
     * with `addComment` carrying the same status to say why.
     */
    setStatus: (id: number, change: { status: string; state?: string }, options: CallOptions = {}): Promise<MagentoOrder> =>
      rest.call(
        {
          method: 'POST',
          path: '/V1/orders',
          route: 'POST /V1/orders',
          body: { entity: { entity_id: id, status: change.status, ...(change.state === undefined ? {} : { state: change.state }) } },
          ...options,
        },
        orderSchema,
      ),

    /**
     * Writes a new order through the order repository (`POST /V1/orders` without an entity id): the
     * only REST route that keeps amounts other than the catalogue's (a cart reprices every line,
     * magento/magento2#22215). Never retried internally: look the order up by `ext_order_id` first.
     */
    create: (entity: Record<string, unknown>, options: CallOptions = {}): Promise<MagentoOrder> =>
      rest.call({ method: 'POST', path: '/V1/orders', route: 'POST /V1/orders', body: { entity }, ...options }, orderSchema),

    /** `POST /V1/orders/{id}/emails`: Magento sends the order confirmation e-mail. */
    sendEmail: (id: number, options: CallOptions = {}): Promise<boolean> =>
      rest.call({ method: 'POST', path: `/V1/orders/${segment(id)}/emails`, route: 'POST /V1/orders/:id/emails', ...options }, booleanAnswerSchema),

    hold: (id: number, options: CallOptions = {}): Promise<boolean> =>
      rest.call({ method: 'POST', path: `/V1/orders/${segment(id)}/hold`, route: 'POST /V1/orders/:id/hold', ...options }, booleanAnswerSchema),

    unhold: (id: number, options: CallOptions = {}): Promise<boolean> =>
      rest.call({ method: 'POST', path: `/V1/orders/${segment(id)}/unhold`, route: 'POST /V1/orders/:id/unhold', ...options }, booleanAnswerSchema),

    /** An offline credit memo; answers its id. */
    refund: (id: number, request: RefundRequest, options: CallOptions = {}): Promise<number> =>
      rest.call(
        {
          method: 'POST',
          path: `/V1/order/${segment(id)}/refund`,
          route: 'POST /V1/order/:id/refund',
          body: {
            items: request.items,
            notify: request.notify ?? false,
            comment: { comment: request.comment, is_visible_on_front: 0 },
            arguments: {
              shipping_amount: request.shippingAmount ?? 0,
              adjustment_positive: request.adjustmentPositive ?? 0,
              adjustment_negative: request.adjustmentNegative ?? 0,
            },
          },
          ...options,
        },
        entityIdSchema,
      ),

    /** The credit memos of an order with their comments (`GET /V1/creditmemos`). */
    creditmemos: (orderId: number, options: CallOptions = {}): Promise<SearchResult<Creditmemo>> =>
      rest.call(
        { method: 'GET', path: '/V1/creditmemos', route: 'GET /V1/creditmemos', query: searchCriteria().where('order_id', orderId).pageSize(100), ...options },
        creditmemoSearchSchema,
      ),

    /** `true` when Magento canceled the order, `false` when it could not be canceled. */
    cancel: (id: number, options: CallOptions = {}): Promise<boolean> =>
      rest.call({ method: 'POST', path: `/V1/orders/${segment(id)}/cancel`, route: 'POST /V1/orders/:id/cancel', ...options }, booleanAnswerSchema),

    /** Invoices the whole order; answers the invoice id. */
    invoice: (id: number, options: CallOptions & { capture?: boolean; notify?: boolean } = {}): Promise<number> =>
      rest.call(
        {
          method: 'POST',
          path: `/V1/order/${segment(id)}/invoice`,
          route: 'POST /V1/order/:id/invoice',
          body: { capture: options.capture ?? false, notify: options.notify ?? false },
          store: options.store,
          signal: options.signal,
        },
        entityIdSchema,
      ),

    /** Ships items (all when `items` is empty) with tracking numbers; answers the shipment id. */
    ship: (id: number, items: readonly ShipItem[], tracks: readonly ShipTrack[] = [], options: ShipOptions = {}): Promise<number> =>
      rest.call(
        {
          method: 'POST',
          path: `/V1/order/${segment(id)}/ship`,
          route: 'POST /V1/order/:id/ship',
          body: {
            items,
            notify: options.notify ?? false,
            tracks,
            ...(options.comment ? { comment: { comment: options.comment, is_visible_on_front: 0 } } : {}),
            ...(options.sourceCode ? { arguments: { extension_attributes: { source_code: options.sourceCode } } } : {}),
          },
          store: options.store,
          signal: options.signal,
        },
        entityIdSchema,
      ),
  };
}

export type OrdersApi = ReturnType<typeof ordersApi>;
