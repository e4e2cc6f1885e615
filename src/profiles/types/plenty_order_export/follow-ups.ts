import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { findOrCreate } from './claims.js';
import { magentoOf, type Ctx } from './clients.js';
import { COMMENT_LINK, PAYMENT_LINK } from './links.js';
import type { OrderDraft } from './record.js';
import type { FieldDiff } from '../../../mapping/preview.js';
import { ORDER_LINK, orderLinkMeta } from './links.js';
import { followStatus, statusWriteOf } from './status-change.js';
import { exportTracking, packagesByNumber, unlinkedTrackingNumbers } from './tracking.js';

/** Payment status 2 = approved, transaction type 2 = booked payment (spec of POST /rest/payments). */
const PAYMENT_APPROVED = 2;
const BOOKED_PAYMENT = 2;

/**
 * What an exported order still needs, each written once: the payment once Magento has been paid
 * (created, linked right away, then related to the order), the Magento comment naming the PlentyONE
 * order, Magento status changes (cancel, statusMap) and the shipments' tracking numbers. Answers
 * whether anything was written.
 */
export async function followUps(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, orderId: number, options: { linkedNow?: boolean } = {}): Promise<boolean> {
  let wrote = false;
  const key = draft.incrementId;
  if (paymentDue(ctx, draft)) {
    let link = await ctx.links.get(PAYMENT_LINK, key);
    if (!link) {
      await findOrCreate(ctx, 'payment', key, {
        linked: async () => (await ctx.links.get(PAYMENT_LINK, key))?.plentyId,
        createReleases: true,
        create: async (releasing) => {
          const payment = await plenty.payments.create({
            amount: draft.paid, exchangeRatio: 1, mopId: draft.mopId, currency: draft.currency, type: 'credit',
            status: PAYMENT_APPROVED, transactionType: BOOKED_PAYMENT,
          }, ctx.signal);
          wrote = true;
          await ctx.links.upsert({ entityType: PAYMENT_LINK, magentoKey: key, plentyId: String(payment.id), meta: { orderId, related: false } }, { releasing });
          return String(payment.id);
        },
      });
      link = await ctx.links.get(PAYMENT_LINK, key);
    }
    if (link && link.meta?.related !== true) {
      await plenty.payments.linkToOrder(Number(link.plentyId), orderId, ctx.signal);
      await ctx.links.upsert({ entityType: PAYMENT_LINK, magentoKey: key, plentyId: link.plentyId, meta: { orderId, related: true } });
      wrote = true;
    }
  }
  if (ctx.config.commentInMagento && !(await ctx.links.get(COMMENT_LINK, key))) {
    const magento = await magentoOf(ctx);
    // Not idempotent in Magento: linked right after, so only a crash in between could add it twice.
    // With the current status: a comment without one clears it before AC-1342 (magento/magento2#34180).
    await magento.orders.addComment(draft.entityId, { comment: commentOf(orderId), status: draft.status }, { signal: ctx.signal });
    await ctx.links.upsert({ entityType: COMMENT_LINK, magentoKey: key, plentyId: String(orderId) });
    wrote = true;
  }
  if (!options.linkedNow && (await followStatus(ctx, plenty, draft, orderId))) wrote = true;
  if (await exportTracking(ctx, plenty, draft, orderId)) wrote = true;
  return wrote;
}

/** Whether the order's payment is booked in PlentyONE (`createPayment`, once Magento has been paid). */
const paymentDue = (ctx: Ctx, draft: OrderDraft): draft is OrderDraft & { mopId: number } => ctx.config.createPayment && draft.paid > 0 && draft.mopId !== undefined;

/** The Magento comment naming the PlentyONE order (`commentInMagento`). */
const commentOf = (orderId: number): string => `Exported to PlentyONE as order ${orderId} by plentygate.`;

/**
 * What `followUps` would write for an order exported before, as a dry run shows it (reads only, the
 * same decisions): the payment, the Magento comment, the status change, the new tracking numbers.
 */
export async function plannedFollowUps(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, orderId: number, statusNow: unknown): Promise<FieldDiff[]> {
  const out: FieldDiff[] = [];
  const key = draft.incrementId;
  if (paymentDue(ctx, draft)) {
    const link = await ctx.links.get(PAYMENT_LINK, key);
    if (!link) out.push({ field: 'payment', after: `${draft.paid} ${draft.currency} booked (method of payment ${draft.mopId}) and related to the order` });
    else if (link.meta?.related !== true) out.push({ field: 'payment', after: `payment ${link.plentyId} related to the order` });
  }
  if (ctx.config.commentInMagento && !(await ctx.links.get(COMMENT_LINK, key))) out.push({ field: 'magento.comment', after: commentOf(orderId) });
  const link = draft.link ?? await ctx.links.get(ORDER_LINK, key);
  const status = link ? statusWriteOf(ctx, draft, orderLinkMeta(link.meta)) : undefined;
  if (status?.cancel) out.push({ field: 'canceled', after: `canceled${status.statusId === undefined ? '' : ` (status ${status.statusId})`}` });
  else if (status) out.push({ field: 'statusId', before: statusNow, after: status.statusId });
  const numbers = await unlinkedTrackingNumbers(ctx, draft);
  if (numbers.length > 0) {
    const booked = await packagesByNumber(ctx, plenty, orderId)();
    const fresh = numbers.filter((n) => !booked.has(n));
    if (fresh.length > 0) out.push({ field: 'shippingPackages', after: fresh });
  }
  return out;
}
