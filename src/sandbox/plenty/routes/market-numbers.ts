/**
 * Market ident numbers of a variation: list, create, update, delete. A type is one of ASIN, EPID, UPC,
 * RSIN, MOIN (OpenAPI); a variation holds one number per type and country (a second is refused, 422).
 */
import { w3c } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { ItemStore } from '../stores/items.js';
import { MARKET_NUMBER_TYPES, type MarketNumberRow, type MarketNumberStore } from '../stores/market-numbers.js';
import { routeVariation } from './route-variation.js';

const render = (r: MarketNumberRow) => ({
  id: r.id, variationId: r.variationId, countryId: r.countryId, type: r.type, position: r.position, value: r.value,
  createdAt: w3c(r.createdAtMs), updatedAt: w3c(r.updatedAtMs),
});

export function marketNumberRoutes(r: RestRouter, items: ItemStore, numbers: MarketNumberStore): void {
  const base = '/rest/items/{id}/variations/{variationId}/market_ident_numbers';
  const variationOr404 = (ctx: RestCtx) => routeVariation(items, ctx);
  const rowOr404 = (ctx: RestCtx) => {
    const row = numbers.get(variationOr404(ctx).id, ctx.id('marketIdentNumberId'));
    if (!row) throw notFound('Market ident number');
    return row;
  };
  const check = (body: { countryId?: number; type?: string; value?: string }, val: Validator, creating: boolean) => {
    if (creating) val.required('countryId', body.countryId);
    val.integer('countryId', body.countryId);
    if (creating) val.required('type', body.type);
    if (body.type !== undefined && !(MARKET_NUMBER_TYPES as readonly string[]).includes(String(body.type))) val.add('type', `The type must be one of ${MARKET_NUMBER_TYPES.join(', ')}.`);
  };

  r.get(base, (ctx) => numbers.of(variationOr404(ctx).id).map(render));
  r.post(base, async (ctx) => {
    const v = variationOr404(ctx);
    const body = await ctx.body<{ countryId?: number; type?: string; position?: number; value?: string }>();
    const val = new Validator();
    check(body, val, true);
    if (numbers.of(v.id).some((x) => x.type === body.type && x.countryId === Number(body.countryId))) val.add('type', 'The variation already has a market ident number of this type for this country.');
    val.throwIfAny();
    return render(numbers.create({ variationId: v.id, countryId: Number(body.countryId), type: String(body.type), position: Number(body.position ?? 0), value: String(body.value ?? '') }));
  });
  r.get(`${base}/{marketIdentNumberId}`, (ctx) => render(rowOr404(ctx)));
  r.put(`${base}/{marketIdentNumberId}`, async (ctx) => {
    const row = { ...rowOr404(ctx) };
    const body = await ctx.body<{ countryId?: number; type?: string; position?: number; value?: string }>();
    const val = new Validator();
    check(body, val, false);
    val.throwIfAny();
    if (body.countryId !== undefined) row.countryId = Number(body.countryId);
    if (body.type !== undefined) row.type = String(body.type);
    if (body.position !== undefined) row.position = Number(body.position);
    if (body.value !== undefined) row.value = String(body.value);
    numbers.save(row);
    return render(row);
  });
  r.delete(`${base}/{marketIdentNumberId}`, (ctx) => {
    numbers.delete(rowOr404(ctx).id);
    return { success: true };
  });
}
