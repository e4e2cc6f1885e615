/**
 * The configurable a child belongs to, for a child saved before its configurable was ever exported.
 * Magento's REST API only answers parent → children (`configurable_product_links`), so the child lists
 * of the shop's configurables are read once per run (one paged search, only in a run that meets such
 * a child) and looked up by the child's entity id.
 */
import type { MagentoClient } from '../../../connectors/magento/index.js';
import { MAX_PAGE_SIZE, searchCriteria } from '../../../connectors/magento/index.js';
import { memo } from './attribute-values.js';

export interface ParentFinder {
  /** The SKU of the configurable listing this entity id as a child, if any. */
  parentOf(childId: number): Promise<string | undefined>;
}

export function parentFinder(deps: { magento: MagentoClient; signal: AbortSignal }): ParentFinder {
  const index = memo(async (_: 'all') => {
    const parents = new Map<number, string>();
    const criteria = searchCriteria().where('type_id', 'configurable').sortBy('entity_id');
    for await (const p of deps.magento.products.scan(criteria, { signal: deps.signal, pageSize: MAX_PAGE_SIZE })) {
      for (const id of p.extension_attributes?.configurable_product_links ?? []) if (!parents.has(id)) parents.set(id, p.sku);
    }
    return parents;
  });
  return { parentOf: async (childId) => (await index('all')).get(childId) };
}
