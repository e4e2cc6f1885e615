import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { Ctx } from './clients.js';
import { findOrCreate } from './claims.js';
import { ORDER_LINK, orderLinkMeta, type OrderLinkMeta } from './links.js';
import type { OrderDraft } from './record.js';

/** PlentyONE's cancel statuses are the 8 group (8 Canceled, 8.1 Canceled by customer, …). */
const CANCELED_GROUP = 8;

/**
 * Brings the PlentyONE order in line with a Magento status change made after the export: a canceled
 * Magento order is canceled in PlentyONE (`PUT /rest/orders/{id}/cancel`, once), any other status
 * that `statusMap` maps sets that PlentyONE status. What was acted on is kept in the order link, so a
 * status is written once per change however many runs see it. Answers whether anything was written.
 */
export async function followStatus(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, orderId: number): Promise<boolean> {
  const known = draft.link ?? (await ctx.links.get(ORDER_LINK, draft.incrementId));
  if (!known || !changed(orderLinkMeta(known.meta), draft)) return false;
  // Under a claim: an order's webhooks (saved, shipment) may run at once, and each status is written once.
  return findOrCreate(ctx, 'order_status', draft.incrementId, {
    linked: async () => undefined,
    create: () => writeStatus(ctx, plenty, draft, orderId),
  });
}

const changed = (meta: OrderLinkMeta, draft: OrderDraft) => !meta.canceled && meta.magentoStatus !== draft.status;

/** What a Magento status change since the export writes to PlentyONE: a cancel (with a status of the 8 group, if mapped), a mapped status, or nothing. */
export type StatusWrite = { cancel: true; statusId?: number } | { cancel: false; statusId: number } | undefined;

/** The write a status change asks for, given the order link's meta (undefined also when nothing changed). */
export function statusWriteOf(ctx: Ctx, draft: OrderDraft, meta: OrderLinkMeta): StatusWrite {
  if (!changed(meta, draft)) return undefined;
  const mapped = ctx.config.statusMap[draft.status];
  if (draft.state === 'canceled') {
    return mapped !== undefined && Math.floor(Number(mapped)) === CANCELED_GROUP ? { cancel: true, statusId: Number(mapped) } : { cancel: true };
  }
  return mapped === undefined ? undefined : { cancel: false, statusId: Number(mapped) };
}

async function writeStatus(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, orderId: number): Promise<boolean> {
  const link = await ctx.links.get(ORDER_LINK, draft.incrementId);
  if (!link) return false;
  const meta = orderLinkMeta(link.meta);
  if (!changed(meta, draft)) return false;
  const write = statusWriteOf(ctx, draft, meta);
  let wrote = false;
  if (write?.cancel) {
    await plenty.orders.cancel(orderId, { ...(write.statusId === undefined ? {} : { statusId: write.statusId }), message: `Canceled in Magento (order ${draft.incrementId}).` }, ctx.signal);
    meta.canceled = true;
    wrote = true;
  } else if (write) {
    await plenty.orders.update(orderId, { statusId: write.statusId }, ctx.signal);
    wrote = true;
  }
  meta.magentoStatus = draft.status;
  await ctx.links.upsert({ entityType: ORDER_LINK, magentoKey: link.magentoKey, plentyId: link.plentyId, meta: { ...meta } });
  draft.link = { ...link, meta: { ...meta } };
  return wrote;
}
