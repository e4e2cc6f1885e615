/**
 * Magento product links (related, up-sell, cross-sell) → PlentyONE item cross-selling, per the
 * relationship configured for each link type (`crossSells`). PlentyONE links items, so a linked
 * product is found by its item link (a simple product or configurable) or its variation link (a
 * configurable's child: its item).
 *
 * What was written is kept in a link of its own per item (`cross_sells`: PlentyONE item id, the links
 * written by cross item id, the wanted links, the ones still waiting), so the item's other writes never
 * touch it and a second run writes nothing. An item whose links plentygate never wrote has PlentyONE's
 * list read once first, so a link it holds already is adopted, not created twice.
 *
 * A linked product that is not exported yet cannot be linked: the link waits (`cross_sell_wait`, keyed
 * by the linked SKU) and is written in the batch that exports that product, or on the item's next
 * export; the outcome says so. With `deletions.crossSells` a link plentygate wrote whose Magento link
 * is gone is deleted; PlentyONE's own links are never touched.
 */
import { z } from 'zod';
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoProduct } from '../../../connectors/magento/index.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { CrossSellingRelationship } from '../../../connectors/plenty/resources/cross-selling.js';
import type { LinkStore } from '../../links.js';
import type { Outcome } from '../../profile-type.js';
import type { ItemExportConfig } from './config.js';
import { hashOf } from './hashes.js';
import { ITEM_ENTITY, VARIATION_ENTITY, type ItemRecord } from './record.js';
import { ignoreMissing } from './write-item.js';

/** Per exported item: what plentygate wrote and wants (meta), PlentyONE item id. */
export const CROSS_SELLS_ENTITY = 'cross_sells';
/** Per linked SKU not exported yet: the item SKUs whose links wait for it. */
export const CROSS_SELL_WAIT_ENTITY = 'cross_sell_wait';

export interface WantedLink { sku: string; relationship: CrossSellingRelationship }

const productLinksSchema = z.array(z.looseObject({
  link_type: z.string(),
  linked_product_sku: z.string(),
  position: z.union([z.number(), z.string()]).nullish(),
})).catch([]);

/** Magento's link types in the order that wins when one product is linked under several (PlentyONE keeps one link per pair). */
const LINK_TYPES = ['crosssell', 'upsell', 'related'] as const;

/** The links a product's Magento links become, per the configured relationships; absent when none is configured. */
export function wantedLinks(product: MagentoProduct, config: ItemExportConfig['crossSells']): WantedLink[] | undefined {
  if (!LINK_TYPES.some((t) => config[t] !== undefined)) return undefined;
  const links = productLinksSchema.parse((product as { product_links?: unknown }).product_links ?? []);
  const out = new Map<string, WantedLink>();
  for (const type of LINK_TYPES) {
    const relationship = config[type];
    if (relationship === undefined) continue;
    const ofType = links.filter((l) => l.link_type === type).sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0));
    for (const l of ofType) if (l.linked_product_sku !== product.sku && !out.has(l.linked_product_sku)) out.set(l.linked_product_sku, { sku: l.linked_product_sku, relationship });
  }
  return [...out.values()];
}

interface CrossSellState {
  itemId: number;
  /** Cross item id → relationship, as plentygate wrote (or adopted) them; absent: never written. */
  written?: Record<string, string>;
  wanted: WantedLink[];
  pending: string[];
}

export interface CrossSellDeps { plenty: PlentyClient; links: LinkStore; removeDeleted: boolean; signal: AbortSignal }

/** What happened to one item's cross-selling. */
interface Result { wrote: boolean; pending: string[]; error?: string }

function stateOf(meta: Record<string, unknown> | null | undefined, itemId: number): CrossSellState {
  const m = meta ?? {};
  return {
    itemId,
    ...(m.written && typeof m.written === 'object' ? { written: { ...(m.written as Record<string, string>) } } : {}),
    wanted: Array.isArray(m.wanted) ? (m.wanted as WantedLink[]) : [],
    pending: Array.isArray(m.pending) ? (m.pending as string[]).map(String) : [],
  };
}

