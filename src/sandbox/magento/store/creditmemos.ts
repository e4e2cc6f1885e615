import { MagentoStoreError } from './errors.js';
import type { OrderRepository } from './orders.js';
import type { Creditmemo, Order, OrderItem } from './types.js';

export interface RefundInput {
  items: { orderItemId: number; qty: number }[];
  shippingAmount?: number;
  adjustmentPositive?: number;
  adjustmentNegative?: number;
  comment?: string;
}

/** Magento joins the validators' messages under this heading (`CreditmemoValidationException`). */
const REFUND_ERROR = 'Creditmemo Document Validation Error(s):\n';

/**
 * `POST /V1/order/{id}/refund` (`RefundOrder`, an offline refund): checks as Magento's validators do —
 * the order must allow a credit memo (invoiced, not canceled, closed or on hold), each quantity at most
 * what is invoiced and not refunded yet, and the total at most what was paid and not refunded yet.
 */
export async function refundOrder(orders: OrderRepository, id: number, input: RefundInput, now: number): Promise<number> {
  const order = orders.require(id);
  const refunded = order.totalRefunded ?? 0;
  if (['canceled', 'closed', 'holded', 'payment_review'].includes(order.state) || order.totalPaid - refunded <= 0) {
    throw new MagentoStoreError(`${REFUND_ERROR}The order does not allow a creditmemo to be created.`);
  }
  const lines: Creditmemo['items'] = [];
  for (const { orderItemId, qty } of input.items) {
    const item = order.items.find((i) => i.itemId === orderItemId);
    if (!item) throw new MagentoStoreError(`${REFUND_ERROR}The creditmemo contains product item that is not part of the original order.`);
    if (qty > item.qtyInvoiced - item.qtyRefunded) {
      throw new MagentoStoreError(`${REFUND_ERROR}The quantity to creditmemo must not be greater than the unrefunded quantity for ${item.sku}.`);
    }
    if (qty > 0) lines.push({ orderItemId, sku: item.sku, qty, rowTotal: rowGross(item, qty) });
  }
  const shipping = input.shippingAmount ?? 0;
  const shippingRefundable = round(order.shippingAmount + order.shippingTaxAmount - (order.creditmemos ?? []).reduce((s, c) => s + c.shippingAmount, 0));
  if (shipping > shippingRefundable + 0.0001) {
    throw new MagentoStoreError(`${REFUND_ERROR}Maximum shipping amount allowed to refund is: ${shippingRefundable.toFixed(2)}`);
  }
  const total = round(lines.reduce((s, l) => s + l.rowTotal, 0) + shipping + (input.adjustmentPositive ?? 0) - (input.adjustmentNegative ?? 0));
  if (total <= 0) throw new MagentoStoreError(`${REFUND_ERROR}The credit memo's total must be positive.`);
  const available = round(order.totalPaid - refunded);
  if (total > available + 0.0001) throw new MagentoStoreError(`The most money available to refund is ${available.toFixed(2)}.`);

  const memo: Creditmemo = {
    entityId: orders.nextCreditmemoId(),
    incrementId: '',
    orderId: id,
    items: lines,
    shippingAmount: shipping,
    adjustmentPositive: input.adjustmentPositive ?? 0,
    adjustmentNegative: input.adjustmentNegative ?? 0,
    grandTotal: total,
    comments: input.comment ? [input.comment] : [],
    createdAt: now,
  };
  memo.incrementId = String(memo.entityId).padStart(9, '0');
  const items = order.items.map((item) => {
    const line = lines.find((l) => l.orderItemId === item.itemId);
    return line ? { ...item, qtyRefunded: item.qtyRefunded + line.qty, updatedAt: now } : item;
  });
  const totalRefunded = round(refunded + total);
  // Everything paid given back: Magento closes the order.
  const closed = totalRefunded >= order.totalPaid - 0.0001;
  const next: Order = {
    ...order,
    items,
    creditmemos: [...(order.creditmemos ?? []), memo],
    totalRefunded,
    ...(closed ? { state: 'closed', status: 'closed' } : {}),
  };
  await orders.commit(next);
  return memo.entityId;
}

/** What a line refunds per unit: its gross price less its share of the line discount. */
function rowGross(item: OrderItem, qty: number): number {
  const discountPerUnit = item.qtyOrdered > 0 ? (item.discountAmount ?? 0) / item.qtyOrdered : 0;
  return round((item.priceInclTax - discountPerUnit) * qty);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
