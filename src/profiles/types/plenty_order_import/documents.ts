import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { RefundRequest } from '../../../connectors/magento/rest/orders.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import type { Order, PlentyClient } from '../../../connectors/plenty/index.js';
import type { Outcome, RunContext } from '../../profile-type.js';
import { claim, release } from '../plenty_order_export/claims.js';
import type { OrderImportConfig } from './config.js';
import { variationNumber } from './shipment-plan.js';
import { compareStatus, statusKey } from './status.js';

type Ctx = RunContext<OrderImportConfig>;
type OrderItem = NonNullable<Order['orderItems']>[number];

const SHIPPING_COSTS = 6;
const DISCOUNT_ITEMS = new Set([4, 5]);
const PRODUCT_ITEMS = new Set([1, 2]);
export const CREDIT_NOTE_TYPE = 4;
/** A return (order type 3): goods coming back, with no amounts of its own. */
export const RETURN_TYPE = 3;

/**
 * What a PlentyONE return does in Magento: nothing, by design. A return only says goods are on their
 * way back; whether money goes back is PlentyONE's credit note, which becomes the credit memo. A comment
 * per return on the Magento order would repeat what the credit memo says, or announce a refund that
 * never comes when the merchant declines the return.
 */
export function returnOutcome(key: string, order: Order): Outcome {
  const parent = parentOrderId(order);
  return { key, result: 'skipped', reason: `PlentyONE return ${order.id}${parent === undefined ? '' : ` of order ${parent}`}: returns change nothing in Magento; the credit note PlentyONE writes for it becomes the credit memo (creditMemos.create)` };
}
const CLOSED = new Set(['canceled', 'closed', 'holded', 'payment_review']);

const paidOf = (item: OrderItem): number => {
  const amounts = (item.amounts ?? []) as Record<string, unknown>[];
  const a = amounts.find((x) => x.isSystemCurrency === false) ?? amounts[0];
  return Math.round(Number(a?.priceGross ?? a?.priceOriginalGross ?? 0) * 100) * Number(item.quantity);
};

/** PlentyONE's total of an order in its currency (the sum of its lines), in cents. */
export const totalCents = (order: Order): number => Math.round((order.orderItems ?? []).reduce((s, i) => s + paidOf(i), 0));

const documentsOf = (order: Order): { type?: unknown; status?: unknown }[] => {
  const docs = (order as Record<string, unknown>).documents;
  return Array.isArray(docs) ? (docs as { type?: unknown; status?: unknown }[]) : [];
};

/** Whether PlentyONE has a document of this type for the order (one marked faulty does not count). */
export const hasDocument = (order: Order, type: 'invoice' | 'delivery_note'): boolean => documentsOf(order).some((d) => d.type === type && d.status !== 'faulty');

/** What PlentyONE's payments on an order add up to (deleted ones left out), in cents. */
export async function paidCents(plenty: PlentyClient, orderId: number, signal: AbortSignal): Promise<number> {
  const payments = await plenty.payments.forOrder(orderId, signal);
  return Math.round(payments.filter((p) => !(p as Record<string, unknown>).deleted).reduce((s, p) => s + p.amount * 100, 0));
}

/**
 * Whether the Magento invoice is due (`invoices`): every condition set holds. Answers the reason it is
 * not, for the run's history, or undefined when it is due. Payments are read only when all else holds.
 */
export async function invoiceBlocker(config: OrderImportConfig, order: Order, plenty: PlentyClient, signal: AbortSignal): Promise<string | undefined> {
  const rules = config.invoices;
  if (rules.minStatusId !== undefined && compareStatus(order.statusId, rules.minStatusId) < 0) {
    return `not invoiced yet: PlentyONE status ${statusKey(order.statusId)} is below ${rules.minStatusId}`;
  }
  if (rules.requireDocument && !hasDocument(order, 'invoice')) return 'not invoiced yet: PlentyONE has no invoice document for the order';
  if (rules.requirePaid) {
    const paid = await paidCents(plenty, order.id, signal);
    const total = totalCents(order);
    if (paid < total) return `not invoiced yet: PlentyONE has ${(paid / 100).toFixed(2)} of ${(total / 100).toFixed(2)} paid`;
  }
  return undefined;
}

