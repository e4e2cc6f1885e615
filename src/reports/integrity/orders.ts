import type { MagentoClient } from '../../connectors/magento/index.js';
import type { PlentyClient } from '../../connectors/plenty/index.js';
import type { LinkStore } from '../../profiles/links.js';
import { ORDER_LINK, orderLinkMeta } from '../../profiles/types/plenty_order_export/links.js';
import { magentoTime } from '../../profiles/types/plenty_order_export/record.js';
import type { CheckResult, IntegrityIssue } from './schema.js';

type Order = Awaited<ReturnType<PlentyClient['orders']['get']>>;

// Rounding of line amounts: PlentyONE keeps gross prices per item, Magento a rounded grand total.
const TOTAL_TOLERANCE = 0.01;

/** PlentyONE's gross total of an order: the sum of its items (products, shipping, discounts) at their gross price. */
export function plentyGrossTotal(order: Order): number {
  let total = 0;
  for (const item of order.orderItems ?? []) total += item.quantity * (item.amounts?.[0]?.priceGross ?? 0);
  return Math.round(total * 100) / 100;
}

/**
 * Magento orders created in [since, until) against PlentyONE: each must be there (by its link, or by its
 * external order id when the link is missing) with the same gross total. Orders canceled in PlentyONE
 * are not compared by total.
 */
export async function checkOrders(deps: {
  magento: MagentoClient; plenty: PlentyClient; links: LinkStore; since: Date; until: Date; signal?: AbortSignal;
}): Promise<CheckResult> {
  const { magento, plenty, links, since, until } = deps;
  const issues: IntegrityIssue[] = [];
  let checked = 0;
  const issue = (key: string, problem: 'order-missing' | 'order-total', detail: string) =>
    issues.push({ check: 'orders', problem, key, detail, fix: { profile: 'plenty_order_export', id: key } });
  for await (const o of magento.orders.updatedSince(since, [], { signal: deps.signal })) {
    const created = magentoTime(o.created_at);
    if (created < since || created >= until) continue;
    checked++;
    const link = await links.get(ORDER_LINK, o.increment_id);
    let order: Order | undefined;
    if (link) {
      order = await plenty.orders.get(Number(link.plentyId), undefined, deps.signal).catch((error: unknown) => {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      });
      if (!order) {
        issue(o.increment_id, 'order-missing', `Linked to PlentyONE order ${link.plentyId}, which does not exist (any more).`);
        continue;
      }
    } else {
      order = await plenty.orders.findByExternalId(o.increment_id, deps.signal);
      if (!order) {
        issue(o.increment_id, 'order-missing', `Placed ${o.created_at} (status ${o.status || 'none'}, grand total ${o.grand_total.toFixed(2)}), not in PlentyONE.`);
        continue;
      }
    }
    if (link && orderLinkMeta(link.meta).canceled) continue;
    const total = plentyGrossTotal(order);
    if (Math.abs(total - o.grand_total) > TOTAL_TOLERANCE) {
      issue(o.increment_id, 'order-total', `Magento grand total ${o.grand_total.toFixed(2)}, PlentyONE order ${order.id} totals ${total.toFixed(2)}.`);
    }
  }
  return { checked, issues };
}
