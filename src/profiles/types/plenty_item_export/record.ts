/**
 * Magento product (+ store views, children) → what PlentyONE should hold: item texts per language,
 * images, and per variation the base fields, prices, barcodes, categories and attribute values. Pure
 * given the references (Magento categories and option ids → PlentyONE ids), which are looked up for
 * many records at once.
 */
import type { MagentoProduct } from '../../../connectors/magento/index.js';
import type { TextBody, VariationBody } from '../../../connectors/plenty/index.js';
import type { LinkStore } from '../../links.js';
import type { ItemExportConfig } from './config.js';
import { FIELD_UNITS, applyFieldMapping } from './field-transform.js';
import { attributeValue, imageEntries, type ImageEntry, type SourceProduct } from './magento-source.js';
import type { DeleteRecord } from './deletions.js';

export interface VariationRecord {
  sku: string;
  base: VariationBody;
  attributeValues: { attributeId: number; valueId: number }[];
  prices: { salesPriceId: number; price: number }[];
  barcodes: { barcodeId: number; code: string }[];
  marketNumbers: { type: string; countryId: number; value: string }[];
  /** PlentyONE category ids of the Magento categories already linked. */
  categoryIds: number[];
  /** Mapped property values (properties.ts); absent while no property is mapped. */
  properties?: import('./properties.js').PropertyValue[];
}

export interface ItemRecord {
  kind: 'item';
  /** Magento SKU of the item: the simple product's, or the configurable parent's. */
  sku: string;
  texts: Record<string, TextBody>;
  /** Gallery images in position order (with their MD5 when media.checksum is on). */
  images: ImageEntry[];
  /** Cross-selling links wanted (cross-sells.ts); absent while no link type is configured. */
  crossSells?: import('./cross-sells.js').WantedLink[];
  /** Image availabilities wanted (`type:value`, media.referrers); absent when none are configured. */
  imageReferrers?: string[];
  variations: VariationRecord[];
  /** Magento categories not linked to PlentyONE yet (left out until the category export links them). */
  unlinkedCategories: string[];
  /** Only these variations are written, nothing of the item (a child saved on its own, parent export off). */
  variationsOnly?: boolean;
}

export type ExportRecord = ItemRecord | DeleteRecord | { kind: 'skip'; sku: string; reason: string };

/** An image availability as kept in records and links: `type:value` (media.referrers). */
export const referrerKey = (a: { type: string; value: number }) => `${a.type}:${a.value}`;

/** Entity types in the link table. */
export const ITEM_ENTITY = 'item';
export const VARIATION_ENTITY = 'variation';
export const CATEGORY_ENTITY = 'category';
/** Magento option of a configurable attribute ↔ PlentyONE attribute value, keyed `<code>:<option id>`. */
export const ATTRIBUTE_VALUE_ENTITY = 'attribute_value';

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.replace(',', '.')) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

function texts(source: SourceProduct, config: ItemExportConfig): Record<string, TextBody> {
  const out: Record<string, TextBody> = {};
  for (const row of config.storeMapping) {
    const view = source.views.get(row.storeView) ?? source.product;
    const body: TextBody = (out[row.language] ??= {});
    for (const m of config.texts) {
      if (m.language !== undefined && m.language !== row.language) continue;
      const value = applyFieldMapping(m, attributeValue(view, m.attribute));
      if (value !== undefined) body[m.field] = String(value);
    }
  }
  return out;
}

function baseFields(p: MagentoProduct, config: ItemExportConfig): VariationBody {
  const body: VariationBody = { number: p.sku, isActive: p.status === 1 };
  const taxClass = attributeValue(p, 'tax_class_id');
  const vatId = (taxClass === undefined ? undefined : config.vat.taxClassMap[String(taxClass)]) ?? config.vat.defaultVatId;
  if (vatId !== undefined) body.vatId = vatId;
  const cost = config.prices.purchasePriceFromCost ? num(attributeValue(p, 'cost')) : undefined;
  if (cost !== undefined) body.purchasePrice = cost;
  for (const m of config.fields) {
    const unit = FIELD_UNITS[m.field];
    const implied = unit === 'g' ? { from: config.defaultUnits.weight, to: 'g' as const }
      : unit === 'mm' ? { from: config.defaultUnits.length, to: 'mm' as const } : undefined;
    const value = applyFieldMapping(m, attributeValue(p, m.attribute), implied);
    if (value === undefined) continue;
    const numeric = ['weightG', 'weightNetG', 'widthMM', 'lengthMM', 'heightMM', 'purchasePrice', 'manufacturerId', 'producingCountryId', 'supplierId', 'ageRestriction', 'flagOne', 'flagTwo'];
    (body as Record<string, unknown>)[m.field] = numeric.includes(m.field) ? (num(value) ?? value) : String(value);
  }
  return body;
}

/** Magento's customer group id of a tier price valid for every group. */
const ALL_GROUPS = 32000;

interface TierPrice { customer_group_id?: unknown; qty?: unknown; value?: unknown }

