/**
 * What the mapping layer (src/mapping) may read and write in the item export: per variation, the Magento
 * product (its custom attributes under `attributes`) and the variation's base fields, prices, barcodes
 * and categories; per language, the item texts from the store view of that language.
 */
import { productSchema, type MagentoProduct } from '../../../connectors/magento/index.js';
import type { FieldDecl, MappingAdapter, MappingSubject } from '../../../mapping/fields.js';
import { fieldsFromSchema } from '../../../mapping/fields-from-schema.js';
import type { RawProduct } from './collect.js';
import type { ItemExportConfig } from './config.js';
import type { ExportRecord } from './record.js';

/** The product as a mapping reads it: REST fields, and every custom attribute by code under `attributes`. */
function sourceOf(product: MagentoProduct): Record<string, unknown> {
  const { custom_attributes: custom, ...rest } = product;
  return { ...rest, attributes: Object.fromEntries((custom ?? []).map((a) => [a.attribute_code, a.value])) };
}

const textFields = ['name', 'name2', 'name3', 'previewDescription', 'description', 'technicalData', 'urlPath', 'metaDescription', 'metaKeywords', 'title'] as const;
const base = (name: string, type: FieldDecl['type'], description: string): FieldDecl => ({ name: `base.${name}`, type, description });

export const itemExportMapping: MappingAdapter<RawProduct, ExportRecord, ItemExportConfig> = {
  sourceFields: [
    ...fieldsFromSchema(productSchema).filter((f) => f.name !== 'custom_attributes'),
    { name: 'attributes.*', type: 'any', description: 'A Magento custom attribute by its code, e.g. attributes.manufacturer.' },
  ],
  targetFields: [
    base('number', 'string', 'Variation number (the Magento SKU).'),
    base('isActive', 'boolean', 'Variation active.'),
    base('model', 'string', 'Model.'),
    base('externalId', 'string', 'External variation id.'),
    base('purchasePrice', 'number', 'Purchase price (net).'),
    base('weightG', 'number', 'Gross weight in grams.'),
    base('weightNetG', 'number', 'Net weight in grams.'),
    base('widthMM', 'number', 'Width in millimetres.'),
    base('lengthMM', 'number', 'Length in millimetres.'),
    base('heightMM', 'number', 'Height in millimetres.'),
    base('vatId', 'integer', 'PlentyONE VAT id.'),
    base('position', 'integer', 'Position of the variation.'),
    base('customsTariffNumber', 'string', 'Customs tariff number.'),
    { name: 'prices', type: 'array', description: 'Sales prices: [{"salesPriceId": n, "price": x}].' },
    { name: 'barcodes', type: 'array', description: 'Barcodes: [{"barcodeId": n, "code": "…"}].' },
    { name: 'categoryIds', type: 'array', description: 'PlentyONE category ids the variation is linked to.' },
    ...textFields.map((name): FieldDecl => ({ name, type: 'string', description: `Item text "${name}" (per language).`, perLanguage: true })),
  ],
  subjects(raw, record, config) {
    const prepared = raw.prepared;
    if (record.kind !== 'item' || !prepared) return [];
    const { source } = prepared;
    const members = new Map([source.product, ...source.children].map((p) => [p.sku, p]));
    // Texts belong to the item: the first variation's subject carries them, from the item's own product.
    const languages = config.storeMapping.flatMap((row) => {
      const target = record.texts[row.language];
      return target ? [{ language: row.language, source: sourceOf(source.views.get(row.storeView) ?? source.product), target: target as Record<string, unknown> }] : [];
    });
    return record.variations.map((variation, i): MappingSubject => ({
      source: sourceOf(members.get(variation.sku) ?? source.product),
      target: variation as unknown as Record<string, unknown>,
      ...(i === 0 ? { languages } : {}),
    }));
  },
};
