import type { CatalogFeed } from './catalog-feed.js';
import type { ChangeFeed } from './changes.js';
import { MagentoStoreError, noSuchEntity } from './errors.js';
import type { InventoryRepository } from './inventory.js';
import { Overlay } from './overlay.js';
import type { Invoice, Order, OrderItem, OrderState, Shipment, ShipmentTrack, StatusHistory } from './types.js';

export interface ShipInput {
  /** Empty: ship everything still to ship. */
  items: { orderItemId: number; qty: number }[];
  tracks: { trackNumber: string; title: string; carrierCode: string }[];
  comment?: string;
  /** `arguments.extension_attributes.source_code`: the MSI source the shipment deducts from. */
  sourceCode?: string;
}

/**
 * Orders and their documents (invoices, shipments with tracks, status histories): generated orders
 * at entity ids `1..feed.orderCount`, orders placed through the sandbox after them. Generated
 * documents use their order's entity id, so ids of new documents start after `orderCount` too.
 */
export class OrderRepository {
  private readonly overlay: Overlay<number, Order>;
  private nextOrderId: number;
  private nextInvoiceId: number;
  private nextShipmentId: number;
  private nextTrackId: number;
  private nextHistoryId: number;

  constructor(
    private readonly feed: CatalogFeed,
    private readonly inventory: InventoryRepository,
    private readonly changes: ChangeFeed,
    private readonly now: () => number,
    version = DEFAULT_VERSION,
  ) {
    this.version = version;
    this.overlay = new Overlay((id) => (id >= 1 && id <= feed.orderCount ? feed.orderAt(id - 1) : undefined));
    this.nextOrderId = feed.orderCount + 1;
    this.nextInvoiceId = feed.orderCount + 1;
    this.nextShipmentId = feed.orderCount + 1;
    this.nextTrackId = feed.orderCount + 1;
    this.nextHistoryId = feed.orderCount * 10 + 1;
  }

  /**
   * The Magento release whose comment behaviour is reproduced (`POST /V1/orders/{id}/comments`):
   * before 2.4.5 (Adobe's fix AC-1342) a comment without `status` sets the order status to NULL
   * (magento/magento2#34180); from 2.4.7 a comment's `status` no longer changes the order status
   * (magento/magento2#38723); in between the comment's status, or the current one, is the new status.
   */
  version: string;

  /** Ids reserved for orders a webhook aborted while later ids were already taken. */
  private holes = 0;

  get count(): number {
    return this.nextOrderId - 1 - this.holes;
  }

  get isContiguous(): boolean {
    return this.holes === 0;
  }

  get maxId(): number {
    return this.nextOrderId - 1;
  }

  /** Generated orders all have `updated_at` at or before this instant. */
  get generatedUntilMs(): number {
    return this.feed.epochMs;
  }

  get(id: number): Order | undefined {
    return this.overlay.get(id);
  }

  require(id: number): Order {
    const order = this.overlay.get(id);
    if (!order) throw noSuchEntity("The entity that was requested doesn't exist. Verify the entity and try again.");
    return order;
  }

  getByIncrementId(incrementId: string): Order | undefined {
    const order = this.overlay.get(Number(incrementId));
    if (order?.incrementId === incrementId) return order;
    // An order written through the repository with its own increment id (`POST /V1/orders`).
    for (const written of this.written()) if (written.incrementId === incrementId) return written;
    return undefined;
  }

  /** Orders in entity-id order (streams). */
  *iterate(): IterableIterator<Order> {
    for (let id = 1; id < this.nextOrderId; id++) {
      const order = this.overlay.get(id);
      if (order) yield order;
    }
  }

  /** Orders placed or changed through the sandbox. */
  *written(): IterableIterator<Order> {
    for (const [, order] of this.overlay.writtenValues()) yield order;
  }

  /** The order holding a shipment (generated shipments carry their order's entity id). */
  findShipment(shipmentId: number): { order: Order; shipment: Shipment } | undefined {
    const candidates = shipmentId <= this.feed.orderCount ? [this.overlay.get(shipmentId)] : this.written();
    for (const order of candidates) {
      const shipment = order?.shipments.find((s) => s.entityId === shipmentId);
      if (order && shipment) return { order, shipment };
    }
    return undefined;
  }

  /** Reserves the entity id of the next order (ids are not reused when a webhook aborts it). */
  reserveId(): number {
    return this.nextOrderId++;
  }

  /** Gives back the id of an order that was not placed (aborted by a webhook). */
  releaseId(id: number): void {
    if (id === this.nextOrderId - 1) this.nextOrderId--;
    else this.holes++;
  }

  /** Stores a freshly placed order (called by `placeOrder` once webhooks accepted it). */
  insert(order: Order): void {
    this.overlay.set(order.entityId, order);
  }

