import type { MagentoClient } from '../../connectors/magento/index.js';
import { searchCriteria } from '../../connectors/magento/search-criteria.js';
import type { PlentyClient } from '../../connectors/plenty/index.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { StockImportConfig } from '../../profiles/types/plenty_stock_import/config.js';
import { resolveFeeds } from '../../profiles/types/plenty_stock_import/feeds.js';
import type { CheckResult, IntegrityIssue } from './schema.js';

const SKUS_PER_CALL = 300;

/**
 * Magento's source items against PlentyONE's stock as the stock import maps it (warehouses summed per
 * source, net or physical as configured), for every variation the import linked to a SKU: a quantity that
 * differs by more than `tolerance` has drifted (changed in Magento by hand, or a write that was lost).
 */
export async function checkStock(deps: {
  magento: MagentoClient; plenty: PlentyClient; db: DatabaseHandle; config: StockImportConfig; tolerance: number; signal?: AbortSignal;
}): Promise<CheckResult> {
  const { config } = deps;
  const feeds = resolveFeeds(config, await deps.plenty.warehouses(deps.signal));
  // variation id → source → quantity (PlentyONE's side, summed over the warehouses feeding each source)
  const expected = new Map<number, Map<string, number>>();
  for await (const row of deps.plenty.stock({ signal: deps.signal })) {
    const source = feeds.byWarehouse.get(row.warehouseId);
    if (!source) continue;
    const qty = config.quantity === 'physical' ? row.stockPhysical : row.stockNet;
    const bySource = expected.get(row.variationId) ?? new Map<string, number>();
    bySource.set(source, (bySource.get(source) ?? 0) + qty);
    expected.set(row.variationId, bySource);
  }
  const issues: IntegrityIssue[] = [];
  let checked = 0;
  const ids = [...expected.keys()];
  for (let start = 0; start < ids.length; start += SKUS_PER_CALL) {
    const slice = ids.slice(start, start + SKUS_PER_CALL);
    const links = await deps.db.query<{ magento_key: string; plenty_id: string }>(
      `select magento_key, plenty_id from entity_links where entity_type = 'variation' and plenty_id = any($1::text[])`,
      [slice.map(String)],
    );
    if (links.length === 0) continue;
    const answer = await deps.magento.sourceItems.search(
      searchCriteria().where('sku', links.map((l) => l.magento_key).join(','), 'in').pageSize(links.length * feeds.sources.size + 50),
      { signal: deps.signal },
    );
    const actual = new Map(answer.items.map((i) => [`${i.sku}\u0000${i.source_code}`, i.quantity]));
    for (const link of links) {
      for (const [source, qty] of expected.get(Number(link.plenty_id)) ?? []) {
        checked++;
        const have = actual.get(`${link.magento_key}\u0000${source}`);
        if (have === undefined || Math.abs(have - qty) > deps.tolerance) {
          issues.push({
            check: 'stock', problem: 'stock-drift', key: link.magento_key,
            detail: `SKU ${link.magento_key} at source ${source}: Magento ${have ?? 'has no source item'}, PlentyONE ${qty} (variation ${link.plenty_id}).`,
            fix: { profile: 'plenty_stock_import', id: link.plenty_id },
          });
        }
      }
    }
  }
  return { checked, issues };
}
