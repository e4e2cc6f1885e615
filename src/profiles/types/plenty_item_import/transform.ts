/**
 * PlentyONE item → the Magento products it becomes. An item none of whose variations has attribute
 * values is a simple product per variation (SKU = variation number; structure.ts for what is refused);
 * a PlentyONE bundle is a bundle product (bundles.ts);
 * an item with attribute variations is a
 * configurable (SKU from `configurables.parentSku`) with one simple child per variation that has
 * attribute values (a main variation without any is PlentyONE's container and is not a child).
 * Texts come per store view from the item texts of its language (first storeMapping row: the global
 * values); prices, tax class, base fields, barcodes and categories from each variation.
 */
import type { MagentoProductInput } from '../../../connectors/magento/index.js';
import type { PimText, PimVariation } from '../../../connectors/plenty/schemas/pim.js';
import { applyFieldMapping, FIELD_UNITS } from '../plenty_item_export/field-transform.js';
import { asBundle, bundleOptionsOf, isBundle } from './bundles.js';
import type { Ctx } from './clients.js';
import type { ItemImportConfig } from './config.js';
import { plentyAttributesOf, valueName, type PlentyAttributes } from './plenty-attributes.js';
import type { ImportRecord, ProductDraft, RawItem, SuperValue } from './record.js';
import { structureRefusal } from './structure.js';

type Custom = { attribute_code: string; value: unknown }[];
type Texts = Record<string, string>;

/** Magento attributes that are fields of ProductInterface rather than custom attributes. */
const TOP_LEVEL = new Set(['name', 'price', 'weight', 'status', 'visibility']);

export function urlKeyOf(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Mapped text attributes of one language (item texts). */
function textsIn(config: ItemImportConfig, texts: PimText[] | undefined, lang: string): Texts {
  const text = texts?.find((t) => t.lang === lang);
  const out: Texts = {};
  for (const row of config.texts) {
    if (row.language !== undefined && row.language !== lang) continue;
    const value = applyFieldMapping(row, text?.[row.field]);
    if (value !== undefined) out[row.attribute] = String(value);
  }
  if (out.url_key !== undefined) out.url_key = urlKeyOf(out.url_key);
  return out;
}

function splitTexts(texts: Texts): { name?: string; custom: Custom } {
  const custom: Custom = [];
  let name: string | undefined;
  for (const [code, value] of Object.entries(texts)) {
    if (code === 'name') name = value;
    else custom.push({ attribute_code: code, value });
  }
  return { ...(name !== undefined ? { name } : {}), custom };
}

/** Store views (after the first) whose texts differ from the global ones, with what differs. */
function storeViews(config: ItemImportConfig, perLang: (lang: string) => Texts): Record<string, Partial<MagentoProductInput>> {
  const [first, ...rest] = config.storeMapping;
  if (!first) return {};
  const global = perLang(first.language);
  const out: Record<string, Partial<MagentoProductInput>> = {};
  for (const row of rest) {
    const own = perLang(row.language);
    const differs = Object.fromEntries(Object.entries(own).filter(([k, v]) => global[k] !== v));
    if (Object.keys(differs).length === 0) continue;
    const { name, custom } = splitTexts(differs);
    out[row.storeView] = { ...(name !== undefined ? { name } : {}), ...(custom.length ? { custom_attributes: custom } : {}) };
  }
  return out;
}

/** Price, tax class, base fields, barcodes, status of one variation; problems for what is missing. */
function variationFields(config: ItemImportConfig, v: PimVariation, problems: string[]): { top: Partial<MagentoProductInput>; custom: Custom } {
  const top: Partial<MagentoProductInput> = { status: v.base.isActive === false ? 2 : 1 };
  const custom: Custom = [];
  const price = v.salesPrices?.find((p) => p.salesPriceId === config.prices.regular);
  if (price === undefined) {
    problems.push(`Variation ${v.base.number} has no price for sales price ${config.prices.regular} (prices.regular): add the price in PlentyONE.`);
  } else top.price = price.price;
  if (config.prices.special !== undefined) {
    const special = v.salesPrices?.find((p) => p.salesPriceId === config.prices.special);
    custom.push({ attribute_code: 'special_price', value: special === undefined ? '' : String(special.price) });
  }
  const taxClass = v.base.vatId == null ? undefined : config.vat.taxClassMap[String(v.base.vatId)] ?? config.vat.defaultTaxClassId;
  if (taxClass !== undefined) custom.push({ attribute_code: 'tax_class_id', value: String(taxClass) });
  for (const row of config.fields) {
    const source = (v.base as Record<string, unknown>)[row.field] ?? (v.base.item as Record<string, unknown> | undefined)?.[row.field];
    const base = FIELD_UNITS[row.field];
    const implied = base === 'g' ? { from: 'g' as const, to: config.defaultUnits.weight } : base === 'mm' ? { from: 'mm' as const, to: config.defaultUnits.length } : undefined;
    const value = applyFieldMapping(row.unit || !implied ? row : { ...row, number: row.number ?? { decimals: 4, decimalSeparator: '.', thousandsSeparator: '' } }, source, implied);
    if (value === undefined) continue;
    if (TOP_LEVEL.has(row.attribute)) top[row.attribute] = typeof value === 'string' && Number.isFinite(Number(value)) ? Number(value) : value;
    else custom.push({ attribute_code: row.attribute, value: String(value) });
  }
  for (const row of config.barcodes) {
    const code = v.barcodes?.find((b) => b.barcodeId === row.barcodeId)?.code;
    custom.push({ attribute_code: row.attribute, value: code ?? '' });
  }
  return { top, custom };
}

function categoriesOf(v: PimVariation): number[] {
  return [...(v.categories ?? [])].sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0)).map((c) => c.categoryId);
}