/** PlentyONE item ids of these SKUs, from the item links, else the variation links. */
async function itemIdsOf(skus: string[], links: LinkStore): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const [items, variations] = await Promise.all([links.getMany(ITEM_ENTITY, skus), links.getMany(VARIATION_ENTITY, skus)]);
  const out = new Map<string, number>();
  for (const sku of skus) {
    const id = items.get(sku)?.plentyId ?? variations.get(sku)?.meta?.itemId;
    if (id !== undefined && id !== null && id !== '' && Number.isFinite(Number(id))) out.set(sku, Number(id));
  }
  return out;
}

/** Brings one item's PlentyONE links in line with `state.wanted` (its targets resolved in `targets`). */
async function syncItem(state: CrossSellState, targets: Map<string, number>, deps: CrossSellDeps): Promise<Result> {
  const { plenty, signal } = deps;
  const desired = new Map<number, string>();
  const pending: string[] = [];
  for (const w of state.wanted) {
    const id = targets.get(w.sku);
    if (id === undefined) pending.push(w.sku);
    else if (id !== state.itemId && !desired.has(id)) desired.set(id, w.relationship);
  }
  let wrote = false;
  let written = state.written;
  if (written === undefined) {
    // Never written by plentygate: what PlentyONE holds already is adopted where it is wanted.
    written = {};
    if (desired.size > 0) {
      for (const l of await plenty.items.crossSelling.list(state.itemId, signal)) {
        if (desired.has(l.crossItemId)) written[String(l.crossItemId)] = l.relationship ?? '';
      }
    }
  }
  state.written = written;
  for (const [crossItemId, relationship] of desired) {
    const had = written[String(crossItemId)];
    if (had === relationship) continue;
    if (had === undefined) await plenty.items.crossSelling.create(state.itemId, crossItemId, relationship as CrossSellingRelationship, signal);
    else await plenty.items.crossSelling.update(state.itemId, crossItemId, relationship as CrossSellingRelationship, signal);
    written[String(crossItemId)] = relationship;
    wrote = true;
  }
  if (deps.removeDeleted) {
    for (const crossItemId of Object.keys(written).map(Number)) {
      if (desired.has(crossItemId)) continue;
      await plenty.items.crossSelling.delete(state.itemId, crossItemId, signal).catch(ignoreMissing);
      delete written[String(crossItemId)];
      wrote = true;
    }
  }
  state.pending = pending;
  return { wrote, pending };
}

/** What was synced: the wanted links, and whether links no longer wanted were removed (turning it on syncs again). */
const crossSellHash = (wanted: readonly WantedLink[], removeDeleted: boolean) => hashOf([wanted, removeDeleted]);

const linkOf = (sku: string, s: CrossSellState, removeDeleted: boolean) => ({
  entityType: CROSS_SELLS_ENTITY, magentoKey: sku, plentyId: String(s.itemId),
  aspectHashes: { crossSells: crossSellHash(s.wanted, removeDeleted) },
  meta: { written: s.written ?? {}, wanted: s.wanted, pending: s.pending },
});

/** Syncs these items; a refusal by PlentyONE fails only its item (its state is kept as far as it got). */
async function syncAll(entries: { sku: string; state: CrossSellState }[], deps: CrossSellDeps): Promise<Map<string, Result>> {
  const targets = await itemIdsOf([...new Set(entries.flatMap((e) => e.state.wanted.map((w) => w.sku)))], deps.links);
  const results = new Map<string, Result>();
  for (const { sku, state } of entries) {
    try {
      results.set(sku, await syncItem(state, targets, deps));
    } catch (error) {
      if (!(error instanceof PermanentApiError)) throw error;
      results.set(sku, { wrote: true, pending: [], error: error.message });
    }
  }
  const saved = entries.filter((e) => !results.get(e.sku)?.error);
  await deps.links.upsertMany(saved.map(({ sku, state }) => linkOf(sku, state, deps.removeDeleted)));
  // Waits: each pending SKU names the items waiting for it.
  const waiting = new Map<string, Set<string>>();
  for (const { sku, state } of saved) for (const target of state.pending) (waiting.get(target) ?? waiting.set(target, new Set()).get(target)!).add(sku);
  if (waiting.size > 0) {
    const known = await deps.links.getMany(CROSS_SELL_WAIT_ENTITY, [...waiting.keys()]);
    await deps.links.upsertMany([...waiting].map(([target, skus]) => {
      const before = (known.get(target)?.meta?.items as string[] | undefined) ?? [];
      return { entityType: CROSS_SELL_WAIT_ENTITY, magentoKey: target, plentyId: '', meta: { items: [...new Set([...before, ...skus])] } };
    }));
  }
  return results;
}

