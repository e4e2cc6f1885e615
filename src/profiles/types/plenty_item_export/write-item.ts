/**
 * Writes one item record to PlentyONE, aspect by aspect, skipping every aspect whose hash matches what
 * was last written. It starts from the state the batch gives it (the links, or what PlentyONE holds
 * when the links cannot be trusted, see write-batch.ts). Before an item or variation is created, its
 * number (SKU) is looked up (`numberExact`): a variation PlentyONE already has is adopted, so no create
 * is spent on a known SKU. Prices and category links are not written here: they are collected for the
 * batch's bulk writes.
 */
import type { PlentyClient, VariationBody } from '../../../connectors/plenty/index.js';
import { PermanentApiError } from '../../../connectors/errors.js';
import { queueRow, type BulkWrites } from './bulk-writes.js';
import type { ItemExportConfig } from './config.js';
import { writeImages } from './images.js';
import { NO_MARKET_NUMBERS, NO_PROPERTIES, itemHashes, variationHashes } from './hashes.js';
import { writeProperties } from './properties.js';
import { writeMarketNumbers } from './market-numbers.js';
import type { ItemState, VariationState } from './link-state.js';
import { findVariation, readPlentyState, type StartState } from './plenty-state.js';
import type { ItemRecord, VariationRecord } from './record.js';

/** A removal of something PlentyONE no longer has is done already. */
export function ignoreMissing(error: unknown): void {
  if (!(error instanceof PermanentApiError && error.status === 404)) throw error;
}

/** This record cannot be written as it stands (the reason says what to do); the batch goes on. */
export class RecordRefused extends Error {
  override name = 'RecordRefused';
}

export interface ItemWrite {
  created: boolean;
  /** Aspects written (e.g. "texts", "prices"). */
  written: string[];
  item: ItemState;
  variations: VariationState[];
}

export interface WriteDeps {
  plenty: PlentyClient;
  plentyIds: number[];
  media: ItemExportConfig['media'];
  /** What is removed in PlentyONE when Magento no longer has it (deletions.categories / .barcodes). */
  removals: { categories: boolean; barcodes: number[] };
  /** Type and country of each mapped market number. */
  marketNumbers: readonly { type: string; countryId: number }[];
  /** Mapped PlentyONE property ids, and whether an emptied value's relation is deleted (deletions.properties). */
  properties?: { mapped: readonly number[]; removeEmptied: boolean };
  signal: AbortSignal;
}

function createBody(v: VariationRecord, plentyIds: number[]): VariationBody {
  return {
    ...v.base,
    variationAttributeValues: v.attributeValues.length ? v.attributeValues : undefined,
    variationClients: plentyIds.map((plentyId) => ({ plentyId })),
    unit: [{ unitId: 1, content: 1 }],
  };
}

/** Whether PlentyONE already holds everything the record says, as far as the start state knows. */
export function upToDate(record: ItemRecord, start: StartState): boolean {
  if (!start.item) return false;
  const item = itemHashes(record);
  if (!record.variationsOnly && (start.item.hashes.texts !== item.texts || start.item.hashes.images !== item.images)) return false;
  return record.variations.every((v) => {
    const s = start.variations.get(v.sku);
    if (!s) return false;
    const wanted = variationHashes(v);
    return s.hashes.base === wanted.base && s.hashes.prices === wanted.prices
      && s.hashes.barcodes === wanted.barcodes && s.hashes.categories === wanted.categories
      && (s.hashes.marketNumbers ?? NO_MARKET_NUMBERS) === wanted.marketNumbers
      && (s.hashes.properties ?? NO_PROPERTIES) === wanted.properties;
  });
}