function draft(config: ItemImportConfig, sku: string, texts: Texts, rest: { top: Partial<MagentoProductInput>; custom: Custom }, extra: Partial<ProductDraft>): ProductDraft {
  const { name, custom } = splitTexts(texts);
  const global: MagentoProductInput = {
    sku,
    ...(name !== undefined ? { name } : {}),
    attribute_set_id: config.attributeSetId,
    ...rest.top,
    extension_attributes: { website_ids: config.websiteIds },
    custom_attributes: [...custom, ...rest.custom],
  };
  return { sku, global, stores: {}, plentyCategoryIds: [], superValues: [], ...extra };
}

export async function transformItem(raw: RawItem, ctx: Ctx): Promise<ImportRecord> {
  if (raw.vanished) return { kind: 'vanished', itemId: raw.itemId, sku: raw.vanished[0]!.sku, products: raw.vanished };
  const { config } = ctx;
  const main = raw.variations[0]!;
  const texts = main.base.texts;
  const first = config.storeMapping[0]!;
  const problems: string[] = [];
  const perLang = (lang: string) => textsIn(config, texts, lang);
  const global = perLang(first.language);
  if (!global.name) {
    problems.push(`Item ${raw.itemId} has no name in language "${first.language}" (store view "${first.storeView}"): add the name in PlentyONE, or a defaultValue to the name row of texts.`);
  }
  const withAttributes = raw.variations.filter((v) => (v.attributeValues ?? []).length > 0);
  const images = [...(main.base.images ?? [])].sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0) || a.id - b.id);

  const refused = structureRefusal(config, raw);
  if (refused) return { kind: 'skip', itemId: raw.itemId, sku: main.base.number, reason: refused };
  if (isBundle(main)) {
    const product = simpleDraft(config, main, perLang, problems, false);
    product.global = asBundle(product.global, await bundleOptionsOf(ctx, raw.itemId, main, problems));
    return { kind: 'item', itemId: raw.itemId, mainVariationId: main.id, sku: product.sku, type: 'bundle', main: product, children: [], superAttributes: [], images, problems };
  }
  if (withAttributes.length === 0) {
    const [product, ...others] = raw.variations.map((v) => simpleDraft(config, v, perLang, problems, raw.variations.length > 1));
    return { kind: 'item', itemId: raw.itemId, mainVariationId: main.id, sku: product!.sku, type: others.length ? 'simples' : 'simple', main: product!, children: others, superAttributes: [], images, problems };
  }

  const attributes = await plentyAttributesOf(ctx);
  const attributeIds = [...new Set(withAttributes.flatMap((v) => (v.attributeValues ?? []).map((a) => a.attributeId)))].sort((a, b) => a - b);
  const superAttributes: { attributeId: number; code: string }[] = [];
  for (const attributeId of attributeIds) {
    const code = config.configurables.attributeMap[String(attributeId)];
    if (code === undefined) {
      problems.push(`PlentyONE attribute ${attributeId} (${attributes.attributeName(attributeId)}) is not mapped to a Magento attribute: add it to configurables.attributeMap.`);
    } else superAttributes.push({ attributeId, code });
  }
  const parentSku = config.configurables.parentSku.replace('{itemId}', String(raw.itemId));
  if (!global.url_key && global.name) global.url_key = urlKeyOf(global.name);
  const parentFields = variationFields(config, main, []);
  delete parentFields.top.price;
  parentFields.top.status = raw.variations.some((v) => v.base.isActive !== false) ? 1 : 2;
  const parent = draft(config, parentSku, global, { custom: parentFields.custom.filter((c) => c.attribute_code === 'tax_class_id'), top: { ...parentFields.top, visibility: 4, type_id: 'configurable' } }, {
    stores: storeViews(config, perLang), plentyCategoryIds: categoriesOf(main),
  });

  const children = withAttributes.map((v) => childDraft(config, v, { attributes, superAttributes, perLang, problems }));
  return { kind: 'item', itemId: raw.itemId, mainVariationId: main.id, sku: parentSku, type: 'configurable', main: parent, children, superAttributes, images, problems };
}

