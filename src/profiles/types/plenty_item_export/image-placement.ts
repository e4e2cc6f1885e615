/**
 * Where an image PlentyONE already holds sits and is shown: its gallery position (a moved Magento
 * gallery entry moves it) and its availabilities (media.referrers: set at upload, kept in sync when the
 * list changes). Only availabilities plentygate set are removed; where it never set any (an image
 * found by checksum after a crash, or uploaded before the list was configured), PlentyONE's list is
 * read once so none is added twice.
 */
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { ImageAvailability } from '../../../connectors/plenty/resources/item-image-details.js';
import type { ImageState } from './link-state.js';
import { referrerKey } from './record.js';
import { ignoreMissing } from './write-item.js';

function availabilityOf(key: string): ImageAvailability {
  const at = key.lastIndexOf(':');
  return { type: key.slice(0, at) as ImageAvailability['type'], value: Number(key.slice(at + 1)) };
}

/** The upload body's availabilities for the wanted referrers. */
export const uploadAvailabilities = (wanted: readonly string[]): ImageAvailability[] => wanted.map(availabilityOf);

/** Moves the image to `position` and sets its availabilities to `wanted`; answers its new state. */
export async function placeImage(
  plenty: PlentyClient, itemId: number, image: ImageState, position: number, wanted: readonly string[], signal: AbortSignal,
): Promise<{ state: ImageState; wrote: boolean }> {
  if (image.id === undefined) return { state: image, wrote: false }; // a link from before ids were kept: nothing to address
  const id = image.id;
  let wrote = false;
  // A position never recorded is the one it was uploaded at: taken as it is, not written again.
  if (image.position !== undefined && image.position !== position) {
    await plenty.items.imageDetails.setPosition(itemId, id, position, signal);
    wrote = true;
  }
  const state: ImageState = { ...image, position };
  if (image.referrers === undefined && wanted.length === 0) return { state, wrote };
  const set = image.referrers ?? [];
  const held = image.referrers ?? (await plenty.items.imageDetails.availabilities(itemId, id, signal)).map(referrerKey);
  for (const key of wanted.filter((k) => !held.includes(k))) {
    await plenty.items.imageDetails.addAvailability(itemId, id, availabilityOf(key), signal);
    wrote = true;
  }
  for (const key of set.filter((k) => !wanted.includes(k))) {
    await plenty.items.imageDetails.removeAvailability(itemId, id, availabilityOf(key), signal).catch(ignoreMissing);
    wrote = true;
  }
  return { state: { ...state, referrers: [...wanted] }, wrote };
}
