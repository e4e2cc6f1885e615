/** The variation a `/rest/items/{id}/variations/{variationId}/…` route names, shared by the variation routes. */
import { notFound } from '../errors.js';
import type { RestCtx } from '../rest-router.js';
import type { VariationState } from '../stores/catalog-records.js';
import type { ItemStore } from '../stores/items.js';

/** 404 `Variation not found.` for an unknown variation and for one of another item than the route's. */
export function routeVariation(items: ItemStore, ctx: RestCtx, itemParam: 'id' | 'itemId' = 'id'): VariationState {
  const v = items.variation(ctx.id('variationId'));
  if (!v || v.itemId !== ctx.id(itemParam)) throw notFound('Variation');
  return v;
}