export function prices(p: MagentoProduct, config: ItemExportConfig) {
  const out: { salesPriceId: number; price: number }[] = [];
  const regular = num(p.price);
  if (config.prices.regular !== undefined && regular !== undefined) out.push({ salesPriceId: config.prices.regular, price: regular });
  const special = num(attributeValue(p, 'special_price'));
  if (config.prices.special !== undefined && special !== undefined) out.push({ salesPriceId: config.prices.special, price: special });
  const tiers = ((p as { tier_prices?: TierPrice[] }).tier_prices ?? []).flatMap((t) => {
    const value = num(t.value);
    return value === undefined ? [] : [{ group: Number(t.customer_group_id), qty: num(t.qty) ?? 1, value }];
  });
  const forAll = tiers.filter((t) => t.group === ALL_GROUPS);
  if (config.prices.tier !== undefined && forAll.length) out.push({ salesPriceId: config.prices.tier, price: Math.min(...forAll.map((t) => t.value)) });
  for (const [group, salesPriceId] of Object.entries(config.prices.customerGroups)) {
    // A group price is the group's tier price for one piece.
    const own = tiers.filter((t) => t.group === Number(group) && t.qty <= 1);
    if (own.length) out.push({ salesPriceId, price: Math.min(...own.map((t) => t.value)) });
  }
  return out;
}

function barcodes(p: MagentoProduct, config: ItemExportConfig) {
  return config.barcodes.flatMap((row) => {
    const code = attributeValue(p, row.attribute);
    return code === undefined || code === null || code === '' ? [] : [{ barcodeId: row.barcodeId, code: String(code) }];
  });
}

function categoryIdsOf(p: MagentoProduct): string[] {
  return (p.extension_attributes?.category_links ?? []).map((l) => l.category_id);
}

/** PlentyONE ids of what a record refers to: Magento category id → category, `<code>:<option>` → attribute value. */
export interface References {
  categories: Map<string, number>;
  attributeValues: Map<string, number>;
  /** Magento attribute code → PlentyONE attribute id (filled per configurable, see attribute-values.ts). */
  attributes: Map<string, number>;
}

export const optionKey = (code: string, option: unknown) => `${code}:${String(option)}`;

/** Options of the children, as far as the attribute codes are known without a call (mapped or linked before). */
function optionsOf(source: SourceProduct, config: ItemExportConfig): string[] {
  if (source.product.type_id !== 'configurable') return [];
  return source.children.flatMap((child) => Object.keys(config.configurables.attributeMap).flatMap((code) => {
    const option = attributeValue(child, code);
    return option === undefined || option === null || option === '' ? [] : [optionKey(code, option)];
  }));
}

/** The links the records of these sources need, in two lookups however many records there are. */
export async function loadReferences(sources: readonly SourceProduct[], config: ItemExportConfig, links: LinkStore): Promise<References> {
  const categories = config.categories.assign ? [...new Set(sources.flatMap((s) => categoryIdsOf(s.product)))] : [];
  const options = [...new Set(sources.flatMap((s) => optionsOf(s, config)))];
  const [c, a] = await Promise.all([links.getMany(CATEGORY_ENTITY, categories), links.getMany(ATTRIBUTE_VALUE_ENTITY, options)]);
  const ids = (m: Map<string, { plentyId: string }>) => new Map([...m].map(([k, l]) => [k, Number(l.plentyId)]));
  return { categories: ids(c), attributeValues: ids(a), attributes: new Map() };
}

/**
 * Builds the record; `codes` are the configurable's super attributes, whose PlentyONE attributes and
 * values `refs` must hold (attribute-values.ts). A child option without one fails the record with what to do.
 */
export function buildRecord(source: SourceProduct, config: ItemExportConfig, refs: References, mediaBase: string, codes: readonly string[] = []): ItemRecord {
  const { product } = source;
  const isConfigurable = product.type_id === 'configurable';
  const members = isConfigurable ? source.children : [product];
  if (members.length === 0) throw new Error(`Configurable ${product.sku} has no children, so there is no variation to export.`);

  const magentoCategories = config.categories.assign ? [...new Set(categoryIdsOf(product))] : [];
  const categoryIds = magentoCategories.flatMap((id) => { const l = refs.categories.get(id); return l === undefined ? [] : [l]; });

  const variations: VariationRecord[] = [];
  for (const member of members) {
    const attributeValues: VariationRecord['attributeValues'] = [];
    for (const code of codes) {
      const attributeId = refs.attributes.get(code) ?? config.configurables.attributeMap[code];
      if (attributeId === undefined) throw new Error(`Attribute "${code}" of ${product.sku} has no PlentyONE attribute: map it under configurables.attributeMap, or turn on configurables.createAttributes.`);
      const option = attributeValue(member, code);
      if (option === undefined || option === null || option === '') continue;
      const valueId = refs.attributeValues.get(optionKey(code, option));
      if (valueId === undefined) throw new Error(`Option ${String(option)} of "${code}" (child ${member.sku}) has no PlentyONE attribute value linked yet.`);
      attributeValues.push({ attributeId, valueId });
    }
    variations.push({
      sku: member.sku,
      base: baseFields(member, config),
      attributeValues,
      prices: prices(member, config),
      barcodes: barcodes(member, config),
      marketNumbers: config.marketNumbers.flatMap((row) => {
        const value = attributeValue(member, row.attribute);
        return value === undefined || value === null || value === '' ? [] : [{ type: row.type, countryId: row.countryId, value: String(value) }];
      }),
      categoryIds,
    });
  }
  return {
    kind: 'item',
    sku: product.sku,
    texts: texts(source, config),
    images: config.media.enabled ? imageEntries(product, mediaBase) : [],
    ...(config.media.enabled && config.media.referrers.length ? { imageReferrers: config.media.referrers.map(referrerKey) } : {}),
    variations,
    unlinkedCategories: magentoCategories.filter((id) => !refs.categories.has(id)),
  };
}
