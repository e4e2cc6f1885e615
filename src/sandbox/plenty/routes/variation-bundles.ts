/**
 * Bundle components of a variation: list, add, remove (`/rest/items/{id}/variations/{variationId}/
 * variation_bundles`). The route's variation is the bundle; the body names the component. An unknown
 * item or variation is a 404 (as on every variation route), an unknown or unfit component a 422 with
 * the validation envelope. Neither write moves the variations' `updatedAt`/`relatedUpdatedAt` nor sends
 * a callback: PlentyONE documents neither.
 */
import { w3c } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { BundleRow, BundleStore } from '../stores/bundles.js';
import type { ItemStore } from '../stores/items.js';
import { routeVariation } from './route-variation.js';

const render = (r: BundleRow) => ({
  id: r.id, variationId: r.variationId, componentVariationId: r.componentVariationId, componentQuantity: r.componentQuantity,
  lastUpdatedTimestamp: w3c(r.updatedAtMs), createdAt: w3c(r.createdAtMs),
});

interface BundleBody { componentVariationId?: unknown; componentQuantity?: unknown }

export function variationBundleRoutes(r: RestRouter, items: ItemStore, bundles: BundleStore): void {
  const base = '/rest/items/{id}/variations/{variationId}/variation_bundles';
  const variationOr404 = (ctx: RestCtx) => routeVariation(items, ctx);
  /** The component's id and quantity (1 when left out, a guess: the OpenAPI requires neither). */
  const checked = (variationId: number, body: BundleBody) => {
    const val = new Validator();
    if (val.required('componentVariationId', body.componentVariationId) && val.integer('componentVariationId', body.componentVariationId)
      && val.exists('componentVariationId', items.exists(Number(body.componentVariationId)))) {
      for (const p of bundles.problems(variationId, Number(body.componentVariationId))) val.add(p.field, p.message);
    }
    const quantity = body.componentQuantity ?? 1;
    if (val.integer('componentQuantity', quantity) && Number(quantity) < 1) val.add('componentQuantity', 'The component quantity must be at least 1.');
    val.throwIfAny();
    return { componentVariationId: Number(body.componentVariationId), componentQuantity: Number(quantity) };
  };

  // The spec answers a bare array (its example lists components); a variation without any answers [].
  r.get(base, (ctx) => bundles.componentsOf(variationOr404(ctx).id).map(render));
  r.post(base, async (ctx) => {
    const v = variationOr404(ctx);
    // The body may repeat `variationId` (the spec lists it); the route's variation is the bundle, as on the other variation routes.
    const c = checked(v.id, await ctx.body<BundleBody>());
    return render(bundles.add(v.id, c.componentVariationId, c.componentQuantity));
  });
  r.delete(`${base}/{bundleId}`, (ctx) => {
    const row = bundles.get(variationOr404(ctx).id, ctx.id('bundleId'));
    if (!row) throw notFound('Bundle component');
    bundles.remove(row);
    return { success: true };
  });
}
