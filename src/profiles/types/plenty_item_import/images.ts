/**
 * Item images → the product's media gallery. What this import added is remembered in the product's
 * link, per PlentyONE image id: the gallery entry id and the image's md5 checksum. An image whose id
 * and checksum are known is left alone (re-imports never add duplicates, whatever its URL); a changed
 * checksum replaces the entry; a PlentyONE image that is gone is removed (`images.removeDeleted`).
 * New files are downloaded before anything is written, so an image that cannot be downloaded fails
 * the record cleanly; uploads go as base64 content (`POST /V1/products/{sku}/media`). The image with
 * the lowest position takes the roles base, small and thumbnail.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { ImageFile } from '../../../connectors/plenty/resources/pim.js';
import type { PimImage } from '../../../connectors/plenty/schemas/pim.js';
import { plentyOf, type Ctx } from './clients.js';
import { IMAGE_ASPECT_PREFIX } from './record.js';

const ROLES = ['image', 'small_image', 'thumbnail'];
const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };

export interface ImagePlan {
  add: { image: PimImage; file: ImageFile; roles: string[] }[];
  /** Gallery entries to remove, with the aspect key to clear. */
  remove: { entryId: number; key: string }[];
}

function known(aspects: Record<string, string>): Map<string, { entryId: number; md5: string }> {
  const out = new Map<string, { entryId: number; md5: string }>();
  for (const [key, value] of Object.entries(aspects)) {
    if (!key.startsWith(IMAGE_ASPECT_PREFIX) || !value) continue;
    const [entry, md5 = ''] = value.split(':');
    out.set(key, { entryId: Number(entry), md5 });
  }
  return out;
}

/** What to add and remove; downloads the files to add. Throws a sentence when a file cannot be had. */
export async function planImages(ctx: Ctx, images: PimImage[], aspects: Record<string, string>, gallery: GalleryEntry[] | undefined, itemId: number): Promise<ImagePlan> {
  const have = gallery === undefined ? new Map<string, { entryId: number; md5: string }>() : known(aspects);
  if (gallery) adoptUploaded(have, gallery, images, itemId);
  const plan: ImagePlan = { add: [], remove: [] };
  const plenty = await plentyOf(ctx);
  const wanted = new Set<string>();
  for (const [index, image] of images.entries()) {
    const key = IMAGE_ASPECT_PREFIX + image.id;
    wanted.add(key);
    const current = have.get(key);
    if (current && current.md5 === (image.md5Checksum ?? '')) continue;
    if (current) plan.remove.push({ entryId: current.entryId, key });
    let file: ImageFile;
    try {
      file = await plenty.pim.downloadImage(image.url, ctx.signal);
    } catch (error) {
      // Only a refusal fails the item; a timeout or a 5xx is thrown, so the batch is tried again (the
      // job retries from its checkpoint) instead of an item failing because a host was briefly slow.
      if (error instanceof PermanentApiError) {
        throw new ImageError(`Image ${image.id} of the item could not be downloaded from ${image.url} (${error.message.replace(/^The image \S+ could not be downloaded: /, '')}); fix or delete the image in PlentyONE. Nothing of this item was written.`);
      }
      throw error;
    }
    plan.add.push({ image, file, roles: index === 0 ? ROLES : [] });
  }
  if (ctx.config.images.removeDeleted) {
    for (const [key, { entryId }] of have) if (!wanted.has(key)) plan.remove.push({ entryId, key });
  }
  return plan;
}

export class ImageError extends Error {}

export interface GalleryEntry { id?: number | undefined; file?: string | undefined }

/** The file name an upload of this import gets (Magento may append `_1` …). */
const uploadName = (itemId: number, imageId: number) => `plenty-${itemId}-${imageId}`;

/**
 * Entries this import uploaded but whose link was not written (the run stopped between the upload and
 * the link): recognised by their file name, so a resumed run does not upload them a second time.
 */
function adoptUploaded(have: Map<string, { entryId: number; md5: string }>, gallery: GalleryEntry[], images: PimImage[], itemId: number): void {
  for (const image of images) {
    const key = IMAGE_ASPECT_PREFIX + image.id;
    if (have.has(key)) continue;
    const name = uploadName(itemId, image.id);
    const entry = gallery.find((g) => g.id !== undefined && (g.file ?? '').split('/').pop()!.startsWith(`${name}.`));
    if (entry?.id !== undefined) have.set(key, { entryId: entry.id, md5: image.md5Checksum ?? '' });
  }
}

/** Applies a plan to the product; answers the aspect entries to keep in the link. */
export async function applyImages(ctx: Ctx, magento: MagentoClient, sku: string, itemId: number, plan: ImagePlan): Promise<Record<string, string>> {
  const aspects: Record<string, string> = {};
  for (const { entryId, key } of plan.remove) {
    try {
      await magento.products.removeMedia(sku, entryId, { signal: ctx.signal });
    } catch (error) {
      // Removed in Magento already: nothing left to do.
      if (!(error instanceof PermanentApiError && error.status === 404)) throw error;
    }
    aspects[key] = '';
  }
  for (const { image, file, roles } of plan.add) {
    const type = EXTENSIONS[file.mimeType] ? file.mimeType : 'image/jpeg';
    const entryId = await magento.products.addMedia(sku, {
      media_type: 'image', label: '', position: Number(image.position ?? 0) + 1, disabled: false, types: roles,
      content: { base64_encoded_data: Buffer.from(file.bytes).toString('base64'), type, name: `${uploadName(itemId, image.id)}.${EXTENSIONS[type]}` },
    }, { signal: ctx.signal });
    aspects[IMAGE_ASPECT_PREFIX + image.id] = `${entryId}:${image.md5Checksum ?? ''}`;
  }
  return aspects;
}
