import type { MagentoOrder, MagentoOrderItem } from '../../../connectors/magento/schemas/order.js';
import type { ShipItem } from '../../../connectors/magento/rest/orders.js';
import type { Order } from '../../../connectors/plenty/index.js';
import type { OrderImportConfig } from './config.js';

/**
 * Which Magento order lines to ship, and how many of each.
 *
 * The rule: Magento's own `qty_shipped` is the truth about what is already shipped, so nothing is ever
 * shipped twice, whoever shipped it. What PlentyONE has sent out is read per item when its order items
 * carry their stock transactions (`with=orderItems.transactions`: booked outgoing quantities, direction
 * "out", not cancelled), matched to Magento lines by SKU (`orderItems.variation.number`): a line is shipped
 * up to what PlentyONE booked out for it. Without per-item transactions, reaching the shipment status
 * means PlentyONE booked all outgoing items, so every open quantity is shipped.
 */
export interface PlentyOutgoing {
  /** SKU (variation number) → quantity PlentyONE booked out. */
  bySku: Map<string, number>;
}

export function planShipment(items: readonly MagentoOrderItem[], outgoing: PlentyOutgoing | undefined): ShipItem[] {
  const plan: ShipItem[] = [];
  // Child lines of configurables and bundles ship with their parent line; Magento ships the parent.
  for (const item of items) {
    if (item.parent_item_id !== undefined && item.parent_item_id !== null) continue;
    const shippable = item.qty_ordered - (item.qty_canceled ?? 0) - (item.qty_refunded ?? 0);
    const shipped = item.qty_shipped ?? 0;
    const target = outgoing ? Math.min(shippable, outgoing.bySku.get(item.sku) ?? 0) : shippable;
    const qty = round(target - shipped);
    if (qty > 0) plan.push({ order_item_id: item.item_id, qty });
  }
  return plan;
}

interface PlentyItemLike {
  typeId: number;
  quantity: number;
  variation?: unknown;
  transactions?: unknown;
}

/**
 * Outgoing quantities per SKU from PlentyONE order items, or undefined when the order items carry no
 * transactions at all (the system or the answer does not tell per item).
 */
export function outgoingBySku(orderItems: readonly PlentyItemLike[] | undefined): PlentyOutgoing | undefined {
  if (!orderItems || !orderItems.some((i) => Array.isArray(i.transactions))) return undefined;
  const bySku = new Map<string, number>();
  for (const item of orderItems) {
    const sku = variationNumber(item.variation);
    if (sku === undefined || !Array.isArray(item.transactions)) continue;
    let out = 0;
    for (const t of item.transactions as Record<string, unknown>[]) {
      if (t.status === 'cancelled') continue;
      const qty = Number(t.quantity);
      if (!Number.isFinite(qty)) continue;
      out += t.direction === 'in' ? -Math.abs(qty) : t.direction === 'out' ? Math.abs(qty) : 0;
    }
    bySku.set(sku, round((bySku.get(sku) ?? 0) + Math.max(0, out)));
  }
  return { bySku };
}

/**
 * The lines to ship grouped by the MSI source they leave from: the PlentyONE warehouse of the order
 * item with the line's SKU, through `shipments.warehouseMapping`, else `shipments.defaultSourceCode`.
 * One group without a source (Magento chooses) when neither is set.
 */
export function bySource(config: OrderImportConfig, order: Order, mo: MagentoOrder, items: readonly ShipItem[]): Map<string | undefined, ShipItem[]> {
  const { warehouseMapping, defaultSourceCode } = config.shipments;
  const sourceOf = new Map(warehouseMapping.map((r) => [r.warehouseId, r.sourceCode]));
  const warehouseOf = new Map<string, number>();
  for (const item of order.orderItems ?? []) {
    const sku = variationNumber((item as { variation?: unknown }).variation);
    if (sku !== undefined && typeof item.warehouseId === 'number' && !warehouseOf.has(sku)) warehouseOf.set(sku, item.warehouseId);
  }
  const groups = new Map<string | undefined, ShipItem[]>();
  for (const item of items) {
    const sku = mo.items.find((i) => i.item_id === item.order_item_id)?.sku;
    const warehouse = sku === undefined ? undefined : warehouseOf.get(sku);
    const source = (warehouse === undefined ? undefined : sourceOf.get(warehouse)) ?? defaultSourceCode;
    const group = groups.get(source);
    if (group) group.push(item);
    else groups.set(source, [item]);
  }
  return groups;
}

/** The SKU PlentyONE gives an order item: its variation's number (`with=orderItems.variation`). */
export function variationNumber(variation: unknown): string | undefined {
  if (!variation || typeof variation !== 'object') return undefined;
  const n = (variation as Record<string, unknown>).number;
  return typeof n === 'string' && n !== '' ? n : typeof n === 'number' ? String(n) : undefined;
}

/** Quantities may be fractional (4 decimals in Magento); keep float noise out of the API calls. */
function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
