/**
 * An item image's position and its availabilities (where PlentyONE shows it: `mandant` = a client's
 * plentyId, `marketplace` / `listing` = a referrer id, -1 = every referrer of the type).
 */
import { z } from 'zod';
import { int, num, optInt, str } from '../schemas/common.js';
import type { PlentyTransport } from '../transport.js';

export const imageAvailabilitySchema = z.looseObject({ imageId: optInt, type: str, value: num });
export type ImageAvailability = { type: 'mandant' | 'marketplace' | 'listing'; value: number };

const positionSchema = z.looseObject({ id: int, position: optInt });

export function imageDetailCalls(t: PlentyTransport) {
  const path = (itemId: number, imageId: number) => ({ id: itemId, imageId });
  return {
    /** Moves the image (its sort position in the shop). */
    setPosition: (itemId: number, imageId: number, position: number, signal?: AbortSignal) =>
      t.request('PUT', '/rest/items/{id}/images/{imageId}', { path: path(itemId, imageId), body: { itemId, position }, schema: positionSchema, idempotent: true, signal }),
    /** The image's availabilities (the spec types the answer as one; PlentyONE answers the list). */
    availabilities: (itemId: number, imageId: number, signal?: AbortSignal) =>
      t.request('GET', '/rest/items/{id}/images/{imageId}/availabilities', { path: path(itemId, imageId), schema: z.array(imageAvailabilitySchema), signal }),
    addAvailability: (itemId: number, imageId: number, a: ImageAvailability, signal?: AbortSignal) =>
      t.request('POST', '/rest/items/{id}/images/{imageId}/availabilities', { path: path(itemId, imageId), body: { imageId, ...a }, schema: imageAvailabilitySchema, signal }),
    removeAvailability: (itemId: number, imageId: number, a: ImageAvailability, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/items/{id}/images/{imageId}/availabilities', { path: path(itemId, imageId), body: { imageId, ...a }, idempotent: true, signal }),
  };
}
