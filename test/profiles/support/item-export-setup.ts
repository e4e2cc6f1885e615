/** The item export profile as the item export suites configure it, and the links it expects to find. */
import type { LinkStore } from '../../../src/profiles/links.js';
import { ATTRIBUTES, COLOR, SIZE, type Catalog } from '../../../src/sandbox/generator/index.js';

/** Two store views (texts in two languages), regular and special price, EAN, images, categories, configurables. */
export const itemExportConfig = {
  storeMapping: [
    { storeView: 'default', plentyId: 1000, language: 'en' },
    { storeView: 'de', plentyId: 1000, language: 'de' },
  ],
  prices: { regular: 1, special: 2 },
  vat: { defaultVatId: 0 },
  barcodes: [{ attribute: 'ean', barcodeId: 1 }],
  categories: { rootMapping: [{ magentoRootId: 2 }] },
  configurables: { attributeMap: { color: COLOR.attributeId, size: SIZE.attributeId } },
};

/**
 * Attribute values and half of the categories linked, as an attribute sync and the category export
 * would have left them.
 */
export async function linkReferences(links: LinkStore, catalog: Catalog): Promise<void> {
  await links.upsertMany(ATTRIBUTES.flatMap((a) => a.values.map((v) => ({ entityType: 'attribute_value', magentoKey: `${a.code}:${v.valueId}`, plentyId: String(v.valueId) }))));
  await links.upsertMany([...catalog.categories()].filter((c) => c.index % 2 === 0).map((c) => ({ entityType: 'category', magentoKey: String(3 + c.index), plentyId: String(c.categoryId) })));
}