/**
 * After a batch: the cross-selling of its written (or unchanged) items, then the links other items kept
 * waiting for a product this batch exported. Outcomes are amended: an unchanged item whose links were
 * written is updated, a waiting link is noted, a refused one fails its item with PlentyONE's reason.
 */
export async function writeCrossSells(batch: { key: string; record: ItemRecord }[], outcomes: Outcome[], deps: CrossSellDeps): Promise<Outcome[]> {
  const candidates = batch.filter((b) => b.record.crossSells !== undefined && !b.record.variationsOnly);
  const skus = candidates.map((b) => b.record.sku);
  const [items, states] = await Promise.all([deps.links.getMany(ITEM_ENTITY, skus), deps.links.getMany(CROSS_SELLS_ENTITY, skus)]);
  const entries = candidates.flatMap(({ record }) => {
    const item = items.get(record.sku);
    if (!item) return []; // not exported (refused): its links are written with it
    const known = states.get(record.sku);
    const state = stateOf(known?.meta, Number(item.plentyId));
    const unchanged = known?.aspectHashes?.crossSells === crossSellHash(record.crossSells!, deps.removeDeleted) && state.pending.length === 0 && known.plentyId === item.plentyId;
    if (unchanged) return [];
    if (known?.plentyId !== item.plentyId) delete state.written; // a new item (the old one deleted): read again
    state.wanted = record.crossSells!;
    return [{ sku: record.sku, state }];
  });
  const results = await syncAll(entries, deps);

  // Items waiting for a product of this batch (its item, or a child's variation).
  const exported = batch.flatMap((b) => [b.record.sku, ...b.record.variations.map((v) => v.sku)]);
  const waits = await deps.links.getMany(CROSS_SELL_WAIT_ENTITY, [...new Set(exported)]);
  const waitingSkus = [...new Set([...waits.values()].flatMap((w) => (w.meta?.items as string[] | undefined) ?? []))].filter((sku) => !results.has(sku));
  // Cleared first: a link that still cannot be written (its product was refused) waits again.
  for (const key of waits.keys()) await deps.links.remove(CROSS_SELL_WAIT_ENTITY, key);
  if (waitingSkus.length) {
    const waiting = await deps.links.getMany(CROSS_SELLS_ENTITY, waitingSkus);
    await syncAll([...waiting].map(([sku, l]) => ({ sku, state: stateOf(l.meta, Number(l.plentyId)) })), deps);
  }

  const keyOf = new Map(candidates.map((b) => [b.key, b.record.sku]));
  return outcomes.map((o) => {
    const r = results.get(keyOf.get(o.key) ?? '');
    if (!r || o.result === 'failed') return o;
    if (r.error) return { key: o.key, result: 'failed', reason: `PlentyONE refused a cross-selling link of ${keyOf.get(o.key)}: ${r.error}` };
    const note = r.pending.length ? `Cross-selling to ${r.pending.join(', ')} waits until ${r.pending.length === 1 ? 'that product is' : 'those products are'} exported (not exported yet).` : undefined;
    if (o.result === 'skipped') {
      if (r.wrote) return { key: o.key, result: 'updated', ...(note ? { note } : {}) };
      return note ? { ...o, reason: `${o.reason} ${note}` } : o;
    }
    return note ? { ...o, note: o.note ? `${o.note} ${note}` : note } : o;
  });
}
