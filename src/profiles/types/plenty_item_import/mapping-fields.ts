/**
 * What the mapping layer (src/mapping) may read and write in the item import: per Magento product an
 * item becomes (the simple product; a configurable and each child), the PlentyONE variation it comes
 * from (the main variation for a configurable) and the product's global values. The product hash is
 * taken after mapping (process.ts), so a changed mapping is written on the next run and an unchanged
 * one writes nothing.
 */
import { pimVariationSchema, type PimVariation } from '../../../connectors/plenty/schemas/pim.js';
import type { MappingAdapter, MappingSubject } from '../../../mapping/fields.js';
import { fieldsFromSchema } from '../../../mapping/fields-from-schema.js';
import type { ItemImportConfig } from './config.js';
import type { ImportRecord, ProductDraft, RawItem } from './record.js';

export const itemImportMapping: MappingAdapter<RawItem, ImportRecord, ItemImportConfig> = {
  sourceFields: fieldsFromSchema(pimVariationSchema),
  targetFields: [
    { name: 'name', type: 'string', description: 'Product name (global; a store view of another language keeps its own).' },
    { name: 'price', type: 'number', description: 'Price (default: the regular sales price, prices.regular).' },
    { name: 'status', type: 'integer', description: '1 enabled, 2 disabled.' },
    { name: 'visibility', type: 'integer', description: '1 not visible individually, 2 catalog, 3 search, 4 catalog and search.' },
    { name: 'weight', type: 'number', description: 'Weight in the store\'s weight unit.' },
  ],
  subjects(raw, record) {
    if (record.kind !== 'item') return [];
    const main = raw.variations[0];
    const byId = new Map(raw.variations.map((v) => [v.id, v]));
    const subject = (draft: ProductDraft, source: PimVariation | undefined): MappingSubject[] => (source
      ? [{ source, target: draft.global as unknown as Record<string, unknown> }]
      : []);
    return [
      ...subject(record.main, record.main.variationId === undefined ? main : byId.get(record.main.variationId)),
      ...record.children.flatMap((child) => subject(child, child.variationId === undefined ? undefined : byId.get(child.variationId))),
    ];
  },
};
