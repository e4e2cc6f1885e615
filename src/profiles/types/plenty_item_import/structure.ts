/**
 * Items the import refuses as a whole, with the reason a merchant can act on: PlentyONE bundles of
 * several variations (a Magento bundle product is one product: bundles.ts), and items of several
 * variations without attribute values while `configurables.withoutAttributes` is "skip".
 */
import { isBundle } from './bundles.js';
import type { ItemImportConfig } from './config.js';
import type { RawItem } from './record.js';

export function structureRefusal(config: ItemImportConfig, raw: RawItem): string | undefined {
  const bundle = raw.variations.find(isBundle);
  if (bundle && raw.variations.length > 1) {
    const numbers = raw.variations.map((v) => v.base.number).join(', ');
    return `Item ${raw.itemId} is a PlentyONE bundle (variation ${bundle.base.number} bundles other variations) with ${raw.variations.length} variations (${numbers}); a Magento bundle product stands for one: make each bundle an item of its own in PlentyONE.`;
  }
  const several = raw.variations.length > 1 && raw.variations.every((v) => (v.attributeValues ?? []).length === 0);
  if (several && config.configurables.withoutAttributes === 'skip') {
    const numbers = raw.variations.map((v) => v.base.number).join(', ');
    return `Item ${raw.itemId} has ${raw.variations.length} variations (${numbers}) but none with attribute values, and configurables.withoutAttributes is "skip": give them attribute values in PlentyONE (a configurable product), or set withoutAttributes to "simpleProducts" (a simple product each).`;
  }
  return undefined;
}
