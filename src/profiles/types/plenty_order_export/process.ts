import { ApiError, PermanentApiError } from '../../../connectors/errors.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { RetryAfterError } from '../../../queue/errors.js';
import type { Outcome } from '../../profile-type.js';
import { readAndClaim, type OrderLinks, type ReadAhead } from './buyer-links.js';
import { claim, expire, heldClaim, markUnanswered, release, type ClaimResult } from './claims.js';
import { plentyOf, type Ctx } from './clients.js';
import { ensureBuyer } from './contact.js';
import { followUps } from './follow-ups.js';
import { orderPayload } from './payload.js';
import { ORDER_LINK, type OrderLinkMeta } from './links.js';
import type { ExportRecord, OrderDraft } from './record.js';
import { settled, settling } from './settling.js';
import { withVariationIds } from './variations.js';

/**
 * Writes each order exactly once: the link table, then PlentyONE's external order id (property 7),
 * and only then a create, under a claim so no other worker exports the same order meanwhile. The link
 * is recorded right after the create. A refusal (4xx) fails that order with the reason; a transient
 * failure is thrown so the job retries and the run resumes; the retry finds an order that was written
 * after all by its external id. With `adoptExistingOrders` off, the external id is looked up only when
 * an attempt of plentygate may have written the order before (see `readAndClaim`).
 */
export async function processOrders(batch: { key: string; record: ExportRecord }[], ctx: Ctx): Promise<Outcome[]> {
  const plenty = await plentyOf(ctx);
  const outcomes: Outcome[] = [];
  for (const { key, record } of batch) outcomes.push(await exportOne(ctx, plenty, key, record));
  return outcomes;
}

async function exportOne(ctx: Ctx, plenty: PlentyClient, key: string, record: ExportRecord): Promise<Outcome> {
  if (record.kind === 'retry') throw record.error;
  if (record.kind === 'skip') return { key, result: 'skipped', reason: record.reason };
  // Set once PlentyONE holds the order: from then on only the link write (at the batch save) gives up
  // the claim, so no failure after the create leaves the order unlinked without a claim.
  const progress = { created: false };
  try {
    // The link of an order the filters leave out was read in transform; any other order's link is read
    // here, by the statement that also claims the order when it is to be written now.
    const found = record.link ? undefined : await readAndClaim(ctx, key, record, { claim: settled(ctx, record) });
    const link = record.link ?? found?.link;
    if (link) {
      record.link = link;
      const wrote = await followUps(ctx, plenty, record, Number(link.plentyId));
      return wrote ? { key, result: 'updated' } : { key, result: 'skipped', reason: `Already exported as PlentyONE order ${link.plentyId}; nothing left to write.` };
    }
    const { readAhead, firstAttempt, variations } = found!;
    let claimed = found!.claimed;
    if (!claimed) {
      // Only a new order settles: what follows an exported one (cancel, tracking) goes at once.
      const held = await settling(ctx, record);
      if (held) return { key, result: 'skipped', reason: held };
      // The settling period ended since the read: claimed on its own, and looked up before a create.
      claimed = await claim(ctx, 'order', key);
    }
    if (!claimed.held) return { key, result: 'skipped', reason: 'Another run is exporting this order right now.' };
    return await createOnce(ctx, plenty, key, record, { claimed, readAhead, firstAttempt, variations, progress });
  } catch (error) {
    // With an answer in hand the write is over, whatever it did: another run may go on (and will find
    // the order by its external id). Without one (timeout, reset) it may still be under way, so the
    // claim stays with this run until its retry or the lease ends.
    if (!(error instanceof PermanentApiError)) {
      if (answered(error)) await expire(ctx, 'order', key);
      throw error;
    }
    // A refusal before the create wrote nothing: another run may try at once. After it (a payment, a
    // comment), the pending link write gives the claim up; released now, a crash before that write
    // would leave the order in PlentyONE with neither link nor claim, and a first-attempt retry
    // (adoptExistingOrders off) would create it again.
    if (!progress.created) await release(ctx, 'order', key);
    return { key, result: 'failed', reason: error.message };
  }
}

