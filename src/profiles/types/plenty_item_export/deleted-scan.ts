/**
 * A full run's last step: variations plentygate exported whose SKU Magento no longer has (deleted while
 * no webhook reached plentygate) are deactivated or deleted per `deletions.mode`, like a delete webhook.
 * The links are read in pages of SKUs (link-pages.ts), each page checked with one Magento search; a variation already
 * deactivated for this reason is not written again.
 */
import { sql } from 'drizzle-orm';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { entityLinks } from '../../../db/schema/index.js';
import { linkPages } from '../../link-pages.js';
import type { RunContext } from '../../profile-type.js';
import type { ItemExportConfig } from './config.js';
import { DEACTIVATED, applyDeletion } from './deletions.js';
import { searchIn } from './magento-source.js';
import { VARIATION_ENTITY } from './record.js';

const PAGE = 500;

export async function deleteVanished(ctx: RunContext<ItemExportConfig>, magento: MagentoClient, plenty: PlentyClient): Promise<{ checked: number; removed: string[] }> {
  const removed: string[] = [];
  let checked = 0;
  const pages = linkPages(ctx.db, VARIATION_ENTITY, PAGE, sql`coalesce(${entityLinks.aspectHashes}->>'base', '') <> ${DEACTIVATED}`);
  for await (const page of pages) {
    checked += page.length;
    const skus = page.map((r) => r.magentoKey);
    const present = new Set((await searchIn(magento, 'sku', skus, ctx.signal)).map((p) => p.sku));
    for (const sku of skus.filter((s) => !present.has(s))) {
      const outcome = await applyDeletion(sku, { kind: 'delete', sku }, { plenty, links: ctx.links, config: ctx.config, signal: ctx.signal });
      if (outcome.result === 'updated') removed.push(sku);
    }
  }
  return { checked, removed };
}
