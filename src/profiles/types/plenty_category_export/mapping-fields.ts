/**
 * What the mapping layer (src/mapping) may read and write in the category export: the Magento category
 * (its attributes as each store view shows them under `attributes`) and the PlentyONE category, whose
 * detail fields are per language (one detail per storeMapping row).
 */
import type { FieldDecl, MappingAdapter } from '../../../mapping/fields.js';
import { categoryFields } from '../../config/category-fields.js';
import type { CategoryExportConfig } from './config.js';
import type { CategoryRecord, RawCategory } from './record.js';

export const categoryExportMapping: MappingAdapter<RawCategory, CategoryRecord, CategoryExportConfig> = {
  sourceFields: [
    { name: 'id', type: 'integer', description: 'Magento category id.' },
    { name: 'parentId', type: 'integer', description: 'Magento parent category id.' },
    { name: 'level', type: 'integer', description: 'Depth in the Magento tree.' },
    { name: 'position', type: 'integer', description: 'Position among its siblings.' },
    { name: 'isActive', type: 'boolean', description: 'Enabled in Magento.' },
    { name: 'updatedAt', type: 'string', description: 'Last change in Magento (UTC).' },
    { name: 'attributes.*', type: 'any', description: 'A category attribute as the store view of the language shows it, e.g. attributes.name.' },
  ],
  targetFields: [
    { name: 'linklist', type: 'string', description: '"Y": shown in the shop navigation, "N": not.' },
    ...categoryFields.map((name): FieldDecl => ({ name, type: name === 'position' ? 'integer' : 'string', description: `Category detail "${name}" (per language).`, perLanguage: true })),
  ],
  subjects(raw, record, config) {
    if (raw.kind !== 'node' || record.kind !== 'category') return [];
    const { values, ...node } = raw.node;
    const sourceOf = (storeView: string | undefined) => ({ ...node, attributes: (storeView && values[storeView]) || {} });
    // The details are built from storeMapping in its order: detail i is row i's.
    const languages = config.storeMapping.flatMap((row, i) => {
      const detail = record.details[i];
      return detail ? [{ language: row.language, source: sourceOf(row.storeView), target: detail as unknown as Record<string, unknown> }] : [];
    });
    return [{ source: sourceOf(config.storeMapping[0]?.storeView), target: record as unknown as Record<string, unknown>, languages }];
  },
};