interface Claimed {
  claimed: Extract<ClaimResult, { held: true }>;
  readAhead: ReadAhead;
  /** The `variation` links of the order's SKUs, read with the claim. */
  variations: OrderLinks['variations'];
  /** No attempt of plentygate can have written this order before (see `readAndClaim`). */
  firstAttempt: boolean;
  progress: { created: boolean };
}

async function createOnce(ctx: Ctx, plenty: PlentyClient, key: string, draft: OrderDraft, { claimed, readAhead, firstAttempt, variations, progress }: Claimed): Promise<Outcome> {
  // Only plentygate's own earlier attempts can have written an order seen for the first time, unless
  // another system writes this shop's orders too (adoptExistingOrders, on by default).
  const lookUp = ctx.config.adoptExistingOrders || !firstAttempt;
  const existing = lookUp ? await plenty.orders.findByExternalId(draft.externalOrderId, ctx.signal) : undefined;
  let orderId: number;
  if (existing) {
    orderId = existing.id;
    await ctx.links.upsert({ entityType: ORDER_LINK, magentoKey: key, plentyId: String(orderId), hash: draft.hash, meta: linkMeta(draft, existing.contactReceiverId ?? null) },
      { releasing: heldClaim(ctx, 'order', key), atBatchSave: true });
  } else {
    waitForUnansweredCreate(ctx, draft, claimed.unansweredAt);
    const unknown = await withVariationIds(ctx, draft, variations);
    if (unknown) {
      await release(ctx, 'order', key);
      return { key, result: 'failed', reason: unknown };
    }
    const buyer = await ensureBuyer(ctx, plenty, draft, readAhead);
    if (typeof buyer === 'string') {
      await release(ctx, 'order', key);
      return { key, result: 'failed', reason: buyer };
    }
    let order;
    try {
      order = await plenty.orders.create(orderPayload(draft, buyer), ctx.signal);
    } catch (error) {
      if (!answered(error)) await markUnanswered(ctx, 'order', key);
      throw error;
    }
    progress.created = true;
    orderId = order.id;
    // Written by the run's save of this batch, which also gives up the claim (one statement less per
    // order). Should this process die before that, the claim stays with the run, and its retry finds the
    // order by its external id (above) and links it: still one order.
    await ctx.links.upsert({ entityType: ORDER_LINK, magentoKey: key, plentyId: String(orderId), hash: draft.hash, meta: linkMeta(draft, buyer.contactId) },
      { releasing: heldClaim(ctx, 'order', key), atBatchSave: true });
  }
  // The link was just written with this draft's status: no status change to follow.
  await followUps(ctx, plenty, draft, orderId, { linkedNow: true });
  // Found by its external id: written by an earlier attempt under the claim (counted as created here,
  // once, since that attempt never got to link it), or by someone else entirely.
  if (existing && !claimed.attempted) return { key, result: 'skipped', reason: `Already in PlentyONE as order ${orderId} (external order id ${draft.externalOrderId}); linked now.` };
  return { key, result: 'created' };
}

/** PlentyONE answered the call (with an error status): the write is over, whatever it did. */
const answered = (error: unknown): boolean => error instanceof ApiError && error.status !== undefined;

/**
 * PlentyONE may finish an order create after the client gave up on it: the order is not found yet, but
 * will be. Creating it again before such a write would have landed (`unansweredCreateWaitSeconds` after
 * it) could make a second order, so the job comes back then and looks again.
 */
function waitForUnansweredCreate(ctx: Ctx, draft: OrderDraft, unansweredAt: Date | undefined): void {
  if (!unansweredAt) return;
  const waitMs = ctx.config.unansweredCreateWaitSeconds * 1000 - (Date.now() - unansweredAt.getTime());
  if (waitMs <= 0) return;
  throw new RetryAfterError(
    // What the next attempt does, not a promise of one: on the job's last attempt the queue sets it
    // aside (dead-letter list), and this is the reason a merchant reads there before replaying it.
    `The last create of order ${draft.incrementId} got no answer from PlentyONE, which may still be writing it; `
    + `the next attempt, not before ${Math.ceil(waitMs / 1000)} s from now, looks it up before creating it.`,
    waitMs,
  );
}

/** The order link's meta at the create: the order was written with the Magento status of this draft. */
function linkMeta(draft: OrderDraft, contactId: number | null): Record<string, unknown> {
  return { contactId, magentoStatus: draft.status } satisfies OrderLinkMeta;
}