/**
 * A simple product of a variation. Several of one item (no attribute values, `withoutAttributes`
 * "simpleProducts") each carry the variation's name (or number) after the item name, and a URL key
 * with the number, so they stay apart in the shop.
 */
function simpleDraft(config: ItemImportConfig, v: PimVariation, perLang: (lang: string) => Texts, problems: string[], several: boolean): ProductDraft {
  const texts = (lang: string): Texts => {
    const own = perLang(lang);
    if (!own.name) return own;
    if (!several) return own.url_key ? own : { ...own, url_key: urlKeyOf(own.name) };
    return { ...own, name: `${own.name} ${v.base.name || v.base.number}`, url_key: urlKeyOf(`${own.url_key ?? own.name}-${v.base.number}`) };
  };
  const global = texts(config.storeMapping[0]!.language);
  // A single simple product keeps its store views' URL keys as PlentyONE has them.
  const stores = storeViews(config, several ? texts : perLang);
  const fields = variationFields(config, v, problems);
  return draft(config, v.base.number, global, { ...fields, top: { ...fields.top, visibility: 4, type_id: 'simple' } }, {
    variationId: v.id, stores, plentyCategoryIds: categoriesOf(v), imageIds: linkedImages(v),
  });
}

function childDraft(
  config: ItemImportConfig,
  v: PimVariation,
  c: { attributes: PlentyAttributes; superAttributes: { attributeId: number; code: string }[]; perLang: (lang: string) => Texts; problems: string[] },
): ProductDraft {
  const superValues: SuperValue[] = [];
  for (const { attributeId, code } of c.superAttributes) {
    const value = v.attributeValues?.find((a) => a.attributeId === attributeId);
    if (!value) {
      c.problems.push(`Variation ${v.base.number} has no value for attribute ${attributeId} (${c.attributes.attributeName(attributeId)}) that the other variations of the item have: add it in PlentyONE.`);
      continue;
    }
    superValues.push({ attributeId, valueId: value.valueId, code });
  }
  const labelIn = (lang: string) => superValues
    .map((s) => { const info = c.attributes.value(s.valueId); return info ? valueName(info, lang) : String(s.valueId); })
    .join(' / ');
  const childTexts = (lang: string): Texts => {
    const name = c.perLang(lang).name;
    return name ? { name: `${name} - ${labelIn(lang)}`, url_key: urlKeyOf(`${name}-${v.base.number}`) } : {};
  };
  const first = config.storeMapping[0]!;
  const fields = variationFields(config, v, c.problems);
  return draft(config, v.base.number, childTexts(first.language), { ...fields, top: { ...fields.top, visibility: config.configurables.childVisibility, type_id: 'simple' } }, {
    variationId: v.id, stores: storeViews(config, childTexts), superValues, imageIds: linkedImages(v),
  });
}

/** The item images PlentyONE links to the variation (read with `with=images` when images.variationImages is on). */
const linkedImages = (v: PimVariation): number[] => (v.images ?? []).map((i) => i.imageId);
