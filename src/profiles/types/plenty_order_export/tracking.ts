import { orderShipments } from '../../../connectors/magento/rest/shipments.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { ShippingPackage } from '../../../connectors/plenty/schemas/orders.js';
import { findOrCreate } from './claims.js';
import { magentoOf, type Ctx } from './clients.js';
import { PACKAGE_LINK } from './links.js';
import type { OrderDraft } from './record.js';

/**
 * Tracking numbers of the order's Magento shipments become shipping packages of the PlentyONE order,
 * each once: a number is created under a claim (a shipment fires both a shipment and an order webhook,
 * whose runs may overlap) and linked right after; a number not linked yet is first looked for among
 * the order's packages (written by a run that died before linking, or booked in PlentyONE, whence the
 * order back-sync sends it to Magento). Answers whether anything was written.
 */
export async function exportTracking(ctx: Ctx, plenty: PlentyClient, draft: OrderDraft, orderId: number): Promise<boolean> {
  const numbers = await unlinkedTrackingNumbers(ctx, draft);
  if (numbers.length === 0) return false;
  const inPlenty = packagesByNumber(ctx, plenty, orderId);
  let wrote = false;
  for (const number of numbers) {
    const key = keyOf(draft, number);
    const link = (id: number | null | undefined) => ctx.links.upsert({ entityType: PACKAGE_LINK, magentoKey: key, plentyId: String(id ?? ''), meta: { orderId } });
    await findOrCreate(ctx, PACKAGE_LINK, key, {
      linked: async () => (await ctx.links.get(PACKAGE_LINK, key))?.plentyId,
      remote: async () => {
        const found = (await inPlenty()).get(number);
        if (!found) return undefined;
        await link(found.id);
        return String(found.id ?? '');
      },
      create: async () => {
        const created = await plenty.orders.addShippingPackage(orderId, { packageId: ctx.config.trackingPackageId, packageNumber: number }, ctx.signal);
        wrote = true;
        await link(created.id);
        return String(created.id ?? '');
      },
    });
  }
  return wrote;
}

const keyOf = (draft: OrderDraft, number: string) => `${draft.incrementId}/${number}`;

/** The tracking numbers of the order's Magento shipments that no package link names yet (`exportTracking` on, the order shipped). */
export async function unlinkedTrackingNumbers(ctx: Ctx, draft: OrderDraft): Promise<string[]> {
  if (!ctx.config.exportTracking || !draft.shipped) return [];
  const magento = await magentoOf(ctx);
  const shipments = await orderShipments(magento.rest, draft.entityId, { signal: ctx.signal });
  const numbers = [...new Set(shipments.flatMap((s) => (s.tracks ?? []).map((t) => t.track_number.trim())).filter((n) => n !== ''))];
  if (numbers.length === 0) return [];
  const linked = await ctx.links.getMany(PACKAGE_LINK, numbers.map((n) => keyOf(draft, n)));
  return numbers.filter((n) => !linked.has(keyOf(draft, n)));
}

/** The PlentyONE order's shipping packages by package number, read once when first asked. */
export function packagesByNumber(ctx: Ctx, plenty: PlentyClient, orderId: number): () => Promise<Map<string, ShippingPackage>> {
  let packages: Promise<Map<string, ShippingPackage>> | undefined;
  return () => (packages ??= plenty.orders.shippingPackages(orderId, ctx.signal)
    .then((list) => new Map(list.filter((p) => p.packageNumber).map((p) => [p.packageNumber!.trim(), p]))));
}
