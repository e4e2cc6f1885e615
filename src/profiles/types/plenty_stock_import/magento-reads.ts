/**
 * What the stock import reads from Magento besides "Manage Stock": the source items of SKUs on the
 * mapped sources (the drift report of full runs, dry runs), and which SKUs Magento has no product of
 * (a refused write, dry runs). One search per 300 SKUs or source items, filtered in Magento.
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

/** The SKUs Magento has no product of. */
export async function unknownSkus(magento: MagentoClient, skus: readonly string[], signal: AbortSignal): Promise<Set<string>> {
  const unknown = new Set(skus);
  for (let start = 0; start < skus.length; start += PAGE) {
    const slice = skus.slice(start, start + PAGE);
    const found = await magento.products.search(searchCriteria().where('sku', slice, 'in').pageSize(slice.length), { signal });
    for (const p of found.items) unknown.delete(p.sku);
  }
  return unknown;
}
