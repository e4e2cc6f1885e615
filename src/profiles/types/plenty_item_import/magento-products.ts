import { searchIn, type MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoProduct } from '../../../connectors/magento/schemas/product.js';
import type { Ctx } from './clients.js';

/** The SKU lookup before any create: which of these products Magento has, with their categories and gallery. */
export async function productsBySku(ctx: Ctx, magento: MagentoClient, skus: string[]): Promise<Map<string, MagentoProduct>> {
  const found = await searchIn((criteria) => magento.products.search(criteria, { store: 'all', signal: ctx.signal }), 'sku', skus);
  return new Map(found.map((p) => [p.sku, p]));
}
