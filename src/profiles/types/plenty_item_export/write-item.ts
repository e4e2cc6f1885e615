/**
 * Writes one item record to PlentyONE, aspect by aspect, skipping every aspect whose hash matches what
 * was last written. Creates are recorded in the link table right after they succeed, so a retry finds
 * them instead of creating twice; before creating, the SKU is looked up by variation number.
 * Prices are not written here: they are collected for one bulk write per batch (see process.ts).
 */
import type { PlentyClient, PriceRow, VariationBody } from '../../../connectors/plenty/index.js';
import type { LinkStore } from '../../links.js';
import { hashOf } from './hashes.js';
import { itemLink, itemStateOf, variationLink, variationStateOf, type ItemState, type VariationState } from './link-state.js';
import { ITEM_ENTITY, VARIATION_ENTITY, type ItemRecord, type VariationRecord } from './record.js';

export interface PendingPrices {
  create: PriceRow[];
  update: PriceRow[];
  /** Applied to the variation's link state once the bulk write succeeded. */
  after: (() => void)[];
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
  links: LinkStore;
  plentyIds: number[];
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

const baseHash = (v: VariationRecord) => hashOf({ base: v.base, attributes: v.attributeValues });

export async function writeItem(record: ItemRecord, deps: WriteDeps, prices: PendingPrices): Promise<ItemWrite> {
  const { plenty, links, signal } = deps;
  const written = new Set<string>();
  let created = false;
  const existingVariations = await links.getMany(VARIATION_ENTITY, record.variations.map((v) => v.sku));
  const states = new Map<string, VariationState>([...existingVariations].map(([sku, l]) => [sku, variationStateOf(l)]));
  const itemLinkRow = await links.get(ITEM_ENTITY, record.sku);
  let item: ItemState | undefined = itemLinkRow ? itemStateOf(itemLinkRow) : undefined;
  const first = record.variations[0]!;

  if (!item) {
    // A variation of this item may already be in PlentyONE (an earlier run that died before linking, or
    // a catalog that started there): adopt it rather than create a duplicate.
    const found = [...states.values()][0] ?? (await adopt(first.sku));
    if (found) {
      item = { sku: record.sku, itemId: found.itemId, mainVariationId: found.variationId, hashes: {}, langs: [], images: [] };
    } else {
      const answer = await plenty.items.create({ variations: [createBody(first, deps.plentyIds)] }, signal);
      const main = answer.mainVariationId ?? (await plenty.items.variationsOf(answer.id, signal))[0]?.id;
      if (main === undefined || main === null) throw new Error(`PlentyONE created item ${answer.id} for ${record.sku} but named no variation of it.`);
      created = true;
      item = { sku: record.sku, itemId: answer.id, mainVariationId: main, hashes: {}, langs: [], images: [] };
      const v: VariationState = { sku: first.sku, itemSku: record.sku, itemId: answer.id, variationId: main, hashes: { base: baseHash(first) }, priceIds: [], barcodeIds: [], categoryIds: [] };
      states.set(first.sku, v);
      await links.upsertMany([itemLink(item), variationLink(v)]);
    }
    await links.upsert(itemLink(item));
  }
  const itemState = item;

  async function adopt(sku: string): Promise<VariationState | undefined> {
    const v = await plenty.variationByNumber(sku, signal);
    if (!v) return undefined;
    const state: VariationState = { sku, itemSku: record.sku, itemId: v.itemId, variationId: v.id, hashes: {}, priceIds: [], barcodeIds: [], categoryIds: [] };
    await links.upsert(variationLink(state));
    return state;
  }

  for (const v of record.variations) {
    let state = states.get(v.sku) ?? (await adopt(v.sku));
    if (!state) {
      const answer = await plenty.items.createVariation(itemState.itemId, createBody(v, deps.plentyIds), signal);
      state = { sku: v.sku, itemSku: record.sku, itemId: itemState.itemId, variationId: answer.id, hashes: { base: baseHash(v) }, priceIds: [], barcodeIds: [], categoryIds: [] };
      await links.upsert(variationLink(state));
      if (!created) written.add('variations');
    }
    states.set(v.sku, state);
    const s = state;
    const ids = { item: s.itemId, variation: s.variationId };

    const base = baseHash(v);
    if (s.hashes.base !== base) {
      await plenty.items.updateVariation(ids.item, ids.variation, v.base, signal);
      s.hashes.base = base;
      written.add('base');
    }

    const priceHash = hashOf(v.prices);
    if (s.hashes.prices !== priceHash) {
      for (const p of v.prices) {
        (s.priceIds.includes(p.salesPriceId) ? prices.update : prices.create).push({ variationId: s.variationId, ...p });
      }
      prices.after.push(() => {
        s.priceIds = [...new Set([...s.priceIds, ...v.prices.map((p) => p.salesPriceId)])];
        s.hashes.prices = priceHash;
      });
      written.add('prices');
    }

    const barcodeHash = hashOf(v.barcodes);
    if (s.hashes.barcodes !== barcodeHash) {
      for (const b of v.barcodes) {
        if (s.barcodeIds.includes(b.barcodeId)) await plenty.items.updateBarcode(ids.item, ids.variation, b, signal);
        else await plenty.items.createBarcode(ids.item, ids.variation, b, signal);
        s.barcodeIds = [...new Set([...s.barcodeIds, b.barcodeId])];
      }
      s.hashes.barcodes = barcodeHash;
      written.add('barcodes');
    }

    const categoryHash = hashOf(v.categoryIds);
    if (s.hashes.categories !== categoryHash) {
      for (const [position, categoryId] of v.categoryIds.entries()) {
        if (s.categoryIds.includes(categoryId)) continue;
        await plenty.items.linkCategory(ids.item, ids.variation, categoryId, position, signal);
        s.categoryIds.push(categoryId);
      }
      s.hashes.categories = categoryHash;
      written.add('categories');
    }
  }

  const textHash = hashOf(record.texts);
  if (itemState.hashes.texts !== textHash) {
    for (const [lang, body] of Object.entries(record.texts)) {
      if (itemState.langs.includes(lang)) await plenty.items.updateText(itemState.itemId, itemState.mainVariationId, lang, body, signal);
      else await plenty.items.createText(itemState.itemId, itemState.mainVariationId, lang, body, signal);
      if (!itemState.langs.includes(lang)) itemState.langs.push(lang);
    }
    itemState.hashes.texts = textHash;
    written.add('texts');
  }

  const imageHash = hashOf(record.images);
  if (itemState.hashes.images !== imageHash) {
    for (const [position, url] of record.images.entries()) {
      if (itemState.images.includes(url)) continue;
      const fileName = url.split('/').pop()?.replace(/\.[a-z0-9]+$/i, '').replace(/[^A-Za-z0-9_-]/g, '_');
      const fileType = /\.([a-z0-9]+)$/i.exec(url)?.[1]?.toLowerCase();
      await plenty.items.uploadImageByUrl(itemState.itemId, { uploadUrl: url, position, fileType, uploadFileName: fileName }, signal);
      itemState.images.push(url);
    }
    itemState.hashes.images = imageHash;
    written.add('images');
  }

  return { created, written: [...written], item: itemState, variations: [...states.values()] };
}
