/**
 * Bundle components: the variations (and their quantities) a bundle variation is made of, listed,
 * added and removed through `/rest/items/{id}/variations/{variationId}/variation_bundles`. PlentyONE
 * marks the bundle variation `bundleType: "bundle"` and each component `"bundle_item"`; a component is
 * removed by the id of its link (`id` here, `bundleId` in the route).
 */
import { z } from 'zod';
import { int, optInt, optStr } from '../schemas/common.js';
import type { PlentyTransport } from '../transport.js';

/** PlentyONE's `VariationBundle`; the OpenAPI's own examples leave out the link id and timestamps. */
export const variationBundleSchema = z.looseObject({
  id: optInt,
  variationId: int,
  componentVariationId: int,
  componentQuantity: int,
  lastUpdatedTimestamp: optStr,
  createdAt: optStr,
});
export type VariationBundle = z.output<typeof variationBundleSchema>;

/** A component to add: which variation, how many of it make one bundle. */
export interface VariationBundleBody { componentVariationId: number; componentQuantity: number }

export function variationBundleCalls(t: PlentyTransport) {
  const path = (itemId: number, variationId: number) => ({ id: itemId, variationId });
  return {
    /** The components of a bundle variation (an empty list for a variation that bundles nothing). */
    list: (itemId: number, variationId: number, signal?: AbortSignal): Promise<VariationBundle[]> =>
      t.request('GET', '/rest/items/{id}/variations/{variationId}/variation_bundles', { path: path(itemId, variationId), schema: z.array(variationBundleSchema), signal }),
    /** Adds a component; not retried blindly (a lost answer may hide an added component: list first). */
    add: (itemId: number, variationId: number, body: VariationBundleBody, signal?: AbortSignal): Promise<VariationBundle> =>
      t.request('POST', '/rest/items/{id}/variations/{variationId}/variation_bundles', { path: path(itemId, variationId), body: { ...body, variationId }, schema: variationBundleSchema, signal }),
    /** Removes the component link `bundleId` (a `VariationBundle`'s `id`). */
    remove: (itemId: number, variationId: number, bundleId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{id}/variations/{variationId}/variation_bundles/{bundleId}', { path: { ...path(itemId, variationId), bundleId }, idempotent: true, signal }),
  };
}
