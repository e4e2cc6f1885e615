/**
 * The links of one entity type, page by page in Magento key order (the primary key's order, so each
 * page is an index range scan), optionally narrowed by a condition: for scans that check every linked
 * record against the other system a page at a time (item export: SKUs Magento no longer has; item
 * import: variations PlentyONE no longer has; the customer types: customers and contacts deleted).
 */
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { entityLinks } from '../db/schema/index.js';

export interface LinkRow {
  magentoKey: string;
  plentyId: string;
  meta: Record<string, unknown> | null;
}

export async function* linkPages(db: Database, entityType: string, pageSize: number, where?: SQL): AsyncGenerator<LinkRow[]> {
  let after = '';
  for (;;) {
    const page = await db.select({ magentoKey: entityLinks.magentoKey, plentyId: entityLinks.plentyId, meta: entityLinks.meta }).from(entityLinks)
      .where(and(eq(entityLinks.entityType, entityType), gt(entityLinks.magentoKey, after), where))
      .orderBy(asc(entityLinks.magentoKey)).limit(pageSize);
    if (page.length === 0) return;
    after = page.at(-1)!.magentoKey;
    yield page;
    if (page.length < pageSize) return;
  }
}
