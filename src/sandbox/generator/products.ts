/** Items and variations, each computed from (seed, index) alone. */
import { COLOR, SIZE } from './attributes.js';
import type { CategoryTree } from './categories.js';
import { ean13For } from './ean.js';
import { itemIdOf, variationIdOf } from './ids.js';
import type { ItemLayout, ItemSpan } from './layout.js';
import { round2, netOf } from './money.js';
import { Rng, hash3 } from './prng.js';
import { configurableSku, variationSku } from './sku.js';
import { HISTORY_WINDOW_MS } from './time.js';
import type {
  AttributeCode,
  AttributeDef,
  Item,
  ItemTexts,
  Language,
  Translated,
  Variation,
  VariationAttributeValue,
} from './types.js';
import {
  DESCRIPTION_SENTENCES,
  LANGUAGES,
  MANUFACTURERS,
  MATERIALS,
  PRODUCT_LINES,
  PRODUCT_NOUNS,
  asciiSlug,
} from './vocabulary.js';

const YEAR_MS = 365 * 86_400_000;
const PRICE_ENDINGS = [0.99, 0.95, 0.5, 0.0] as const;
/** Share of variations without a barcode and of inactive variations. */
const NO_BARCODE_SHARE = 0.03;
const INACTIVE_SHARE = 0.03;
const SPECIAL_PRICE_SHARE = 0.1;

/** An item together with the values its variations derive from. */
interface ItemDraft {
  readonly item: Item;
  readonly basePrice: number;
  readonly specialDiscount: number | null;
  readonly baseWeight: number;
  /** Attribute values of each child, by position (empty lists for simple items). */
  readonly children: readonly (readonly VariationAttributeValue[])[];
}

export class ProductGenerator {
  private cached: ItemDraft | undefined;
  private readonly eanOffset: number;

  constructor(
    private readonly seed: number,
    private readonly epoch: number,
    private readonly layout: ItemLayout,
    private readonly categories: CategoryTree,
  ) {
    this.eanOffset = hash3(seed, 'ean', 0) % 1_000_000_000;
  }

  item(itemIndex: number): Item {
    return this.draft(this.layout.itemSpan(itemIndex)).item;
  }

  variation(variationIndex: number): Variation {
    const where = this.layout.locateVariation(variationIndex);
    const draft = this.draft(where);
    const { item } = draft;
    const rng = Rng.for(this.seed, 'variation', variationIndex);
    const attributes = draft.children[where.position] ?? [];
    const sizeBump = attributes.some((a) => a.attribute === 'size' && (a.code === 'XL' || a.code === 'XXL')) ? 1 : 0;
    const price = round2(draft.basePrice + sizeBump * 2);
    const names: Translated =
      attributes.length === 0
        ? { de: item.texts.de.name, en: item.texts.en.name, fr: item.texts.fr.name }
        : {
            de: `${item.texts.de.name} - ${attributes.map((a) => a.labels.de).join(' / ')}`,
            en: `${item.texts.en.name} - ${attributes.map((a) => a.labels.en).join(' / ')}`,
            fr: `${item.texts.fr.name} - ${attributes.map((a) => a.labels.fr).join(' / ')}`,
          };
    const updatedAt = this.epoch - rng.int(0, HISTORY_WINDOW_MS / 1000) * 1000;
    return {
      index: variationIndex,
      variationId: variationIdOf(variationIndex),
      sku: variationSku(variationIndex),
      itemIndex: item.index,
      itemId: item.itemId,
      itemType: item.type,
      parentSku: item.type === 'configurable' ? item.sku : null,
      isMain: where.position === 0,
      position: where.position,
      attributes,
      names,
      ean: rng.chance(NO_BARCODE_SHARE) ? null : ean13For(this.eanOffset + variationIndex),
      weightGrams: draft.baseWeight + sizeBump * 50,
      price,
      specialPrice: draft.specialDiscount === null ? null : specialPriceOf(price, draft.specialDiscount),
      purchasePrice: round2(netOf(price, item.taxPercent) * 0.45),
      taxPercent: item.taxPercent,
      active: !rng.chance(INACTIVE_SHARE),
      categoryIndexes: item.categoryIndexes,
      createdAt: Math.min(item.createdAt, updatedAt),
      updatedAt,
    };
  }

