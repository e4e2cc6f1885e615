/**
 * The "create root category" action: a PlentyONE top-level category for a Magento root, named as
 * each mapped store view names the root (or as given), visible in every mapped client.
 */
import { searchCriteria, type MagentoClient } from '../../../connectors/magento/index.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { CategoryExportConfig } from './config.js';

export async function createPlentyRoot(
  io: { magento: MagentoClient; plenty: PlentyClient }, config: CategoryExportConfig, magentoRootId: number, name?: string,
): Promise<number> {
  const details = [];
  for (const row of config.storeMapping) {
    const found = (await io.magento.categories.list(searchCriteria().where('entity_id', magentoRootId).pageSize(1), { store: row.storeView })).items[0];
    if (!found) throw new Error(`Magento has no category ${magentoRootId}: give the id of a root category (level 1).`);
    details.push({ plentyId: row.plentyId, lang: row.language, name: name ?? found.name });
  }
  const clients = [...new Set(config.storeMapping.map((r) => r.plentyId))].map((plentyId) => ({ plentyId }));
  const [created] = await io.plenty.categories.create([{ parentCategoryId: null, type: 'item', details, clients }]);
  if (!created) throw new Error('PlentyONE answered the category create without the category.');
  return created.id;
}
