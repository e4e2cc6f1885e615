import { storeMappingMissing } from '../../config/store-mapping.js';
import type { ItemImportConfig } from './config.js';

/** What a run needs: a store view to write texts to, and the sales price that gives the price. */
export function itemImportReadiness(config: ItemImportConfig): string[] {
  const missing: string[] = [];
  if (config.storeMapping.length === 0) missing.push(storeMappingMissing);
  if (config.prices.regular === undefined) missing.push('Choose the PlentyONE sales price that gives the Magento price under prices.regular.');
  return missing;
}