  /** Builds (or reuses: iteration visits an item's variations in a row) the draft of an item. */
  private draft(span: ItemSpan): ItemDraft {
    if (this.cached?.item.index === span.itemIndex) return this.cached;
    const rng = Rng.for(this.seed, 'item', span.itemIndex);
    const noun = rng.pick(PRODUCT_NOUNS);
    const material = rng.pick(MATERIALS);
    const line = rng.pick(PRODUCT_LINES);
    const type = span.variationCount > 1 ? 'configurable' : 'simple';
    let configurableAttributes: AttributeCode[] = [];
    if (type === 'configurable') {
      const r = rng.next();
      configurableAttributes = !noun.sized ? ['color'] : r < 0.5 ? ['color', 'size'] : r < 0.75 ? ['color'] : ['size'];
    }
    const sku = type === 'configurable' ? configurableSku(span.itemIndex) : variationSku(span.firstVariationIndex);
    const first = rng.int(0, DESCRIPTION_SENTENCES.length - 1);
    const second = (first + rng.int(1, DESCRIPTION_SENTENCES.length - 1)) % DESCRIPTION_SENTENCES.length;
    const texts = Object.fromEntries(
      LANGUAGES.map((lang) => [
        lang,
        itemTexts(lang, productName(lang, line, noun.name, material), sku, [
          DESCRIPTION_SENTENCES[first] as Translated,
          DESCRIPTION_SENTENCES[second] as Translated,
        ]),
      ]),
    ) as Record<Language, ItemTexts>;
    const leaves = this.categories.leafCount;
    const mainLeaf = rng.int(0, leaves - 1);
    const categoryIndexes = [this.categories.leafIndex(mainLeaf)];
    if (leaves > 1 && rng.chance(0.3)) {
      categoryIndexes.push(this.categories.leafIndex((mainLeaf + rng.int(1, leaves - 1)) % leaves));
    }
    const updatedAt = this.epoch - rng.int(0, HISTORY_WINDOW_MS / 1000) * 1000;
    const item: Item = {
      index: span.itemIndex,
      itemId: itemIdOf(span.itemIndex),
      type,
      sku,
      firstVariationIndex: span.firstVariationIndex,
      variationCount: span.variationCount,
      configurableAttributes,
      texts,
      categoryIndexes,
      manufacturer: rng.pick(MANUFACTURERS),
      taxPercent: rng.chance(0.1) ? 7 : 19,
      createdAt: updatedAt - rng.int(0, YEAR_MS / 1000) * 1000,
      updatedAt,
    };
    const basePrice = round2(rng.int(4, 299) + rng.pick(PRICE_ENDINGS));
    const specialDiscount = rng.chance(SPECIAL_PRICE_SHARE) ? rng.pick([0.1, 0.2, 0.3]) : null;
    const baseWeight = rng.int(50, 2500);
    const children =
      type === 'configurable'
        ? childAttributes(Rng.for(this.seed, 'children', span.itemIndex), configurableAttributes, span.variationCount)
        : [];
    this.cached = { item, basePrice, specialDiscount, baseWeight, children };
    return this.cached;
  }
}

/** A discounted price ending in .99 where that stays below the price, else the plain discount. */
function specialPriceOf(price: number, discount: number): number {
  const charm = round2(Math.floor(price * (1 - discount)) + 0.99);
  return charm < price ? charm : round2(price * (1 - discount));
}

function productName(lang: Language, line: string, noun: Translated, material: Translated): string {
  switch (lang) {
    case 'de':
      return `${line} ${noun.de} aus ${material.de}`;
    case 'en':
      return `${line} ${material.en.charAt(0).toUpperCase()}${material.en.slice(1)} ${noun.en}`;
    case 'fr':
      return `${noun.fr} ${line} en ${material.fr}`;
  }
}

function itemTexts(lang: Language, name: string, sku: string, sentences: readonly Translated[]): ItemTexts {
  const [a, b] = sentences as [Translated, Translated];
  return {
    name,
    shortDescription: a[lang],
    description: `<p>${escapeHtml(a[lang])} ${escapeHtml(b[lang])}</p><p>${escapeHtml(name)}</p>`,
    // Names repeat across items; Magento needs unique URL keys, so the SKU is part of the key.
    urlKey: `${slugOf(name)}-${sku.toLowerCase()}`,
    metaTitle: name,
  };
}

/** Names come from a small vocabulary, so their slugs are computed once (bounded cache). */
const slugs = new Map<string, string>();
function slugOf(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = asciiSlug(name);
    if (slugs.size < 20_000) slugs.set(name, slug);
  }
  return slug;
}

function escapeHtml(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function valueOf(def: AttributeDef, position: number): VariationAttributeValue {
  const v = def.values[position] as AttributeDef['values'][number];
  return { attribute: def.code, attributeId: def.attributeId, valueId: v.valueId, code: v.code, labels: v.labels };
}

/** Distinct attribute combinations for `count` children, sorted like a shop lists them. */
function childAttributes(rng: Rng, attributes: readonly AttributeCode[], count: number): VariationAttributeValue[][] {
  const defs = attributes.map((code) => (code === 'color' ? COLOR : SIZE));
  const sizes = defs.map((d) => d.values.length);
  const combos = sizes.reduce((a, b) => a * b, 1);
  return rng
    .sample(combos, count)
    .sort((x, y) => x - y)
    .map((combo) => {
      let rest = combo;
      const positions: number[] = [];
      for (let d = defs.length - 1; d >= 0; d--) {
        const n = sizes[d] as number;
        positions[d] = rest % n;
        rest = Math.floor(rest / n);
      }
      return defs.map((def, d) => valueOf(def, positions[d] as number));
    });
}
