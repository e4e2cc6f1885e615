/**
 * Data hanging off a variation: sales prices (per variation and the bulk route, max 50 per call),
 * barcodes, texts ("descriptions", item-level per language), images and category links (per
 * variation and the bulk route).
 */
import { createHash } from 'node:crypto';
import type { ChangeSink } from '../changes.js';
import { parseTimestamp } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import { envelope, pageOf, pageRange, pageRequest } from '../paging.js';
import { renderBarcode, renderImage, renderPrice, renderText } from '../render.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { TextRow, VariationState } from '../stores/catalog-records.js';
import { SALES_PRICE_DEFAULT, SALES_PRICE_SPECIAL, BARCODE_EAN } from '../stores/catalog-records.js';
import type { ItemStore } from '../stores/items.js';
import { imageAvailabilitiesIn } from './image-details.js';
import { routeVariation } from './route-variation.js';

/** Documented batch limit of the bulk variation routes. */
export const BULK_LIMIT = 50;

const SALES_PRICES = [
  { id: SALES_PRICE_DEFAULT, position: 0, minimumOrderQuantity: 1, type: 'default', isCustomerPrice: false, isDisplayedByDefault: true, isLiveConversion: false, interval: 'none', names: [{ priceId: SALES_PRICE_DEFAULT, lang: 'de', nameInternal: 'Preis', nameExternal: 'Preis' }, { priceId: SALES_PRICE_DEFAULT, lang: 'en', nameInternal: 'Price', nameExternal: 'Price' }] },
  { id: SALES_PRICE_SPECIAL, position: 1, minimumOrderQuantity: 1, type: 'specialOffer', isCustomerPrice: false, isDisplayedByDefault: false, isLiveConversion: false, interval: 'none', names: [{ priceId: SALES_PRICE_SPECIAL, lang: 'de', nameInternal: 'Angebot', nameExternal: 'Angebot' }, { priceId: SALES_PRICE_SPECIAL, lang: 'en', nameInternal: 'Special offer', nameExternal: 'Special offer' }] },
  // A price from a minimum quantity (a tier), a customer class's price and a second shop's price: no
  // generated variation has them; a test gives them to the variations it needs.
  { id: 3, position: 2, minimumOrderQuantity: 10, type: 'default', isCustomerPrice: false, isDisplayedByDefault: false, isLiveConversion: false, interval: 'none', names: [{ priceId: 3, lang: 'de', nameInternal: 'Staffel ab 10', nameExternal: 'Staffelpreis' }, { priceId: 3, lang: 'en', nameInternal: 'Tier from 10', nameExternal: 'Tier price' }] },
  { id: 4, position: 3, minimumOrderQuantity: 1, type: 'default', isCustomerPrice: true, isDisplayedByDefault: false, isLiveConversion: false, interval: 'none', names: [{ priceId: 4, lang: 'de', nameInternal: 'Händler', nameExternal: 'Händlerpreis' }, { priceId: 4, lang: 'en', nameInternal: 'Trade', nameExternal: 'Trade price' }] },
  { id: 5, position: 4, minimumOrderQuantity: 1, type: 'default', isCustomerPrice: false, isDisplayedByDefault: false, isLiveConversion: false, interval: 'none', names: [{ priceId: 5, lang: 'de', nameInternal: 'Preis Schweiz', nameExternal: 'Preis' }, { priceId: 5, lang: 'en', nameInternal: 'Price Switzerland', nameExternal: 'Price' }] },
];
const BARCODES = [{ id: BARCODE_EAN, name: 'EAN', type: 'GTIN_13', createdAt: '2020-01-01T00:00:00+00:00', updatedAt: '2020-01-01T00:00:00+00:00' }];

