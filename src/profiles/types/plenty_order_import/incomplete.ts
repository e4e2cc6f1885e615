import type { Order, PlentyClient } from '../../../connectors/plenty/index.js';
import type { OrderImportConfig } from './config.js';
import { paidCents, totalCents } from './documents.js';
import { lookupStatus, statusKey } from './status.js';

/**
 * PlentyONE's lock status of an order under review (OpenAPI `Order.lockStatus`): reversible, so the order
 * may still change. `permanentlyLocked` is the lock of an order with tax-relevant documents: final.
 */
const REVIEW_LOCK = 'reversibleLocked';
/** Order date type 2, the entry date: when the buyer ordered (marketplaces fill it with their order time). */
const ENTRY_DATE = 2;

/** Why a marketplace order is not final yet: it waits (read again by every delta run), or is imported with a note. */
export type Completeness = { wait: string } | { note: string } | undefined;

/**
 * The incomplete-order rules of `marketplace` that need no Magento call: on hold or under review in
 * PlentyONE (`waitWhileLocked`, `waitStatuses`), unpaid (`unpaidAfterHours`). Payments are read only
 * when the rest holds and the rule is set. `now` is the run's clock.
 */
export async function completeness(order: Order, config: OrderImportConfig, plenty: PlentyClient, now: Date, signal: AbortSignal): Promise<Completeness> {
  const mp = config.marketplace;
  const lock = (order as Record<string, unknown>).lockStatus;
  if (mp.waitWhileLocked && lock === REVIEW_LOCK) {
    return { wait: `PlentyONE order ${order.id} is locked for review (lockStatus ${REVIEW_LOCK}); it is imported once PlentyONE unlocks it (marketplace.waitWhileLocked)` };
  }
  if (mp.waitStatuses.length > 0 && lookupStatus(Object.fromEntries(mp.waitStatuses.map((s) => [s, true])), order.statusId) !== undefined) {
    return { wait: `PlentyONE order ${order.id} is in status ${statusKey(order.statusId)}, which is not final (marketplace.waitStatuses); it is imported once its status moves on` };
  }
  if (mp.unpaidAfterHours === undefined) return undefined;
  const paid = await paidCents(plenty, order.id, signal);
  const total = totalCents(order);
  if (paid >= total) return undefined;
  const ordered = orderedAt(order);
  const hours = ordered === undefined ? Infinity : (now.getTime() - ordered) / 3_600_000;
  const owed = `${(paid / 100).toFixed(2)} of ${(total / 100).toFixed(2)} paid`;
  if (hours < mp.unpaidAfterHours) {
    return { wait: `PlentyONE order ${order.id} is not paid yet (${owed}); it is imported once paid, or unpaid ${mp.unpaidAfterHours} hours after it was ordered (marketplace.unpaidAfterHours)` };
  }
  return { note: `still unpaid ${mp.unpaidAfterHours} hours after it was ordered (${owed}); check the payment before shipping` };
}

/** When the buyer ordered: the entry date, else PlentyONE's creation time (epoch ms). */
function orderedAt(order: Order): number | undefined {
  const dates = (order as Record<string, unknown>).dates;
  const entry = Array.isArray(dates) ? (dates as { typeId?: unknown; date?: unknown }[]).find((d) => d.typeId === ENTRY_DATE)?.date : undefined;
  const at = Date.parse(typeof entry === 'string' ? entry : order.createdAt ?? '');
  return Number.isNaN(at) ? undefined : at;
}
