/**
 * Item cross-selling: links from an item to another item (`crossItemId`) with a relationship. PlentyONE
 * holds one link per pair of items, so a link is changed by item pair.
 */
import { z } from 'zod';
import { int, optStr } from '../schemas/common.js';
import type { PlentyTransport } from '../transport.js';

/** The relationships PlentyONE's OpenAPI allows. */
export const CROSS_SELLING_RELATIONSHIPS = [
  'Variation', 'DisplaySet', 'Collection', 'Accessory', 'Customized', 'Part', 'Complements', 'Piece',
  'Necessary', 'ReplacementPart', 'Similar', 'Episode', 'Season', 'Bundle', 'Component',
] as const;
export type CrossSellingRelationship = (typeof CROSS_SELLING_RELATIONSHIPS)[number];

export const crossSellingSchema = z.looseObject({ itemId: int, crossItemId: int, relationship: optStr, isDynamic: z.boolean().nullish() });
export type CrossSellingLink = z.output<typeof crossSellingSchema>;

export function crossSellingCalls(t: PlentyTransport) {
  return {
    /** The item's links (the spec types the answer as one link; PlentyONE answers the list). */
    list: (itemId: number, signal?: AbortSignal) =>
      t.request('GET', '/rest/items/{id}/item_cross_selling', { path: { id: itemId }, schema: z.array(crossSellingSchema), signal }),
    create: (itemId: number, crossItemId: number, relationship: CrossSellingRelationship, signal?: AbortSignal) =>
      t.request('POST', '/rest/items/{id}/item_cross_selling', { path: { id: itemId }, body: { itemId, crossItemId, relationship, isDynamic: false }, schema: crossSellingSchema, signal }),
    update: (itemId: number, crossItemId: number, relationship: CrossSellingRelationship, signal?: AbortSignal) =>
      t.request('PUT', '/rest/items/{id}/item_cross_selling/{crossItemId}', { path: { id: itemId, crossItemId }, body: { relationship }, schema: crossSellingSchema, idempotent: true, signal }),
    delete: (itemId: number, crossItemId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{id}/item_cross_selling/{crossItemId}', { path: { id: itemId, crossItemId }, idempotent: true, signal }),
  };
}
