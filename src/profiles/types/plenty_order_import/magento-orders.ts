import { searchIn, type MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';

/** The Magento orders of a batch in one search (`increment_id in (...)`). */
export async function magentoOrdersByIncrementId(magento: MagentoClient, incrementIds: string[], signal: AbortSignal): Promise<Map<string, MagentoOrder>> {
  const found = await searchIn((criteria) => magento.orders.search(criteria, { signal }), 'increment_id', incrementIds);
  return new Map(found.map((o) => [o.increment_id, o]));
}
