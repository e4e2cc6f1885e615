import { ApiError, PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import { searchCriteria } from '../../../connectors/magento/search-criteria.js';
import type { Order } from '../../../connectors/plenty/index.js';
import { RetryAfterError } from '../../../queue/errors.js';
import type { Outcome, RunContext } from '../../profile-type.js';
import { claim, expire, markUnanswered, release } from '../plenty_order_export/claims.js';
import type { OrderImportConfig } from './config.js';
import { extOrderIdOf, type MarketplaceDraft } from './marketplace-order.js';
import { ORDER_LINK_ENTITY } from './order-links.js';

type Ctx = RunContext<OrderImportConfig>;
const CLAIM_KIND = 'marketplace_order';
/** A create that got no answer may still land: nobody creates the order again within this time. */
const UNANSWERED_WAIT_MS = 60_000;

export interface Imported {
  outcome: Outcome;
  /** The Magento order, once created or found. */
  magentoOrder?: MagentoOrder;
}

/** The Magento order written for a PlentyONE order, found by the `ext_order_id` plentygate gave it. */
export async function findImported(magento: MagentoClient, plentyOrderId: number, signal: AbortSignal): Promise<MagentoOrder | undefined> {
  const answer = await magento.orders.search(searchCriteria().where('ext_order_id', extOrderIdOf(plentyOrderId)).sortBy('entity_id', 'ASC').pageSize(1), { signal });
  return answer.items[0];
}

/**
 * Creates the Magento order of a marketplace order exactly once: under a claim on the PlentyONE order
 * id (no other worker creates it meanwhile), the link table and then Magento (`ext_order_id`) are asked
 * first; the link is written right after the create. A refusal (4xx) fails the order with Magento's
 * reason; a 5xx or a lost answer is thrown for the job to retry, and the retry finds what was written.
 */
export async function createOnce(ctx: Ctx, magento: MagentoClient, order: Order, draft: Extract<MarketplaceDraft, { kind: 'order' }>): Promise<Imported> {
  const key = String(order.id);
  const claimed = await claim(ctx, CLAIM_KIND, key);
  if (!claimed.held) return { outcome: { key, result: 'skipped', reason: 'Another run is importing this order right now; it is looked at again on the next run.' } };
  try {
    const linked = await ctx.links.byPlentyId(ORDER_LINK_ENTITY, key);
    if (linked) {
      await release(ctx, CLAIM_KIND, key);
      return { outcome: { key, result: 'skipped', reason: `Already imported as Magento order ${linked.magentoKey}.` } };
    }
    const existing = await findImported(magento, order.id, ctx.signal);
    if (existing) {
      await link(ctx, existing, order);
      await release(ctx, CLAIM_KIND, key);
      // Written by an earlier attempt under this claim (its answer lost): counted as created, once.
      return claimed.attempted
        ? { outcome: { key, result: 'created' }, magentoOrder: existing }
        : { outcome: { key, result: 'skipped', reason: `Already in Magento as order ${existing.increment_id}; linked now.` }, magentoOrder: existing };
    }
    if (claimed.unansweredAt) {
      const waitMs = UNANSWERED_WAIT_MS - (Date.now() - claimed.unansweredAt.getTime());
      if (waitMs > 0) {
        throw new RetryAfterError(`The last create of the Magento order for PlentyONE order ${key} got no answer; the next attempt, not before ${Math.ceil(waitMs / 1000)} s from now, looks it up before creating it.`, waitMs);
      }
    }
    let created: MagentoOrder;
    try {
      created = await magento.orders.create(draft.entity, { signal: ctx.signal });
    } catch (error) {
      if (!(error instanceof ApiError && error.status !== undefined)) await markUnanswered(ctx, CLAIM_KIND, key);
      throw error;
    }
    await link(ctx, created, order);
    await release(ctx, CLAIM_KIND, key);
    return { outcome: { key, result: 'created' }, magentoOrder: created };
  } catch (error) {
    if (error instanceof PermanentApiError) {
      await release(ctx, CLAIM_KIND, key);
      return { outcome: { key, result: 'failed', reason: `Magento refused the order for PlentyONE order ${key}: ${error.message}` } };
    }
    // Answered (a 5xx after the write, say): another run may look the order up at once. Unanswered:
    // the claim stays with this run (markUnanswered) until its retry or the lease ends.
    if (error instanceof ApiError && error.status !== undefined) await expire(ctx, CLAIM_KIND, key);
    throw error;
  }
}

/** The order link, as the order export writes it (Magento increment id ↔ PlentyONE order id), marked imported. */
async function link(ctx: Ctx, magentoOrder: MagentoOrder, order: Order): Promise<void> {
  await ctx.links.upsert({
    entityType: ORDER_LINK_ENTITY,
    magentoKey: magentoOrder.increment_id,
    plentyId: String(order.id),
    meta: { imported: true, magentoEntityId: magentoOrder.entity_id },
  });
}
