/**
 * Dry runs of the order export (src/mapping/dry-run.ts): per order, whether it would be created or is
 * in PlentyONE already (by its link or its external order id), with a field-level diff of the order
 * body against the PlentyONE order, and for an order exported before the follow-ups a run would write
 * (payment, Magento comment, status change, tracking numbers: `plannedFollowUps`). Reads only; the
 * buyer's contact and addresses are not looked up (their ids show as "(new)" on a create).
 */
import type { Order } from '../../../connectors/plenty/index.js';
import { diffFields, type RecordPreview } from '../../../mapping/preview.js';
import { plentyOf, type Ctx } from './clients.js';
import { plannedFollowUps } from './follow-ups.js';
import { ORDER_LINK } from './links.js';
import { orderPayload } from './payload.js';
import { withVariationIds } from './variations.js';
import type { ExportRecord, OrderDraft } from './record.js';

type Body = Pick<Order, 'typeId' | 'plentyId' | 'referrerId' | 'statusId' | 'orderItems' | 'properties'>;

/** The comparable part of an order body: properties by type, items by position (ids of the buyer left out). */
function view(order: Body): Record<string, unknown> {
  return {
    typeId: order.typeId,
    plentyId: order.plentyId,
    referrerId: order.referrerId,
    ...(order.statusId === undefined ? {} : { statusId: order.statusId }),
    properties: Object.fromEntries((order.properties ?? []).map((p) => [String(p.typeId), p.value])),
    items: Object.fromEntries((order.orderItems ?? []).map((item, i) => [String(i), {
      typeId: item.typeId,
      ...(item.itemVariationId === undefined ? {} : { itemVariationId: item.itemVariationId }),
      quantity: item.quantity,
      name: item.orderItemName,
      priceGross: item.amounts?.[0]?.priceGross,
    }])),
  };
}

const NEW_BUYER = { contactId: 0, billingAddressId: 0, deliveryAddressId: 0 };

async function previewOrder(ctx: Ctx, key: string, draft: OrderDraft): Promise<RecordPreview> {
  const plenty = await plentyOf(ctx);
  // As process does: the link (read in transform only for an order the filters leave out), then the
  // variation ids, which only an order still to be created must have.
  const link = draft.link ?? await ctx.links.get(ORDER_LINK, key);
  const unknown = await withVariationIds(ctx, draft);
  if (unknown && !link) return { key, action: 'fail', reason: unknown, diff: [] };
  const desired = view(orderPayload(draft, NEW_BUYER) as Body);
  const orderId = link ? Number(link.plentyId) : (await plenty.orders.findByExternalId(draft.externalOrderId, ctx.signal))?.id;
  if (orderId === undefined) return { key, action: 'create', diff: diffFields(desired, undefined) };
  const current = view(await plenty.orders.get(orderId, ['orderItems'], ctx.signal));
  // The statuses of orders exported before move with their follow-ups, not with the create's status.
  const diff = diffFields({ ...desired, statusId: undefined }, current);
  if (!link) return { key, action: 'update', targetId: String(orderId), reason: 'In PlentyONE by its external order id: it would be linked, not created again.', diff };
  const followUps = await plannedFollowUps(ctx, plenty, draft, orderId, current.statusId);
  return {
    key,
    action: link.hash === draft.hash && diff.length === 0 && followUps.length === 0 ? 'unchanged' : 'update',
    targetId: String(orderId),
    reason: followUps.length
      ? `Exported before: only its follow-ups are written (${followUps.map((f) => f.field).join(', ')}).`
      : 'Exported before: only follow-ups (status, payment, tracking) are written to it, and none is due.',
    diff: [...diff, ...followUps],
  };
}

export async function previewOrders(batch: { key: string; record: ExportRecord }[], ctx: Ctx): Promise<RecordPreview[]> {
  const out: RecordPreview[] = [];
  for (const { key, record } of batch) {
    if (record.kind === 'skip') out.push({ key, action: 'skip', reason: record.reason, diff: [] });
    else if (record.kind === 'retry') out.push({ key, action: 'fail', reason: `A lookup failed (a run would retry): ${String((record.error as Error)?.message ?? record.error)}`, diff: [] });
    else out.push(await previewOrder(ctx, key, record));
  }
  return out;
}
