/** Items, variations (legacy `/rest/items/...` and PIM `/rest/pim/variations`) and their lookups. */
import { parseRange, inRange } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import { envelope, pageRange, pageRequest } from '../paging.js';
import { renderItem, renderPimVariation, renderVariation } from '../render.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { VariationState } from '../stores/catalog-records.js';
import type { ItemStore, VariationFilter } from '../stores/items.js';
import type { PropertyRelationStore } from '../stores/property-relations.js';
import type { StockStore } from '../stores/stock.js';
import type { ChangeSink } from '../changes.js';
import { attributeRoutes } from './attributes.js';
import { imageNameRoutes } from './image-names.js';
import { imageStorageRoutes } from './image-storage.js';
import { routeVariation } from './route-variation.js';

const truthy = (v: string | undefined) => (v === undefined ? undefined : v === 'true' || v === '1');
const ints = (values: string[]) => values.map(Number).filter(Number.isInteger);

/** Page through a set of variation ids given explicitly (id/itemId/number lookups). */
function pageOfIds(ctx: RestCtx, ids: number[], render: (id: number) => unknown, max?: number) {
  const req = pageRequest(ctx.query, max);
  const { start, end } = pageRange(req, ids.length);
  return envelope(req, ids.length, ids.slice(start, end).map(render));
}

function pageOfMatch(ctx: RestCtx, m: { count: number; idAt: (n: number) => number }, render: (id: number) => unknown, max?: number) {
  const req = pageRequest(ctx.query, max);
  const { start, end } = pageRange(req, m.count);
  const entries: unknown[] = [];
  for (let n = start; n < end; n++) entries.push(render(m.idAt(n)));
  return envelope(req, m.count, entries);
}

/** A variation as POSTed: PlentyONE names the attribute values `variationAttributeValues`. */
type VariationInput = Partial<VariationState> & { variationAttributeValues?: Array<{ attributeId?: number; valueId?: number }> };

function variationInput(v: VariationInput): Partial<VariationState> {
  const { variationAttributeValues, ...rest } = v;
  return {
    ...rest,
    number: v.number === undefined ? undefined : String(v.number),
    attributeValues: v.attributeValues ?? variationAttributeValues?.map((a) => ({ attributeId: Number(a.attributeId), valueId: Number(a.valueId) })),
  };
}

/** Combine filters into one predicate (undefined when there are none, which enables O(1) paging). */
function allOf(filters: VariationFilter[]): VariationFilter | undefined {
  if (filters.length === 0) return undefined;
  return (v) => filters.every((f) => f(v));
}

/**
 * The PIM search's filters on clients, referrers (markets), item type, manufacturer and item flags,
 * as the OpenAPI documents them: `clientId`/`anyClientId`/`allClientIds` (plentyIds),
 * `marketId`/`anyMarketId`/`allMarketIds` (referrer ids, decimals such as 4.01), `itemType`,
 * `manufacturerId`/`anyManufacturerId`, `flag1`/`flag2`.
 */
function pimCatalogFilters(ctx: RestCtx, items: ItemStore, plentyId: number): VariationFilter[] {
  const out: VariationFilter[] = [];
  const nums = (name: string) => ctx.list(name).map(Number).filter(Number.isFinite);
  const clients = (v: VariationState) => v.clients ?? [plentyId];
  const markets = (v: VariationState) => v.markets ?? [];
  const anyOf = (values: number[], have: (v: VariationState) => number[]) => (v: VariationState) => have(v).some((x) => values.includes(x));
  const allOf = (values: number[], have: (v: VariationState) => number[]) => (v: VariationState) => values.every((x) => have(v).includes(x));
  for (const [one, any, all, have] of [['clientId', 'anyClientId', 'allClientIds', clients], ['marketId', 'anyMarketId', 'allMarketIds', markets]] as const) {
    const single = nums(one);
    if (single.length) out.push(anyOf(single, have));
    const some = nums(any);
    if (some.length) out.push(anyOf(some, have));
    const every = nums(all);
    if (every.length) out.push(allOf(every, have));
  }
  const item = (v: VariationState) => items.item(v.itemId);
  const itemType = ctx.query('itemType');
  if (itemType) out.push((v) => item(v)?.itemType === itemType);
  const manufacturers = [...nums('manufacturerId'), ...nums('anyManufacturerId')];
  if (manufacturers.length) out.push((v) => manufacturers.includes(item(v)?.manufacturerId ?? -1));
  for (const [param, field] of [['flag1', 'flagOne'], ['flag2', 'flagTwo']] as const) {
    const value = ctx.query(param);
    if (value !== undefined && value !== '') out.push((v) => (item(v)?.[field] ?? 0) === Number(value));
  }
  return out;
}