export function variationDataRoutes(
  r: RestRouter,
  items: ItemStore,
  changed: ChangeSink,
  /** Whether a category exists (bulk links to an unknown category fail that row). */
  categoryExists: (id: number) => boolean = () => true,
): void {
  const variationOr404 = (ctx: RestCtx): VariationState => routeVariation(items, ctx);
  const related = (v: VariationState) => {
    items.saveRelated(v);
    changed({ entity: 'variation', action: 'updated', ids: [v.id], itemIds: [v.itemId] });
  };

  r.get('/rest/items/sales_prices', (ctx) => pageOf(pageRequest(ctx.query), SALES_PRICES));
  r.get('/rest/items/barcodes', (ctx) => pageOf(pageRequest(ctx.query), BARCODES));

  // ---- sales prices per variation ------------------------------------------------------------
  const base = '/rest/items/{id}/variations/{variationId}';
  r.get(`${base}/variation_sales_prices`, (ctx) => {
    const v = variationOr404(ctx);
    return v.prices.map((p) => renderPrice(v.id, p));
  });
  r.post(`${base}/variation_sales_prices`, async (ctx) => {
    const v = items.copyVariation(variationOr404(ctx));
    const body = await ctx.body<{ salesPriceId?: number; price?: number }>();
    const val = new Validator();
    if (val.required('salesPriceId', body.salesPriceId)) val.exists('salesPriceId', SALES_PRICES.some((s) => s.id === Number(body.salesPriceId)));
    if (val.required('price', body.price)) val.numeric('price', body.price);
    if (v.prices.some((p) => p.salesPriceId === Number(body.salesPriceId))) val.add('salesPriceId', 'The sales price is already linked to the variation.');
    val.throwIfAny();
    const row = { salesPriceId: Number(body.salesPriceId), price: Number(body.price), createdAtMs: items.now(), updatedAtMs: items.now() };
    v.prices.push(row);
    related(v);
    return renderPrice(v.id, row);
  });
  r.get(`${base}/variation_sales_prices/{priceId}`, (ctx) => {
    const v = variationOr404(ctx);
    const p = v.prices.find((x) => x.salesPriceId === ctx.id('priceId'));
    if (!p) throw notFound('Variation sales price');
    return renderPrice(v.id, p);
  });
  r.put(`${base}/variation_sales_prices/{priceId}`, async (ctx) => {
    const v = items.copyVariation(variationOr404(ctx));
    const p = v.prices.find((x) => x.salesPriceId === ctx.id('priceId'));
    if (!p) throw notFound('Variation sales price');
    const body = await ctx.body<{ price?: number }>();
    const val = new Validator();
    if (val.required('price', body.price)) val.numeric('price', body.price);
    val.throwIfAny();
    p.price = Number(body.price);
    p.updatedAtMs = items.now();
    related(v);
    return renderPrice(v.id, p);
  });
  r.delete(`${base}/variation_sales_prices/{priceId}`, (ctx) => {
    const v = items.copyVariation(variationOr404(ctx));
    const before = v.prices.length;
    v.prices = v.prices.filter((x) => x.salesPriceId !== ctx.id('priceId'));
    if (v.prices.length === before) throw notFound('Variation sales price');
    related(v);
    return { success: true };
  });

  // ---- sales prices in bulk --------------------------------------------------------------------
  r.get('/rest/items/variations/variation_sales_prices', (ctx) => {
    const variationId = ctx.query('variationId');
    const salesPriceId = ctx.query('salesPriceId');
    const since = parseTimestamp(ctx.query('updatedAt'));
    const rows: unknown[] = [];
    const take = (v: VariationState) => {
      for (const p of v.prices) {
        if (salesPriceId && p.salesPriceId !== Number(salesPriceId)) continue;
        if (since !== undefined && p.updatedAtMs < since) continue;
        rows.push(renderPrice(v.id, p));
      }
    };
    const req = pageRequest(ctx.query);
    if (variationId) {
      const v = items.variation(Number(variationId));
      if (v) take(v);
      return pageOf(req, rows);
    }
    // Unfiltered: one price row per variation is not guaranteed, so page over variations and
    // report the variation count as the total (the real route's totals are just as approximate).
    const m = items.matchVariations('prices', undefined);
    const { start, end } = pageRange(req, m.count);
    for (let n = start; n < end; n++) take(items.variation(m.idAt(n))!);
    return envelope(req, m.count, rows);
  });
  /**
   * The rows of a bulk call: an array of at most BULK_LIMIT rows, refused whole (422) only when it is
   * not such an array. Rows are checked one by one: PlentyONE answers `{success, failed}` keyed by the
   * row's index in the request, so one bad row never stops the others (OpenAPI example of the route).
   */
  const bulkRows = async <T extends { variationId?: number }>(ctx: RestCtx): Promise<T[]> => {
    const body = await ctx.body<T[]>();
    const val = new Validator();
    if (!Array.isArray(body)) val.add('0', 'The request body must be an array.');
    else if (body.length > BULK_LIMIT) val.add('0', `A maximum of ${BULK_LIMIT} records can be processed per call.`);
    val.throwIfAny();
    return body;
  };
  /** `{success, failed}` with PHP's serialisation: an empty part is `[]`, a filled one an object keyed by row index. */
  const bulkAnswer = <T>(list: T[], apply: (row: T) => { ok: unknown } | { problems: string[] }) => {
    const success: Record<string, unknown> = {};
    const failed: Record<string, string[]> = {};
    list.forEach((row, i) => {
      const result = apply(row);
      if ('ok' in result) success[i] = result.ok;
      else failed[i] = result.problems;
    });
    const part = (o: Record<string, unknown>) => (Object.keys(o).length ? o : []);
    return { success: part(success), failed: part(failed) };
  };
  const variationProblems = (row: { variationId?: number }): string[] =>
    row.variationId === undefined || row.variationId === null ? ['Variation ID must be specified.']
      : items.variation(Number(row.variationId)) ? [] : ['Variation not found.'];
  const bulk = (mode: 'create' | 'update') => async (ctx: RestCtx) => {
    const list = await bulkRows<{ variationId?: number; salesPriceId?: number; price?: number }>(ctx);
    const touched = new Set<number>();
    const answer = bulkAnswer(list, (row) => {
      const problems = variationProblems(row);
      if (row.salesPriceId === undefined || row.salesPriceId === null) problems.push('Sales price ID must be specified.');
      else if (!SALES_PRICES.some((s) => s.id === Number(row.salesPriceId))) problems.push('Sales price not found.');
      if (row.price === undefined || row.price === null || !Number.isFinite(Number(row.price))) problems.push('Price must be specified.');
      if (problems.length) return { problems };
      const v = items.copyVariation(items.variation(Number(row.variationId))!);
      let p = v.prices.find((x) => x.salesPriceId === Number(row.salesPriceId));
      if (mode === 'update' && !p) return { problems: ['No variation price found.'] };
      if (mode === 'create' && p) return { problems: ['The sales price is already linked to the variation.'] };
      if (!p) {
        p = { salesPriceId: Number(row.salesPriceId), price: Number(row.price), createdAtMs: items.now(), updatedAtMs: items.now() };
        v.prices.push(p);
      } else {
        p.price = Number(row.price);
        p.updatedAtMs = items.now();
      }
      items.saveRelated(v);
      touched.add(v.id);
      return { ok: renderPrice(v.id, p) };
    });
    if (touched.size > 0) changed({ entity: 'variation', action: 'updated', ids: [...touched] });
    return answer;
  };
  r.post('/rest/items/variations/variation_sales_prices', bulk('create'));
  r.put('/rest/items/variations/variation_sales_prices', bulk('update'));

  // ---- barcodes ------------------------------------------------------------------------------
  r.get(`${base}/variation_barcodes`, (ctx) => {
    const v = variationOr404(ctx);
    return v.barcodes.map((b) => renderBarcode(v.id, b));
  });
  const saveBarcode = async (ctx: RestCtx, barcodeId: number | undefined) => {
    const v = items.copyVariation(variationOr404(ctx));
    const body = await ctx.body<{ barcodeId?: number; code?: string }>();
    const id = barcodeId ?? Number(body.barcodeId);
    const val = new Validator();
    if (barcodeId === undefined && val.required('barcodeId', body.barcodeId)) val.exists('barcodeId', BARCODES.some((b) => b.id === id));
    val.required('code', body.code);
    val.throwIfAny();
    let b = v.barcodes.find((x) => x.barcodeId === id);
    if (barcodeId !== undefined && !b) throw notFound('Variation barcode');
    if (!b) {
      b = { barcodeId: id, code: String(body.code), createdAtMs: items.now() };
      v.barcodes.push(b);
    } else b.code = String(body.code);
    related(v);
    return renderBarcode(v.id, b);
  };
  r.post(`${base}/variation_barcodes`, (ctx) => saveBarcode(ctx, undefined));
  r.get(`${base}/variation_barcodes/{barcodeId}`, (ctx) => {
    const v = variationOr404(ctx);
    const b = v.barcodes.find((x) => x.barcodeId === ctx.id('barcodeId'));
    if (!b) throw notFound('Variation barcode');
    return renderBarcode(v.id, b);
  });
  r.put(`${base}/variation_barcodes/{barcodeId}`, (ctx) => saveBarcode(ctx, ctx.id('barcodeId')));
  r.delete(`${base}/variation_barcodes/{barcodeId}`, (ctx) => {
    const v = items.copyVariation(variationOr404(ctx));
    v.barcodes = v.barcodes.filter((x) => x.barcodeId !== ctx.id('barcodeId'));
    related(v);
    return { success: true };
  });

  // ---- texts ---------------------------------------------------------------------------------
  r.get(`${base}/descriptions`, (ctx) => {
    const v = variationOr404(ctx);
    const it = items.item(v.itemId)!;
    return it.texts.map((t) => renderText(it.id, v.id, t));
  });
  const saveText = async (ctx: RestCtx, lang: string | undefined) => {
    const v = variationOr404(ctx);
    const it = items.copyItem(items.item(v.itemId)!);
    const body = await ctx.body<Partial<TextRow>>();
    const val = new Validator();
    const language = lang ?? body.lang;
    if (lang === undefined) val.required('lang', body.lang);
    if (lang === undefined && it.texts.some((t) => t.lang === language)) val.add('lang', 'The lang has already been taken.');
    val.throwIfAny();
    let t = it.texts.find((x) => x.lang === language);
    if (!t) {
      if (lang !== undefined) throw notFound('Description');
      t = { lang: String(language), name: '', name2: '', name3: '', previewDescription: '', description: '', technicalData: '', urlPath: '', metaDescription: '', metaKeywords: '' };
      it.texts.push(t);
    }
    for (const k of ['name', 'name2', 'name3', 'previewDescription', 'description', 'technicalData', 'urlPath', 'metaDescription', 'metaKeywords'] as const) {
      if (body[k] !== undefined) t[k] = String(body[k]);
    }
    items.saveItem(it);
    changed({ entity: 'item', action: 'updated', ids: [it.id] });
    return renderText(it.id, v.id, t);
  };
  r.post(`${base}/descriptions`, (ctx) => saveText(ctx, undefined));
  r.get(`${base}/descriptions/{lang}`, (ctx) => {
    const v = variationOr404(ctx);
    const t = items.item(v.itemId)!.texts.find((x) => x.lang === ctx.param('lang'));
    if (!t) throw notFound('Description');
    return renderText(v.itemId, v.id, t);
  });
  r.put(`${base}/descriptions/{lang}`, (ctx) => saveText(ctx, ctx.param('lang')));

  // ---- images ------------------------------------------------------------------------------
  r.get('/rest/items/{id}/images', (ctx) => {
    const it = items.item(ctx.id('id'));
    if (!it) throw notFound('Item');
    return it.images.map(renderImage);
  });
  r.get(`${base}/images`, (ctx) => {
    const v = variationOr404(ctx);
    return items.item(v.itemId)!.images.map(renderImage);
  });
  /**
   * PlentyONE stores an uploaded image in its own storage: it downloads `uploadUrl` (or decodes
   * `uploadImageData`), answers its own storage URL, never the one it was given, and the MD5 of the
   * file it stored. A URL it cannot download is refused.
   */
  r.post('/rest/items/{id}/images/upload', async (ctx) => {
    const current = items.item(ctx.id('id'));
    if (!current) throw notFound('Item');
    const body = await ctx.body<{ uploadUrl?: string; uploadImageData?: string; fileType?: string; position?: number; uploadFileName?: string; availabilities?: unknown }>();
    const val = new Validator();
    if (!body.uploadUrl && !body.uploadImageData) val.add('uploadUrl', 'The upload url field is required when upload image data is not present.');
    const availabilities = imageAvailabilitiesIn(body.availabilities, val);
    val.throwIfAny();
    let bytes: Buffer;
    if (body.uploadImageData) bytes = Buffer.from(body.uploadImageData, 'base64');
    else {
      const answer = await fetch(String(body.uploadUrl)).catch(() => undefined);
      if (!answer?.ok) {
        val.add('uploadUrl', `The image could not be downloaded from the upload url (${answer ? `HTTP ${answer.status}` : 'no answer'}).`);
        val.throwIfAny();
      }
      bytes = Buffer.from(await answer!.arrayBuffer());
    }
    const it = items.copyItem(items.item(current.id)!);
    const id = it.id * 10 + it.images.length + 1 + 1_000_000_000;
    const t = items.now();
    const fileType = (body.fileType ?? 'jpg').toLowerCase();
    const img = {
      id, itemId: it.id, fileType, path: `S3:${it.id}:${body.uploadFileName ?? id}.${fileType}`,
      url: `https://images.sandbox.plentygate.invalid/item/images/${it.id}/${id}.${fileType}`,
      position: Number(body.position ?? it.images.length), createdAtMs: t, updatedAtMs: t,
      md5Checksum: createHash('md5').update(bytes).digest('hex'), width: 1200, height: 1200, size: bytes.length,
      ...(availabilities.length ? { availabilities } : {}),
    };
    it.images.push(img);
    items.saveItem(it);
    changed({ entity: 'item', action: 'updated', ids: [it.id] });
    return renderImage(img);
  });
  r.delete('/rest/items/{id}/images/{imageId}', (ctx) => {
    const current = items.item(ctx.id('id'));
    if (!current) throw notFound('Item');
    const it = items.copyItem(current);
    const before = it.images.length;
    it.images = it.images.filter((i) => i.id !== ctx.id('imageId'));
    if (it.images.length === before) throw notFound('Image');
    items.saveItem(it);
    changed({ entity: 'item', action: 'updated', ids: [it.id] });
    return { success: true };
  });

  // ---- category links (read them with `with=variationCategories` on the variation routes) -------
  r.post(`${base}/variation_categories`, async (ctx) => {
    const v = items.copyVariation(variationOr404(ctx));
    const body = await ctx.body<{ categoryId?: number; position?: number }>();
    const val = new Validator();
    val.required('categoryId', body.categoryId);
    val.throwIfAny();
    if (!v.categoryIds.includes(Number(body.categoryId))) v.categoryIds.push(Number(body.categoryId));
    related(v);
    return { variationId: v.id, categoryId: Number(body.categoryId), position: Number(body.position ?? 0) };
  });
  const categoryLinks = (mode: 'create' | 'update') => async (ctx: RestCtx) => {
    const list = await bulkRows<{ variationId?: number; categoryId?: number; position?: number }>(ctx);
    const touched = new Set<number>();
    const answer = bulkAnswer(list, (row) => {
      const problems = variationProblems(row);
      if (row.categoryId === undefined || row.categoryId === null) problems.push('Category ID must be specified.');
      else if (!categoryExists(Number(row.categoryId))) problems.push('Category not found.');
      if (problems.length) return { problems };
      const v = items.copyVariation(items.variation(Number(row.variationId))!);
      const linked = v.categoryIds.includes(Number(row.categoryId));
      if (mode === 'update' && !linked) return { problems: ['No variation category link found.'] };
      if (!linked) v.categoryIds.push(Number(row.categoryId));
      items.saveRelated(v);
      touched.add(v.id);
      return { ok: { variationId: v.id, categoryId: Number(row.categoryId), position: Number(row.position ?? 0) } };
    });
    if (touched.size > 0) changed({ entity: 'variation', action: 'updated', ids: [...touched] });
    return answer;
  };
  r.post('/rest/items/variations/variation_categories', categoryLinks('create'));
  r.put('/rest/items/variations/variation_categories', categoryLinks('update'));
  r.delete(`${base}/variation_categories/{catId}`, (ctx) => {
    const v = items.copyVariation(variationOr404(ctx));
    const before = v.categoryIds.length;
    v.categoryIds = v.categoryIds.filter((id) => id !== ctx.id('catId'));
    if (v.categoryIds.length === before) throw notFound('Variation category');
    related(v);
    return { success: true };
  });
}
