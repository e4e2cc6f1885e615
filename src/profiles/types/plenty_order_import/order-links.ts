import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { entityLinks } from '../../../db/schema/index.js';
import type { EntityLink, LinkStore } from '../../links.js';

/**
 * Orders plentygate exported: links of entity type `order`, Magento key = increment id, PlentyONE id =
 * the PlentyONE order id (as the order export records them). The back-sync keeps what it did per order
 * under `meta.backSync`, next to whatever the export keeps there, and the hash of the PlentyONE state it
 * last applied under `aspectHashes.backSync`.
 */
export const ORDER_LINK_ENTITY = 'order';
export const BACK_SYNC_ASPECT = 'backSync';

export const backSyncMetaSchema = z.object({
  /** Last PlentyONE status seen (canonical decimal). */
  status: z.string().optional(),
  /** Last status written to Magento as a comment (canonical decimal). */
  commentedStatus: z.string().optional(),
  canceled: z.boolean().optional(),
  /** Package numbers already sent to Magento, as a track or a comment: never sent twice. */
  packages: z.array(z.string()).default([]),
  /**
   * Package numbers of a shipment call whose answer never arrived (written ahead of the call): if
   * Magento shows nothing left to ship afterwards, that shipment landed and carries them.
   */
  pendingPackages: z.array(z.string()).default([]),
  /** Magento shipments plentygate created for this order. */
  shipmentIds: z.array(z.number()).default([]),
  /** Magento invoiced the whole order: the invoice conditions (and PlentyONE's payments) are not read again. */
  invoiced: z.boolean().optional(),
  /** Imported orders: the Magento order number was written back to PlentyONE, the confirmation e-mail sent. */
  writtenBack: z.boolean().optional(),
  emailSent: z.boolean().optional(),
});
export type BackSyncMeta = z.infer<typeof backSyncMetaSchema>;

export function backSyncMetaOf(link: EntityLink): BackSyncMeta {
  const meta = link.meta as Record<string, unknown> | null;
  const parsed = backSyncMetaSchema.safeParse(meta?.backSync ?? {});
  return parsed.success ? parsed.data : backSyncMetaSchema.parse({});
}

/** Links of these PlentyONE order ids, in one query (a page of a delta scan, or an event's ids). */
export async function linksByPlentyOrderIds(db: Database, orderIds: readonly (number | string)[]): Promise<Map<string, EntityLink>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db.select().from(entityLinks)
    .where(and(eq(entityLinks.entityType, ORDER_LINK_ENTITY), inArray(entityLinks.plentyId, orderIds.map(String))));
  return new Map(rows.map((r) => [r.plentyId, r]));
}

/** Records what the back-sync did, keeping the rest of the link's meta (the export's). */
export async function saveBackSync(links: LinkStore, link: EntityLink, backSync: BackSyncMeta, hash: string | undefined): Promise<void> {
  const meta = { ...((link.meta as Record<string, unknown> | null) ?? {}), backSync };
  await links.upsert({
    entityType: link.entityType,
    magentoKey: link.magentoKey,
    plentyId: link.plentyId,
    meta,
    ...(hash === undefined ? {} : { aspectHashes: { [BACK_SYNC_ASPECT]: hash } }),
  });
  link.meta = meta;
}