  async addComment(
    id: number,
    input: { comment: string; status?: string; isCustomerNotified?: boolean; isVisibleOnFront?: boolean },
  ): Promise<boolean> {
    const order = this.require(id);
    let status: string | null = input.status ?? order.status;
    if (input.status === undefined && versionBelow(this.version, [2, 4, 5])) status = null;
    else if (input.status !== undefined && !versionBelow(this.version, [2, 4, 7])) status = order.status;
    const history = this.history(input.comment, status, input);
    await this.commit({ ...order, status, statusHistories: [history, ...order.statusHistories] });
    return true;
  }

  /**
   * `POST /V1/orders` naming an existing `entity_id` (the order repository's save): the fields given
   * are written. Only `status` (and `state`) are taken here, which is what an integration changes
   * this way; an unknown id is a new order, which this sandbox does not create through REST.
   */
  async save(id: number, input: { status?: string; state?: string }): Promise<Order> {
    const order = this.require(id);
    if (input.state !== undefined && !ORDER_STATES.includes(input.state as OrderState)) {
      throw new MagentoStoreError('The order state "%1" is not valid.', [input.state]);
    }
    const state = input.state === undefined ? order.state : (input.state as OrderState);
    const next = { ...order, state, status: input.status ?? order.status };
    await this.commit(next);
    return this.require(id);
  }

  /** `POST /V1/orders/{id}/cancel`: `false` when Magento's `canCancel()` says no. */
  async cancel(id: number): Promise<boolean> {
    const order = this.require(id);
    if (['canceled', 'complete', 'closed', 'holded', 'payment_review'].includes(order.state)) return false;
    const lines = order.items.filter((i) => i.parentItemId === null);
    if (lines.every((i) => i.qtyInvoiced >= i.qtyOrdered)) return false;
    const now = this.now();
    const items = order.items.map((item) => {
      const open = item.qtyOrdered - item.qtyShipped - item.qtyCanceled;
      if (open > 0 && item.productType === 'simple') this.inventory.reserve(item.sku, -open);
      return { ...item, qtyCanceled: item.qtyCanceled + Math.max(0, item.qtyOrdered - item.qtyInvoiced - item.qtyCanceled), updatedAt: now };
    });
    await this.commit({ ...order, items, state: 'canceled', status: 'canceled' });
    return true;
  }

  async hold(id: number): Promise<boolean> {
    const order = this.require(id);
    if (['canceled', 'complete', 'closed', 'holded'].includes(order.state)) {
      throw new MagentoStoreError('A hold action is not available.');
    }
    await this.commit({ ...order, state: 'holded', status: 'holded' });
    return true;
  }

  async unhold(id: number): Promise<boolean> {
    const order = this.require(id);
    if (order.state !== 'holded') throw new MagentoStoreError("You can't remove the hold.");
    await this.commit({ ...order, ...this.progressState(order) });
    return true;
  }

  /** `POST /V1/order/{id}/invoice`: invoices everything not invoiced yet; returns the invoice id. */
  async invoice(id: number, capture: boolean): Promise<number> {
    const order = this.require(id);
    if (['canceled', 'closed', 'holded', 'payment_review'].includes(order.state)) {
      throw new MagentoStoreError('The order does not allow an invoice to be created.');
    }
    const open = order.items.filter((i) => i.qtyOrdered - i.qtyInvoiced - i.qtyCanceled > 0);
    if (open.length === 0) throw new MagentoStoreError('The order does not allow an invoice to be created.');
    const now = this.now();
    const invoiceId = this.nextInvoiceId++;
    const invoice: Invoice = {
      entityId: invoiceId,
      incrementId: String(invoiceId).padStart(9, '0'),
      orderId: id,
      items: open.map((i) => ({ orderItemId: i.itemId, sku: i.sku, qty: i.qtyOrdered - i.qtyInvoiced - i.qtyCanceled })),
      grandTotal: order.grandTotal,
      state: capture ? 2 : 1,
      createdAt: now,
    };
    const items = order.items.map((i) => ({ ...i, qtyInvoiced: i.qtyOrdered - i.qtyCanceled, updatedAt: now }));
    const next: Order = { ...order, items, invoices: [...order.invoices, invoice], totalPaid: capture ? order.grandTotal : order.totalPaid };
    const updated = { ...next, ...this.progressState(next) };
    await this.changes.publish({ entity: 'invoice', kind: 'saved', order: updated, invoice });
    await this.commit(updated);
    return invoiceId;
  }