/** Invoices what Magento has not invoiced yet (its `qty_invoiced` is the truth, so never twice); answers what it did. */
export async function invoiceOrder(mo: MagentoOrder, magento: MagentoClient, signal: AbortSignal): Promise<string | undefined> {
  if (CLOSED.has(mo.state)) return undefined;
  const open = mo.items.some((i) => (i.parent_item_id ?? null) === null && i.qty_ordered - (i.qty_invoiced ?? 0) - (i.qty_canceled ?? 0) > 0);
  if (!open) return undefined;
  // Captured offline: the marketplace has collected the money. No e-mail: the marketplace sends its own.
  const id = await magento.orders.invoice(mo.entity_id, { capture: true, notify: false, signal });
  return `invoice ${id}`;
}

/** The sales order a credit note was made from (`relations`: reference type order, relation parent). */
export function parentOrderId(creditNote: Order): number | undefined {
  return creditNote.relations?.find((r) => r.referenceType === 'order' && r.relation === 'parent')?.referenceId;
}

const memoComment = (creditNoteId: number): string => `PlentyONE credit note ${creditNoteId}`;

/**
 * The credit memo (offline refund) a PlentyONE credit note becomes: its product lines by SKU, its
 * shipping costs and coupons; or the outcome when none is written (Magento's credit memos of the order
 * name it already, or a line has no Magento line). Reads only.
 */
export async function planCreditMemo(magento: MagentoClient, creditNote: Order, mo: MagentoOrder, signal: AbortSignal): Promise<{ request: RefundRequest } | { outcome: Outcome }> {
  const key = String(creditNote.id);
  const memos = await magento.orders.creditmemos(mo.entity_id, { signal });
  if (memos.items.some((m) => (m.comments ?? []).some((c) => (c.comment ?? '').startsWith(memoComment(creditNote.id))))) {
    return { outcome: { key, result: 'skipped', reason: `Credit note ${creditNote.id} is already refunded in Magento order ${mo.increment_id}.` } };
  }
  const items: { order_item_id: number; qty: number }[] = [];
  let shipping = 0;
  let discount = 0;
  for (const item of creditNote.orderItems ?? []) {
    if (item.typeId === SHIPPING_COSTS) shipping += paidOf(item);
    else if (DISCOUNT_ITEMS.has(item.typeId)) discount += -paidOf(item);
    else if (PRODUCT_ITEMS.has(item.typeId)) {
      const sku = variationNumber((item as { variation?: unknown }).variation);
      const line = sku === undefined ? undefined : mo.items.find((i) => (i.parent_item_id ?? null) === null && i.sku === sku);
      if (!line) return { outcome: { key, result: 'failed', reason: `Credit note ${creditNote.id}: Magento order ${mo.increment_id} has no line with SKU ${sku ?? '(none)'}.` } };
      items.push({ order_item_id: line.item_id, qty: Number(item.quantity) });
    }
  }
  return { request: {
    items,
    shippingAmount: Math.round(shipping) / 100,
    adjustmentNegative: Math.round(discount) / 100,
    comment: `${memoComment(creditNote.id)} (${(totalCents(creditNote) / 100).toFixed(2)})`,
  } };
}

/**
 * One Magento credit memo for a PlentyONE credit note (planCreditMemo), once: under a claim on the
 * credit note, Magento's credit memos of the order are searched for the one naming it before any refund.
 */
export async function refundCreditNote(ctx: Ctx, magento: MagentoClient, creditNote: Order, mo: MagentoOrder): Promise<Outcome> {
  const key = String(creditNote.id);
  const claimed = await claim(ctx, 'credit_note', key);
  if (!claimed.held) return { key, result: 'skipped', reason: 'Another run is refunding this credit note right now.' };
  try {
    const plan = await planCreditMemo(magento, creditNote, mo, ctx.signal);
    if ('outcome' in plan) return plan.outcome;
    const id = await magento.orders.refund(mo.entity_id, plan.request, { signal: ctx.signal });
    ctx.log.info({ order: mo.increment_id, creditNote: creditNote.id, creditmemo: id }, 'credit memo created');
    return { key, result: 'created' };
  } catch (error) {
    if (error instanceof PermanentApiError) {
      return { key, result: 'failed', reason: `Magento refused the credit memo for credit note ${creditNote.id} (order ${mo.increment_id}): ${error.message}` };
    }
    throw error;
  } finally {
    await release(ctx, 'credit_note', key);
  }
}
