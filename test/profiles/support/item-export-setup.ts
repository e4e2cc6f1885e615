/** The item export profile as the item export suites configure it, and the links it expects to find. */
import type { LinkStore } from '../../../src/profiles/links.js';
import { PlentySandboxClient } from '../../../src/sandbox/plenty/client.js';
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
 * Attribute values linked, and half of the categories created in PlentyONE (one root category each)
 * and linked, as an attribute sync and the category export would have left them.
 */
export async function linkReferences(links: LinkStore, catalog: Catalog, plentyUrl: string, options: { attributeValues?: boolean } = {}): Promise<void> {
  if (options.attributeValues !== false) {
    await links.upsertMany(ATTRIBUTES.flatMap((a) => a.values.map((v) => ({ entityType: 'attribute_value', magentoKey: `${a.code}:${v.valueId}`, plentyId: String(v.valueId) }))));
  }
  const api = new PlentySandboxClient(plentyUrl);
  await api.login();
  const wanted = [...catalog.categories()].filter((c) => c.index % 2 === 0);
  const linked: { entityType: string; magentoKey: string; plentyId: string }[] = [];
  for (let i = 0; i < wanted.length; i += 50) {
    const chunk = wanted.slice(i, i + 50);
    const answer = await api.post<{ id: number }[]>('/rest/categories', chunk.map((c) => ({ type: 'item', details: [{ lang: 'de', name: `Kategorie ${c.index}` }] })));
    if (answer.status !== 200) throw new Error(`categories not created: ${JSON.stringify(answer.body)}`);
    answer.body.forEach((created, k) => linked.push({ entityType: 'category', magentoKey: String(3 + chunk[k]!.index), plentyId: String(created.id) }));
  }
  await links.upsertMany(linked);
  await api.post('/rest/logout');
}
