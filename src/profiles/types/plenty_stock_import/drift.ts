/**
 * Magento's source item quantities for a chunk of SKUs on the mapped sources, for the drift report of
 * full runs: one search per 300 source items (SKUs and sources filtered in Magento).
 */
import { searchCriteria, type MagentoClient } from '../../../connectors/magento/index.js';

const PAGE = 300;

export const sourceKey = (sku: string, sourceCode: string) => `${sku}\u0000${sourceCode}`;

export async function magentoQuantities(magento: MagentoClient, skus: string[], sourceCodes: string[], signal: AbortSignal): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (skus.length === 0 || sourceCodes.length === 0) return out;
  const criteria = searchCriteria().where('sku', skus, 'in').where('source_code', sourceCodes, 'in').pageSize(PAGE);
  for (let page = 1; ; page++) {
    const answer = await magento.sourceItems.search(criteria.page(page), { signal });
    for (const item of answer.items) out.set(sourceKey(item.sku, item.source_code), item.quantity);
    if (answer.items.length < PAGE || page * PAGE >= answer.total_count) return out;
  }
}
