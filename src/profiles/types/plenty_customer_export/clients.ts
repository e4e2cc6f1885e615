import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { connectorsOf } from '../../../connectors/services.js';
import type { RunContext } from '../../profile-type.js';
import type { CustomerExportConfig } from './config.js';

export type Ctx = RunContext<CustomerExportConfig>;

/** The Magento client and store view codes of a run: the order export's, which any Magento reader shares. */
export { magentoOf, storeCodeOf, storeCodesOf } from '../plenty_order_export/clients.js';
export const plentyOf = (ctx: Ctx): Promise<PlentyClient> => connectorsOf(ctx).plenty(ctx.config.connection.plenty);

/** Store view codes whose customers this run exports: the filter, else every mapped store view. */
export function wantedStoreViews(config: CustomerExportConfig): Set<string> {
  return new Set(config.filters.storeViews.length ? config.filters.storeViews : config.storeMapping.map((r) => r.storeView));
}
