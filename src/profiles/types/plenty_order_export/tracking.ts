import { orderShipments } from '../../../connectors/magento/rest/shipments.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { magentoOf, type Ctx } from './clients.js';
import { PACKAGE_LINK } from './links.js';
import type { OrderDraft } from './record.js';

/**
 * Tracking numbers of the order's Magento shipments become shipping packages of the PlentyONE order,
 * each once: a number is linked right after its package is created, and numbers not linked yet are
 * first looked for among the order's packages (written by a run that died before linking, or by the
 * order back-sync, which sends PlentyONE's own packages to Magento). Answers whether anything was written.
 */
export async function exportTracking(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, orderId: number): Promise<boolean> {
  if (!ctx.config.exportTracking || !draft.shipped) return false;
  const magento = await magentoOf(ctx);
  const shipments = await orderShipments(magento.rest, draft.entityId, { signal: ctx.signal });
  const numbers = [...new Set(shipments.flatMap((s) => (s.tracks ?? []).map((t) => t.track_number.trim())).filter((n) => n !== ''))];
  if (numbers.length === 0) return false;
  const keyOf = (number: string) => `${draft.incrementId}/${number}`;
  const linked = await ctx.links.getMany(PACKAGE_LINK, numbers.map(keyOf));
  const open = numbers.filter((n) => !linked.has(keyOf(n)));
  if (open.length === 0) return false;
  const existing = new Map((await plenty.orders.shippingPackages(orderId, ctx.signal))
    .filter((p) => p.packageNumber).map((p) => [p.packageNumber!.trim(), p]));
  let wrote = false;
  for (const number of open) {
    let id = existing.get(number)?.id;
    if (id === undefined) {
      const created = await plenty.orders.addShippingPackage(orderId, { packageId: ctx.config.trackingPackageId, packageNumber: number }, ctx.signal);
      id = created.id;
      wrote = true;
    }
    await ctx.links.upsert({ entityType: PACKAGE_LINK, magentoKey: keyOf(number), plentyId: String(id ?? ''), meta: { orderId } });
  }
  return wrote;
}
