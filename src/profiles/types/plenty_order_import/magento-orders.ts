import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import { MAX_PAGE_SIZE, searchCriteria } from '../../../connectors/magento/search-criteria.js';

/** The Magento orders of a batch in one search (`increment_id in (...)`). */
export async function magentoOrdersByIncrementId(magento: MagentoClient, incrementIds: string[], signal: AbortSignal): Promise<Map<string, MagentoOrder>> {
  const unique = [...new Set(incrementIds)];
  const found = new Map<string, MagentoOrder>();
  for (let i = 0; i < unique.length; i += MAX_PAGE_SIZE) {
    const chunk = unique.slice(i, i + MAX_PAGE_SIZE);
    const answer = await magento.orders.search(searchCriteria().where('increment_id', chunk, 'in').pageSize(chunk.length), { signal });
    for (const o of answer.items) found.set(o.increment_id, o);
  }
  return found;
}