  /**
   * `POST /V1/order/{id}/ship`: partial or full shipment with tracks. A configurable line may be
   * named by its parent or its child item id; both lines are shipped together.
   */
  async ship(id: number, input: ShipInput): Promise<number> {
    const order = this.require(id);
    if (['canceled', 'closed', 'holded', 'payment_review'].includes(order.state)) {
      throw new MagentoStoreError('The order does not allow a shipment to be created.');
    }
    const wanted = new Map<number, number>();
    const requested = input.items.length > 0
      ? input.items
      : order.items.filter((i) => i.parentItemId === null).map((i) => ({ orderItemId: i.itemId, qty: openToShip(i) }));
    for (const { orderItemId, qty } of requested) {
      const item = order.items.find((i) => i.itemId === orderItemId);
      if (!item) throw new MagentoStoreError(SHIP_ERROR + 'The order does not contain some of the requested items.');
      const line = item.parentItemId === null ? item : order.items.find((i) => i.itemId === item.parentItemId)!;
      wanted.set(line.itemId, (wanted.get(line.itemId) ?? 0) + qty);
    }
    for (const [itemId, qty] of wanted) {
      const line = order.items.find((i) => i.itemId === itemId)!;
      if (qty <= 0 || qty > openToShip(line)) {
        throw new MagentoStoreError(SHIP_ERROR + "You can't create a shipment without products.");
      }
    }
    if ([...wanted.values()].every((q) => q === 0)) {
      throw new MagentoStoreError(SHIP_ERROR + "You can't create a shipment without products.");
    }
    const source = input.sourceCode;
    if (source !== undefined) {
      const lacking = order.items.filter((i) => wanted.has(i.parentItemId ?? i.itemId) && i.productType === 'simple' && !this.inventory.hasItemAt(i.sku, source));
      if (lacking.length > 0) {
        throw new MagentoStoreError('Source item not found by source code: %1 and sku: %2.', [source, JSON.stringify(lacking.map((i) => i.sku))], 404);
      }
    }
    const now = this.now();
    const shipmentId = this.nextShipmentId++;
    const tracks: ShipmentTrack[] = input.tracks.map((t) => ({ entityId: this.nextTrackId++, ...t }));
    const shippedItems: Shipment['items'] = [];
    const items: OrderItem[] = order.items.map((item) => {
      const lineId = item.parentItemId ?? item.itemId;
      const qty = wanted.get(lineId);
      if (!qty) return item;
      if (item.parentItemId === null) shippedItems.push({ orderItemId: item.itemId, sku: item.sku, qty });
      if (item.productType === 'simple') this.inventory.deduct(item.sku, qty, source);
      return { ...item, qtyShipped: item.qtyShipped + qty, updatedAt: now };
    });
    const shipment: Shipment = {
      entityId: shipmentId,
      incrementId: String(shipmentId).padStart(9, '0'),
      orderId: id,
      items: shippedItems,
      tracks,
      createdAt: now,
      ...(source === undefined ? {} : { sourceCode: source }),
    };
    const histories = input.comment ? [this.history(input.comment, order.status, {}), ...order.statusHistories] : order.statusHistories;
    const next: Order = { ...order, items, shipments: [...order.shipments, shipment], statusHistories: histories };
    const updated = { ...next, ...this.progressState(next) };
    await this.changes.publish({ entity: 'shipment', kind: 'saved', order: updated, shipment });
    await this.commit(updated);
    return shipmentId;
  }

  /** Next credit memo id (`POST /V1/order/{id}/refund`, see creditmemos.ts). */
  nextCreditmemoId(): number {
    return this.nextInvoiceId++;
  }

  /** Saves an order change: stamps `updated_at` and tells webhooks (`sales_order_save_after`). */
  async commit(order: Order): Promise<void> {
    const next = { ...order, updatedAt: this.now() };
    await this.changes.publish({ entity: 'order', kind: 'saved', order: next });
    this.overlay.set(next.entityId, next);
  }

  /** State after invoices/shipments: processing once invoiced or shipped, complete when both done. */
  private progressState(order: Order): Pick<Order, 'state' | 'status'> {
    const lines = order.items.filter((i) => i.parentItemId === null);
    const invoiced = lines.every((i) => i.qtyInvoiced + i.qtyCanceled >= i.qtyOrdered);
    const shipped = lines.every((i) => i.qtyShipped + i.qtyCanceled >= i.qtyOrdered);
    if (invoiced && shipped) return { state: 'complete', status: 'complete' };
    if (order.invoices.length > 0 || order.shipments.length > 0) return { state: 'processing', status: 'processing' };
    return { state: 'new', status: 'pending' };
  }

  private history(
    comment: string,
    status: string | null,
    flags: { isCustomerNotified?: boolean; isVisibleOnFront?: boolean },
  ): StatusHistory {
    return {
      entityId: this.nextHistoryId++,
      comment,
      status,
      isCustomerNotified: flags.isCustomerNotified ?? false,
      isVisibleOnFront: flags.isVisibleOnFront ?? false,
      entityName: 'order',
      createdAt: this.now(),
    };
  }
}

const DEFAULT_VERSION = '2.4.8';
const ORDER_STATES: readonly OrderState[] = ['new', 'pending_payment', 'processing', 'complete', 'closed', 'canceled', 'holded', 'payment_review'];

/** Whether `version` ("2.4.3", "2.4.7-p1") is a release before `than`. */
function versionBelow(version: string, than: readonly number[]): boolean {
  const parts = version.split(/[.-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < than.length; i++) {
    const a = parts[i] ?? 0;
    if (a !== than[i]) return a < than[i]!;
  }
  return false;
}

/** Magento concatenates the validator messages into the exception text (no placeholders). */
const SHIP_ERROR = 'Shipment Document Validation Error(s):\n';

function openToShip(item: OrderItem): number {
  return item.qtyOrdered - item.qtyShipped - item.qtyCanceled - item.qtyRefunded;
}
