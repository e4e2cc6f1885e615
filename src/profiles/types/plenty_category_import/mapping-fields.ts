/**
 * What the mapping layer (src/mapping) may read and write in the category import: the PlentyONE
 * category (the detail of the language under `detail`) and the Magento attribute values of each store
 * view of the storeMapping (per language). The first row's store view also gives the global values.
 */
import { plentyCategorySchema, categoryDetailSchema } from '../../../connectors/plenty/schemas/categories.js';
import type { FieldDecl, MappingAdapter } from '../../../mapping/fields.js';
import { fieldsFromSchema } from '../../../mapping/fields-from-schema.js';
import type { CategoryImportConfig } from './config.js';
import type { ImportRecord, RawCategory } from './record.js';

const magentoAttributes = ['name', 'url_key', 'description', 'meta_title', 'meta_keywords', 'meta_description', 'display_mode', 'is_anchor', 'include_in_menu', 'landing_page'];

export const categoryImportMapping: MappingAdapter<RawCategory, ImportRecord, CategoryImportConfig> = {
  sourceFields: [
    ...fieldsFromSchema(plentyCategorySchema).filter((f) => f.name !== 'details'),
    ...fieldsFromSchema(categoryDetailSchema, 'detail'),
  ],
  targetFields: magentoAttributes.map((name): FieldDecl => ({ name, type: 'string', description: `Magento category attribute "${name}" (per store view, by its language).`, perLanguage: true })),
  subjects(raw, record, config) {
    if (raw.kind !== 'category' || record.kind !== 'category') return [];
    const { details = [], ...category } = raw.category;
    const sourceOf = (row: { plentyId: number; language: string } | undefined) => ({
      ...category, detail: row ? details.find((d) => d.plentyId === row.plentyId && d.lang === row.language) : undefined,
    });
    const languages = config.storeMapping.flatMap((row) => {
      const target = record.values.stores[row.storeView];
      return target ? [{ language: row.language, source: sourceOf(row), target }] : [];
    });
    return [{ source: sourceOf(config.storeMapping[0]), target: {}, languages }];
  },
};
