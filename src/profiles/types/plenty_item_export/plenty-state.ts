/**
 * What PlentyONE already holds of an item, read when the link table cannot be trusted for it: an
 * earlier attempt died between its writes and saving the links, or the SKU was in PlentyONE before
 * plentygate (its create was refused as a taken variation number). Aspects that already match the
 * record get the record's hash, so only what differs is written again.
 */
import { z } from 'zod';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { variationSchema } from '../../../connectors/plenty/schemas/variations.js';
import { envelopeOf } from '../../../connectors/plenty/schemas/common.js';
import { itemHashes, variationHashes } from './hashes.js';
import { matchImages } from './images.js';
import type { ItemState, VariationState } from './link-state.js';
import type { ItemRecord, VariationRecord } from './record.js';

/** Where an item's write starts: its state (from the links or from PlentyONE), if it exists. */
export interface StartState {
  item: ItemState | undefined;
  variations: Map<string, VariationState>;
}

const RELATIONS = 'variationSalesPrices,variationBarcodes,variationCategories,variationAttributeValues';

const plentyVariationSchema = variationSchema.extend({
  variationCategories: z.array(z.looseObject({ categoryId: z.coerce.number() })).optional(),
  variationAttributeValues: z.array(z.looseObject({ attributeId: z.coerce.number(), valueId: z.coerce.number() })).optional(),
});
type PlentyVariation = z.output<typeof plentyVariationSchema>;
const textSchema = z.looseObject({ lang: z.string() });

const same = (a: unknown, b: unknown) => a === b || (a !== undefined && a !== null && b !== undefined && b !== null && String(a) === String(b));

/** A variation's state as PlentyONE has it, with the hash of each aspect that already equals the record. */
function variationStateFrom(found: PlentyVariation, v: VariationRecord, itemSku: string): VariationState {
  const wanted = variationHashes(v);
  const prices = found.variationSalesPrices ?? [];
  const barcodes = found.variationBarcodes ?? [];
  const categoryIds = (found.variationCategories ?? []).map((c) => c.categoryId);
  const attributes = found.variationAttributeValues ?? [];
  const hashes: Record<string, string> = {};
  const record = found as Record<string, unknown>;
  if (Object.entries(v.base).every(([field, value]) => same(record[field], value))
    && v.attributeValues.every((a) => attributes.some((x) => x.attributeId === a.attributeId && x.valueId === a.valueId))) {
    hashes.base = wanted.base;
  }
  if (v.prices.every((p) => prices.some((x) => x.salesPriceId === p.salesPriceId && x.price === p.price))) hashes.prices = wanted.prices;
  if (v.barcodes.every((b) => barcodes.some((x) => x.barcodeId === b.barcodeId && x.code === b.code))) hashes.barcodes = wanted.barcodes;
  if (v.categoryIds.every((id) => categoryIds.includes(id))) hashes.categories = wanted.categories;
  return {
    sku: v.sku, itemSku, itemId: found.itemId, variationId: found.id, hashes,
    priceIds: prices.map((p) => p.salesPriceId), barcodeIds: barcodes.map((b) => b.barcodeId), categoryIds,
  };
}

async function variationsWhere(plenty: PlentyClient, query: Record<string, string | number>, signal: AbortSignal): Promise<PlentyVariation[]> {
  const answer = await plenty.request('GET', '/rest/items/variations', {
    query: { ...query, with: RELATIONS, itemsPerPage: 250 }, schema: envelopeOf(plentyVariationSchema), signal,
  });
  return answer.entries;
}

/** The variation with this number (SKU), as a state for the record's variation; undefined when PlentyONE has none. */
export async function findVariation(plenty: PlentyClient, v: VariationRecord, itemSku: string, signal: AbortSignal): Promise<VariationState | undefined> {
  const found = (await variationsWhere(plenty, { numberExact: v.sku }, signal)).find((x) => x.number === v.sku);
  return found && variationStateFrom(found, v, itemSku);
}

/**
 * The item and the record's variations as PlentyONE holds them: by the linked item id, or else by the
 * variation number of the record's first variation. Nothing found: the item was never created.
 */
export async function readPlentyState(plenty: PlentyClient, record: ItemRecord, itemId: number | undefined, signal: AbortSignal): Promise<StartState> {
  let id = itemId;
  if (id === undefined) {
    const first = record.variations[0]!;
    id = (await variationsWhere(plenty, { numberExact: first.sku }, signal)).find((x) => x.number === first.sku)?.itemId;
    if (id === undefined) return { item: undefined, variations: new Map() };
  }
  const found = await variationsWhere(plenty, { itemId: id }, signal);
  const bySku = new Map(found.map((x) => [x.number, x]));
  const variations = new Map<string, VariationState>();
  for (const v of record.variations) {
    const x = bySku.get(v.sku);
    if (x) variations.set(v.sku, variationStateFrom(x, v, record.sku));
  }
  const main = found.find((x) => x.isMain) ?? found[0];
  if (!main) return { item: undefined, variations };

  const path = { id, variationId: main.id };
  const [texts, images] = await Promise.all([
    plenty.request('GET', '/rest/items/{id}/variations/{variationId}/descriptions', { path, schema: z.array(textSchema), signal }),
    matchImages(plenty, id, record.images, signal),
  ]);
  const wanted = itemHashes(record);
  const hashes: Record<string, string> = {};
  const textsMatch = Object.entries(record.texts).every(([lang, body]) => {
    const text = texts.find((t) => t.lang === lang) as Record<string, unknown> | undefined;
    return text !== undefined && Object.entries(body).every(([field, value]) => same(text[field], value));
  });
  if (textsMatch) hashes.texts = wanted.texts;
  if (images.length === record.images.length) hashes.images = wanted.images;
  return {
    item: { sku: record.sku, itemId: id, mainVariationId: main.id, hashes, langs: texts.map((t) => t.lang), images },
    variations,
  };
}
