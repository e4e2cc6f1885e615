/**
 * Magento's source items for a chunk of SKUs on the mapped sources, for the drift report of full runs
 * and for dry runs: one search per 300 source items (SKUs and sources filtered in Magento).
 */
import { searchCriteria, type MagentoClient, type MagentoSourceItem } from '../../../connectors/magento/index.js';

const PAGE = 300;

export const sourceKey = (sku: string, sourceCode: string) => `${sku}\u0000${sourceCode}`;

/** The source items held, by `sourceKey`. */
export async function magentoSourceItems(magento: MagentoClient, skus: string[], sourceCodes: string[], signal: AbortSignal): Promise<Map<string, MagentoSourceItem>> {
  const out = new Map<string, MagentoSourceItem>();
  if (skus.length === 0 || sourceCodes.length === 0) return out;
  const criteria = searchCriteria().where('sku', skus, 'in').where('source_code', sourceCodes, 'in').pageSize(PAGE);
  for (let page = 1; ; page++) {
    const answer = await magento.sourceItems.search(criteria.page(page), { signal });
    for (const item of answer.items) out.set(sourceKey(item.sku, item.source_code), item);
    if (answer.items.length < PAGE || page * PAGE >= answer.total_count) return out;
  }
}