async function createItem(record: ItemRecord, deps: WriteDeps): Promise<{ start: StartState; created: boolean }> {
  const { plenty, signal } = deps;
  const known = await readPlentyState(plenty, record, undefined, signal);
  if (known.item) return { start: known, created: false };
  const first = record.variations[0]!;
  const answer = await plenty.items.create({ variations: [createBody(first, deps.plentyIds)] }, signal);
  const main = answer.mainVariationId ?? (await plenty.items.variationsOf(answer.id, signal))[0]?.id;
  if (main === undefined || main === null) throw new Error(`PlentyONE created item ${answer.id} for ${record.sku} but named no variation of it.`);
  const item: ItemState = { sku: record.sku, itemId: answer.id, mainVariationId: main, hashes: {}, langs: [], images: [] };
  const v: VariationState = {
    sku: first.sku, itemSku: record.sku, itemId: answer.id, variationId: main, hashes: { base: variationHashes(first).base }, priceIds: [], barcodeIds: [], categoryIds: [],
  };
  return { start: { item, variations: new Map([[first.sku, v]]) }, created: true };
}

async function createVariation(record: ItemRecord, v: VariationRecord, item: ItemState, deps: WriteDeps): Promise<VariationState> {
  const found = await findVariation(deps.plenty, v, record.sku, deps.signal);
  if (found) {
    if (found.itemId !== item.itemId) {
      throw new RecordRefused(`variation ${v.sku} exists in PlentyONE under item ${found.itemId}, not under item ${item.itemId} of ${record.sku}; move or renumber it in PlentyONE.`);
    }
    return found;
  }
  const answer = await deps.plenty.items.createVariation(item.itemId, createBody(v, deps.plentyIds), deps.signal);
  return {
    sku: v.sku, itemSku: record.sku, itemId: item.itemId, variationId: answer.id, hashes: { base: variationHashes(v).base }, priceIds: [], barcodeIds: [], categoryIds: [],
  };
}

/** The variation's own aspects: base fields and barcodes now, prices and category links in the batch's bulk writes. */
async function writeVariation(v: VariationRecord, variation: VariationState, deps: WriteDeps, bulk: BulkWrites, written: Set<string>): Promise<void> {
  const { plenty, signal } = deps;
  const ids = { item: variation.itemId, variation: variation.variationId };
  const wanted = variationHashes(v);

  if (variation.hashes.base !== wanted.base) {
    // Attribute values travel with the base fields: a child's changed option changes its variation's value.
    await plenty.items.updateVariation(ids.item, ids.variation, { ...v.base, ...(v.attributeValues.length ? { variationAttributeValues: v.attributeValues } : {}) }, signal);
    variation.hashes.base = wanted.base;
    written.add('base');
  }

  if (variation.hashes.prices !== wanted.prices) {
    const rows = v.prices.map((p) => {
      const row = { variationId: variation.variationId, ...p };
      queueRow(bulk, variation.priceIds.includes(p.salesPriceId) ? bulk.updatePrices : bulk.createPrices, row, v.sku, 'prices');
      return row;
    });
    bulk.after.push((refused) => {
      const sent = rows.filter((r) => !refused.has(r));
      variation.priceIds = [...new Set([...variation.priceIds, ...sent.map((r) => r.salesPriceId)])];
      if (sent.length === rows.length) variation.hashes.prices = wanted.prices;
    });
    written.add('prices');
  }

  if (variation.hashes.categories !== wanted.categories) {
    if (deps.removals.categories) {
      for (const categoryId of variation.categoryIds.filter((id) => !v.categoryIds.includes(id))) {
        await plenty.items.unlinkCategory(ids.item, ids.variation, categoryId, signal).catch(ignoreMissing);
        variation.categoryIds = variation.categoryIds.filter((id) => id !== categoryId);
      }
    }
    const rows = v.categoryIds.flatMap((categoryId, position) => {
      if (variation.categoryIds.includes(categoryId)) return [];
      const row = { variationId: variation.variationId, categoryId, position };
      queueRow(bulk, bulk.categoryLinks, row, v.sku, 'categories');
      return [row];
    });
    bulk.after.push((refused) => {
      const sent = rows.filter((r) => !refused.has(r));
      variation.categoryIds = [...new Set([...variation.categoryIds, ...sent.map((r) => r.categoryId)])];
      if (sent.length === rows.length) variation.hashes.categories = wanted.categories;
    });
    written.add('categories');
  }

  if ((variation.hashes.marketNumbers ?? NO_MARKET_NUMBERS) !== wanted.marketNumbers) {
    await writeMarketNumbers(v, variation, deps.marketNumbers, plenty, signal);
    variation.hashes.marketNumbers = wanted.marketNumbers;
    written.add('marketNumbers');
  }

  if ((variation.hashes.properties ?? NO_PROPERTIES) !== wanted.properties) {
    await writeProperties(v.properties ?? [], variation, deps.properties ?? { mapped: [], removeEmptied: false }, plenty, signal);
    variation.hashes.properties = wanted.properties;
    written.add('properties');
  }

  if (variation.hashes.barcodes !== wanted.barcodes) {
    for (const barcodeId of variation.barcodeIds.filter((id) => deps.removals.barcodes.includes(id) && !v.barcodes.some((b) => b.barcodeId === id))) {
      await plenty.items.deleteBarcode(ids.item, ids.variation, barcodeId, signal).catch(ignoreMissing);
      variation.barcodeIds = variation.barcodeIds.filter((id) => id !== barcodeId);
    }
    for (const b of v.barcodes) {
      if (variation.barcodeIds.includes(b.barcodeId)) await plenty.items.updateBarcode(ids.item, ids.variation, b, signal);
      else await plenty.items.createBarcode(ids.item, ids.variation, b, signal);
      variation.barcodeIds = [...new Set([...variation.barcodeIds, b.barcodeId])];
    }
    variation.hashes.barcodes = wanted.barcodes;
    written.add('barcodes');
  }
}

