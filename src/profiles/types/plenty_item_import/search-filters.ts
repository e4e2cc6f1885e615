/**
 * The `search` settings as filters of `GET /rest/pim/variations`, the names the OpenAPI documents:
 * `isActive`, `anyClientId` (plentyIds), `anyMarketId` (referrers), `itemType`, `anyManufacturerId`,
 * `flag1`, `flag2`. Full runs scan with them; delta and ids runs read their candidate items with them,
 * so an item outside the criteria is not imported whatever triggered the run.
 */
import type { PimQuery } from '../../../connectors/plenty/resources/pim.js';
import type { ItemImportConfig } from './config.js';

export function searchFilters(config: ItemImportConfig): Pick<PimQuery, 'isActive' | 'filters'> {
  const s = config.search;
  const filters: NonNullable<PimQuery['filters']> = {
    ...(s.clientIds.length ? { anyClientId: s.clientIds } : {}),
    ...(s.referrerIds.length ? { anyMarketId: s.referrerIds } : {}),
    ...(s.itemType !== undefined ? { itemType: s.itemType } : {}),
    ...(s.manufacturerIds.length ? { anyManufacturerId: s.manufacturerIds } : {}),
    ...(s.flag1 !== undefined ? { flag1: s.flag1 } : {}),
    ...(s.flag2 !== undefined ? { flag2: s.flag2 } : {}),
  };
  return { ...(s.activeOnly ? { isActive: true } : {}), ...(Object.keys(filters).length ? { filters } : {}) };
}