export function itemRoutes(r: RestRouter, items: ItemStore, stock: StockStore, changed: ChangeSink, plentyId = 1000, properties?: PropertyRelationStore): void {
  // What an item import reads besides items and variations: attribute names, image files.
  attributeRoutes(r);
  imageStorageRoutes(r, items);
  imageNameRoutes(r, items);
  const variationOr404 = (ctx: RestCtx): VariationState => routeVariation(items, ctx, 'itemId');

  // ---- items ---------------------------------------------------------------------------------
  r.get('/rest/items', (ctx) => {
    const ids = ints(ctx.list('id'));
    if (ids.length > 0) return pageOfIds(ctx, ids.filter((id) => items.item(id)), (id) => renderItem(items.item(id)!));
    const updated = parseRange(ctx.query('updatedBetween'));
    const varUpdated = parseRange(ctx.query('variationUpdatedBetween'));
    const filters: Array<(it: import('../stores/catalog-records.js').ItemState) => boolean> = [];
    if (updated) filters.push((it) => inRange(it.updatedAtMs, updated));
    if (varUpdated) filters.push((it) => it.variationIds.some((vid) => { const v = items.variation(vid); return v !== undefined && inRange(v.updatedAtMs, varUpdated); }));
    const key = `${ctx.query('updatedBetween') ?? ''}|${ctx.query('variationUpdatedBetween') ?? ''}`;
    const m = items.matchItems(key, filters.length ? (it) => filters.every((f) => f(it)) : undefined);
    return pageOfMatch(ctx, m, (id) => renderItem(items.item(id)!));
  });

  r.post('/rest/items', async (ctx) => {
    const body = await ctx.body<{ manufacturerId?: number; variations?: Array<VariationInput> }>();
    const val = new Validator();
    if (!Array.isArray(body.variations) || body.variations.length === 0) val.add('variations', 'The variations field is required.');
    body.variations?.forEach((v, i) => {
      if (v.number && items.variationByNumber(String(v.number))) val.add(`variations.${i}.number`, 'The variations.' + i + '.number has already been taken.');
    });
    val.throwIfAny();
    const it = items.createItem({ manufacturerId: body.manufacturerId });
    for (const v of body.variations ?? []) items.createVariation(it.id, variationInput(v));
    changed({ entity: 'item', action: 'created', ids: [it.id] });
    return renderItem(items.item(it.id)!);
  });

  r.get('/rest/items/{itemId}', (ctx) => {
    const it = items.item(ctx.id('itemId'));
    if (!it) throw notFound('Item');
    return renderItem(it);
  });

  r.put('/rest/items/{itemId}', async (ctx) => {
    const current = items.item(ctx.id('itemId'));
    if (!current) throw notFound('Item');
    const body = await ctx.body<{ manufacturerId?: number }>();
    const it = items.copyItem(current);
    if (body.manufacturerId !== undefined) it.manufacturerId = Number(body.manufacturerId);
    items.saveItem(it);
    changed({ entity: 'item', action: 'updated', ids: [it.id] });
    return renderItem(it);
  });

  r.delete('/rest/items/{itemId}', (ctx) => {
    const id = ctx.id('itemId');
    if (!items.deleteItem(id)) throw notFound('Item');
    changed({ entity: 'item', action: 'deleted', ids: [id] });
    return { success: true };
  });

  // ---- variations of an item -----------------------------------------------------------------
  r.get('/rest/items/{itemId}/variations', (ctx) => {
    const it = items.item(ctx.id('itemId'));
    if (!it) throw notFound('Item');
    const withs = new Set(ctx.list('with'));
    const ids = it.variationIds.filter((id) => items.variation(id));
    return pageOfIds(ctx, ids, (id) => renderVariation(items.variation(id)!, withs, ctx.query('lang'), it));
  });

  r.post('/rest/items/{itemId}/variations', async (ctx) => {
    const it = items.item(ctx.id('itemId'));
    if (!it) throw notFound('Item');
    const body = await ctx.body<VariationInput>();
    const val = new Validator();
    if (body.number && items.variationByNumber(String(body.number))) val.add('number', 'The number has already been taken.');
    val.throwIfAny();
    const v = items.createVariation(it.id, variationInput(body));
    changed({ entity: 'variation', action: 'created', ids: [v.id], itemIds: [it.id] });
    return renderVariation(v, new Set(), undefined);
  });

  r.get('/rest/items/{itemId}/variations/{variationId}', (ctx) => {
    const v = variationOr404(ctx);
    return renderVariation(v, new Set(ctx.list('with')), ctx.query('lang'), items.item(v.itemId));
  });

  r.put('/rest/items/{itemId}/variations/{variationId}', async (ctx) => {
    const v = items.copyVariation(variationOr404(ctx));
    const body = await ctx.body<VariationInput>();
    const val = new Validator();
    if (body.number !== undefined && String(body.number) !== v.number && items.variationByNumber(String(body.number))) val.add('number', 'The number has already been taken.');
    val.numeric('purchasePrice', body.purchasePrice);
    val.throwIfAny();
    if (body.number !== undefined) v.number = String(body.number);
    if (body.model !== undefined) v.model = String(body.model);
    if (body.externalId !== undefined) v.externalId = String(body.externalId);
    if (body.isActive !== undefined) v.isActive = Boolean(body.isActive);
    if (body.purchasePrice !== undefined) v.purchasePrice = Number(body.purchasePrice);
    if (body.weightG !== undefined) v.weightG = Number(body.weightG);
    // The attribute values sent replace those of the same attributes (AttributeValueSet in the OpenAPI).
    for (const a of body.variationAttributeValues ?? []) {
      const row = { attributeId: Number(a.attributeId), valueId: Number(a.valueId) };
      v.attributeValues = [...v.attributeValues.filter((x) => x.attributeId !== row.attributeId), row];
    }
    items.saveVariation(v);
    changed({ entity: 'variation', action: 'updated', ids: [v.id], itemIds: [v.itemId] });
    return renderVariation(v, new Set(), undefined);
  });

  r.delete('/rest/items/{itemId}/variations/{variationId}', (ctx) => {
    const v = variationOr404(ctx);
    items.deleteVariation(v.id);
    changed({ entity: 'variation', action: 'deleted', ids: [v.id], itemIds: [v.itemId] });
    return { success: true };
  });

  // ---- variation search (legacy) -------------------------------------------------------------
  r.get('/rest/items/variations', (ctx) => {
    const withs = new Set(ctx.list('with'));
    const lang = ctx.query('lang');
    const render = (id: number) => {
      const v = items.variation(id)!;
      return renderVariation(v, withs, lang, withs.has('item') || withs.has('itemTexts') || withs.has('images') ? items.item(v.itemId) : undefined);
    };
    const filters: VariationFilter[] = [];
    const isMain = truthy(ctx.query('isMain'));
    const isActive = truthy(ctx.query('isActive'));
    if (isMain !== undefined) filters.push((v) => v.isMain === isMain);
    if (isActive !== undefined) filters.push((v) => v.isActive === isActive);
    const updated = parseRange(ctx.query('updatedBetween'));
    if (updated) filters.push((v) => inRange(v.updatedAtMs, updated));
    const related = parseRange(ctx.query('relatedUpdatedBetween'));
    if (related) filters.push((v) => inRange(v.relatedUpdatedAtMs, related));
    const fuzzy = ctx.query('numberFuzzy');
    if (fuzzy) filters.push((v) => v.number.includes(fuzzy));
    const barcode = ctx.query('barcode');
    if (barcode) filters.push((v) => v.barcodes.some((b) => b.code === barcode));
    const categoryId = ctx.query('categoryId');
    if (categoryId) filters.push((v) => v.categoryIds.includes(Number(categoryId)));
    const filter = allOf(filters);
    const pass = (id: number) => { const v = items.variation(id); return v !== undefined && (!filter || filter(v)); };

    const exact = ctx.query('numberExact');
    if (exact !== undefined) {
      const v = items.variationByNumber(exact);
      return pageOfIds(ctx, v && pass(v.id) ? [v.id] : [], render);
    }
    const ids = ints(ctx.list('id'));
    if (ids.length > 0) return pageOfIds(ctx, ids.filter(pass), render);
    const itemIds = ints(ctx.list('itemId'));
    if (itemIds.length > 0) return pageOfIds(ctx, itemIds.flatMap((i) => items.item(i)?.variationIds ?? []).filter(pass), render);
    const key = [...new URLSearchParams(ctx.c.req.url.split('?')[1] ?? '')].filter(([k]) => !['page', 'itemsPerPage', 'with', 'lang'].includes(k)).map(([k, val]) => `${k}=${val}`).sort().join('&');
    return pageOfMatch(ctx, items.matchVariations(key, filter), render);
  });

  // ---- PIM variation search --------------------------------------------------------------------
  r.get('/rest/pim/variations', (ctx) => {
    const withs = new Set(ctx.list('with'));
    const origin = new URL(ctx.c.req.url).origin;
    const withItem = withs.has('base.item') || withs.has('base.texts') || withs.has('base.images') || withs.has('images');
    const render = (id: number) => { const v = items.variation(id)!; return renderPimVariation(v, withs, withItem ? items.item(v.itemId) : undefined, origin, plentyId); };
    // The OpenAPI: "If you use this filter no other filter will be considered" (ids, at most 500).
    const ids = ints(ctx.list('ids'));
    if (ids.length > 0) return pageOfIds(ctx, ids.filter((id) => items.variation(id) !== undefined), render);
    const filters: VariationFilter[] = [];
    const isMain = truthy(ctx.query('isMain'));
    const isActive = truthy(ctx.query('isActive'));
    if (isMain !== undefined) filters.push((v) => v.isMain === isMain);
    if (isActive !== undefined) filters.push((v) => v.isActive === isActive);
    for (const [param, field] of [['updatedAt', 'updatedAtMs'], ['relatedUpdatedAt', 'relatedUpdatedAtMs'], ['salesPriceUpdatedAt', 'relatedUpdatedAtMs'], ['barcodeUpdatedAt', 'relatedUpdatedAtMs']] as const) {
      const range = parseRange(ctx.query(param));
      if (range) filters.push((v) => inRange(v[field], range));
    }
    const stockRange = parseRange(ctx.query('stockUpdatedAt'));
    if (stockRange) filters.push((v) => stock.warehouses.some((w) => { const row = stock.get(v.id, w.warehouseId); return row !== undefined && inRange(row.updatedAtMs, stockRange); }));
    const barcode = ctx.query('barcodeCode');
    if (barcode) filters.push((v) => v.barcodes.some((b) => b.code === barcode));
    // propertyUpdatedAt: variations with a property relation written in the range.
    const propertyRange = parseRange(ctx.query('propertyUpdatedAt'));
    if (propertyRange) {
      const touched = new Set((properties?.list({}) ?? []).filter((p) => inRange(p.updatedAtMs, propertyRange)).map((p) => p.targetId));
      filters.push((v) => touched.has(v.id));
    }
    filters.push(...pimCatalogFilters(ctx, items, plentyId));
    const filter = allOf(filters);
    const pass = (id: number) => { const v = items.variation(id); return v !== undefined && (!filter || filter(v)); };
    const number = ctx.query('number');
    if (number !== undefined) {
      const v = items.variationByNumber(number);
      return pageOfIds(ctx, v && pass(v.id) ? [v.id] : [], render);
    }
    const itemIds = ints([...ctx.list('itemId'), ...ctx.list('itemIds')]);
    if (itemIds.length > 0) return pageOfIds(ctx, itemIds.flatMap((i) => items.item(i)?.variationIds ?? []).filter(pass), render);
    const key = [...new URLSearchParams(ctx.c.req.url.split('?')[1] ?? '')].filter(([k]) => !['page', 'itemsPerPage', 'with', 'sortBy'].includes(k)).map(([k, val]) => `${k}=${val}`).sort().join('&');
    // Stock filters depend on stock writes, which do not bump the item store's version.
    const stockKey = `${stockRange ? `|stock@${stock.version}` : ''}${propertyRange ? `|properties@${properties?.version ?? 0}` : ''}`;
    return pageOfMatch(ctx, items.matchVariations(`pim:${key}${stockKey}`, filter), render);
  });
}