async function writeTexts(record: ItemRecord, item: ItemState, deps: WriteDeps, written: Set<string>): Promise<void> {
  const wanted = itemHashes(record).texts;
  if (item.hashes.texts === wanted) return;
  for (const [lang, body] of Object.entries(record.texts)) {
    if (item.langs.includes(lang)) await deps.plenty.items.updateText(item.itemId, item.mainVariationId, lang, body, deps.signal);
    else await deps.plenty.items.createText(item.itemId, item.mainVariationId, lang, body, deps.signal);
    if (!item.langs.includes(lang)) item.langs.push(lang);
  }
  item.hashes.texts = wanted;
  written.add('texts');
}

/**
 * Once the item exists, its texts, its images and its variations (created one after the other, each
 * written as soon as it exists) are written side by side. Every write of the record has ended before
 * this returns or throws, so a refused record leaves nothing in flight.
 */
export async function writeItem(record: ItemRecord, start: StartState, deps: WriteDeps, bulk: BulkWrites): Promise<ItemWrite> {
  const written = new Set<string>();
  let created = false;
  let state = start;
  if (!state.item) ({ start: state, created } = await createItem(record, deps));
  const itemState = state.item!;
  const states = new Map(state.variations);

  const variationWrites: Promise<void>[] = [];
  const creates = (async () => {
    for (const v of record.variations) {
      let s = states.get(v.sku);
      if (!s) {
        s = await createVariation(record, v, itemState, deps);
        states.set(v.sku, s);
        if (!created) written.add('variations');
      }
      variationWrites.push(writeVariation(v, s, deps, bulk, written));
    }
  })();
  const itemWrites = record.variationsOnly ? [] : [writeTexts(record, itemState, deps, written), writeImages(record, itemState, deps, written)];
  const outcomes = await Promise.allSettled([creates, ...itemWrites]);
  outcomes.push(...(await Promise.allSettled(variationWrites)));
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;

  return { created, written: [...written], item: itemState, variations: [...states.values()] };
}
