/**
 * Item images → a product's media gallery. What this import added is remembered in the product's
 * link, per PlentyONE image id: the gallery entry id, the image's md5 checksum and a hash of what the
 * entry should show (position, roles, labels). An image whose id and checksum are known is never
 * uploaded again (re-imports add no duplicates, whatever its URL); a changed checksum replaces the
 * entry; a PlentyONE image that is gone is removed (`images.removeDeleted`); a known image whose
 * position, roles or labels changed is updated in place (`PUT /V1/products/{sku}/media/{entryId}`).
 *
 * Gallery positions are PlentyONE's (position + 1); the first image by PlentyONE position takes the
 * roles base, small and thumbnail, and when positions change the roles move with it (Magento takes
 * the roles an updated entry names from the others). New files are downloaded, and names read, before
 * anything is written, so an image that cannot be had fails the record cleanly; uploads go as base64
 * content (`POST /V1/products/{sku}/media`): Magento's REST API takes no URL. With `images.upload`
 * "url" Magento downloads the file itself through the plentygate Magento module's route
 * (`POST /V1/plentygate/products/{sku}/media`); a file Magento cannot download then fails the item
 * with Magento's reason after its products were written.
 *
 * Which images a product gets: the simple product (of the main variation) or configurable all the
 * item's images; with `images.variationImages` a configurable's child (and each further simple product
 * of an item without attributes) the images PlentyONE links to its variation.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { ImageFile } from '../../../connectors/plenty/resources/pim.js';
import type { PimImage } from '../../../connectors/plenty/schemas/pim.js';
import { hashOf } from '../plenty_item_export/hashes.js';
import { plentyOf, type Ctx } from './clients.js';
import { labelsOf, labelStores, type EntryLabels } from './image-labels.js';
import { ASPECT, IMAGE_ASPECT_PREFIX, type ItemRecord, type ProductDraft } from './record.js';

const ROLES = ['image', 'small_image', 'thumbnail'];
const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };

/** What an entry should show, and the hash of it kept in the link. */
interface Placement { position: number; types: string[]; state: string }

export interface ImagePlan {
  /** `file`: downloaded by plentygate (`images.upload` "content"); absent: Magento downloads it ("url"). */
  add: { image: PimImage; file?: ImageFile | undefined; placement: Placement; labels: EntryLabels }[];
  /** Known entries whose position, roles or labels changed. */
  update: { entryId: number; image: PimImage; placement: Placement; labels: EntryLabels }[];
  /** Gallery entries to remove, with the aspect key to clear. */
  remove: { entryId: number; key: string }[];
}

export interface GalleryEntry { id?: number | undefined; file?: string | undefined }

interface Known { entryId: number; md5: string; state: string }

/** The images a product of the record shows, PlentyONE's order; undefined: its gallery is not this import's. */
export function galleryOf(ctx: Ctx, record: ItemRecord, draft: ProductDraft): PimImage[] | undefined {
  const { enabled, variationImages } = ctx.config.images;
  if (!enabled) return undefined;
  if (draft === record.main) return record.images;
  if (!variationImages) return undefined;
  const linked = new Set(draft.imageIds ?? []);
  return record.images.filter((i) => linked.has(i.id));
}

/**
 * The images aspect hash of a product. With the settings at their defaults it is what earlier
 * versions kept (ids, checksums, positions), so upgrading re-plans no gallery.
 */
export function galleryHash(ctx: Ctx, record: ItemRecord, draft: ProductDraft): string | undefined {
  const images = galleryOf(ctx, record, draft);
  if (!images) return undefined;
  const rows = images.map((i) => [i.id, i.md5Checksum ?? '', i.position ?? 0]);
  const { labels, variationImages } = ctx.config.images;
  if (labels === 'off' && !variationImages) return hashOf(rows);
  return hashOf({ rows, labels, stores: labelStores(ctx), updated: labels === 'off' ? [] : images.map((i) => i.updatedAt ?? '') });
}

/** The placement of the image at `index` of the product's gallery (PlentyONE order). */
function placementOf(ctx: Ctx, image: PimImage, index: number): Placement {
  const position = Number(image.position ?? 0) + 1;
  const types = index === 0 ? ROLES : [];
  // Labels are read only for images whose state differs: a name change moves the image's updatedAt
  // ("the time the image details were last updated").
  const labels = ctx.config.images.labels;
  const state = hashOf([position, types, labels, labels === 'off' ? '' : [image.updatedAt ?? '', labelStores(ctx)]]).slice(0, 12);
  return { position, types, state };
}

function known(aspects: Record<string, string>): Map<string, Known> {
  const out = new Map<string, Known>();
  for (const [key, value] of Object.entries(aspects)) {
    if (!key.startsWith(IMAGE_ASPECT_PREFIX) || !value) continue;
    const [entry, md5 = '', state = ''] = value.split(':');
    out.set(key, { entryId: Number(entry), md5, state });
  }
  return out;
}

/**
 * The plans of every product of the record whose images hash changed (or that is new): what to add,
 * update and remove; downloads the files to add and reads the labels. Throws an ImageError when a file
 * cannot be had.
 */
export async function planGalleries(ctx: Ctx, record: ItemRecord, prepared: ReadonlyMap<string, { aspects: Record<string, string>; hashes: Record<string, string>; existing?: { media_gallery_entries?: GalleryEntry[] | undefined } | undefined }>): Promise<Map<string, ImagePlan>> {
  const plans = new Map<string, ImagePlan>();
  for (const draft of [record.main, ...record.children]) {
    const p = prepared.get(draft.sku);
    const images = galleryOf(ctx, record, draft);
    if (!p || !images || (p.existing && p.aspects[ASPECT.images] === p.hashes[ASPECT.images])) continue;
    // An answer without the gallery (null) keeps what the link knows; only a gallery Magento gave can show entries removed there.
    plans.set(draft.sku, await planImages(ctx, images, p.aspects, p.existing ? p.existing.media_gallery_entries ?? null : undefined, record.itemId));
  }
  return plans;
}

/**
 * What to add, update and remove on one product; downloads the files to add. `gallery`: the product's
 * entries as Magento answered them, undefined for a new product, null when the answer had none.
 */
export async function planImages(ctx: Ctx, images: PimImage[], aspects: Record<string, string>, gallery: GalleryEntry[] | null | undefined, itemId: number): Promise<ImagePlan> {
  const have = gallery === undefined ? new Map<string, Known>() : known(aspects);
  if (gallery) {
    // An entry removed in Magento meanwhile (by hand, or a run that stopped after removing it) is added again.
    const present = new Set(gallery.map((g) => g.id));
    for (const [key, k] of have) if (!present.has(k.entryId)) have.delete(key);
    adoptUploaded(have, gallery, images, itemId);
  }
  const plan: ImagePlan = { add: [], update: [], remove: [] };
  const wanted = new Set<string>();
  for (const [index, image] of images.entries()) {
    const key = IMAGE_ASPECT_PREFIX + image.id;
    wanted.add(key);
    const placement = placementOf(ctx, image, index);
    const current = have.get(key);
    if (current && current.md5 === (image.md5Checksum ?? '')) {
      if (current.state !== placement.state) plan.update.push({ entryId: current.entryId, image, placement, labels: await labelsOf(ctx, itemId, image) });
      continue;
    }
    if (current) plan.remove.push({ entryId: current.entryId, key });
    const file = ctx.config.images.upload === 'content' ? await download(ctx, image) : undefined;
    plan.add.push({ image, file, placement, labels: await labelsOf(ctx, itemId, image) });
  }
  if (ctx.config.images.removeDeleted) {
    for (const [key, { entryId }] of have) if (!wanted.has(key)) plan.remove.push({ entryId, key });
  }
  return plan;
}

async function download(ctx: Ctx, image: PimImage): Promise<ImageFile> {
  const plenty = await plentyOf(ctx);
  try {
    return await plenty.pim.downloadImage(image.url, ctx.signal);
  } catch (error) {
    // Only a refusal fails the item; a timeout or a 5xx is thrown, so the batch is tried again (the
    // job retries from its checkpoint) instead of an item failing because a host was briefly slow.
    if (error instanceof PermanentApiError) {
      throw new ImageError(`Image ${image.id} of the item could not be downloaded from ${image.url} (${error.message.replace(/^The image \S+ could not be downloaded: /, '')}); fix or delete the image in PlentyONE. Nothing of this item was written.`);
    }
    throw error;
  }
}

export class ImageError extends Error {}

/** The file name an upload of this import gets (Magento may append `_1` …). */
const uploadName = (itemId: number, imageId: number) => `plenty-${itemId}-${imageId}`;

/**
 * Entries this import uploaded but whose link was not written (the run stopped between the upload and
 * the link): recognised by their file name, so a resumed run does not upload them a second time. Their
 * state is unknown, so position, roles and labels are written again.
 */
function adoptUploaded(have: Map<string, Known>, gallery: GalleryEntry[], images: PimImage[], itemId: number): void {
  for (const image of images) {
    const key = IMAGE_ASPECT_PREFIX + image.id;
    if (have.has(key)) continue;
    const name = uploadName(itemId, image.id);
    const entry = gallery.find((g) => g.id !== undefined && (g.file ?? '').split('/').pop()!.startsWith(`${name}.`));
    if (entry?.id !== undefined) have.set(key, { entryId: entry.id, md5: image.md5Checksum ?? '', state: '' });
  }
}

const extensionOf = (image: PimImage): string => {
  const type = (image.fileType ?? '').toLowerCase();
  return type === 'jpeg' ? 'jpg' : ['jpg', 'png', 'gif'].includes(type) ? type : 'jpg';
};

/** `images.upload` "url": Magento downloads the file through the plentygate module's route. */
async function addFromUrl(magento: MagentoClient, sku: string, body: Parameters<MagentoClient['products']['addMediaFromUrl']>[1], opts: { signal?: AbortSignal | undefined }): Promise<number> {
  try {
    return await magento.products.addMediaFromUrl(sku, body, opts);
  } catch (error) {
    if (error instanceof PermanentApiError && error.status === 404 && /does not match any route/i.test(error.message)) {
      throw new PermanentApiError('images.upload is "url", which needs the plentygate Magento module (POST /V1/plentygate/products/{sku}/media answered 404): install the module, or set images.upload to "content"', { system: 'magento', route: 'POST /V1/plentygate/products/:sku/media', status: 404 });
    }
    throw error;
  }
}

export const planWrites = (plan: ImagePlan): number => plan.add.length + plan.update.length + plan.remove.length;

/**
 * Applies a plan to the product: removals, uploads and global updates, then each labelled store
 * view's values in its own scope. A save in a store view's scope keeps that view's position and label
 * of every entry, so an entry that changes is written in every labelled view too. Answers the aspect
 * entries to keep in the link.
 */
export async function applyImages(ctx: Ctx, magento: MagentoClient, sku: string, itemId: number, plan: ImagePlan): Promise<Record<string, string>> {
  const aspects: Record<string, string> = {};
  const opts = { signal: ctx.signal };
  for (const { entryId, key } of plan.remove) {
    try {
      await magento.products.removeMedia(sku, entryId, opts);
    } catch (error) {
      // Removed in Magento already: nothing left to do.
      if (!(error instanceof PermanentApiError && error.status === 404)) throw error;
    }
    aspects[key] = '';
  }
  const written: { entryId: number; placement: Placement; labels: EntryLabels }[] = [];
  for (const { image, file, placement, labels } of plan.add) {
    const entry = { media_type: 'image' as const, label: labels.global, position: placement.position, disabled: false, types: placement.types };
    let entryId: number;
    if (file) {
      const type = EXTENSIONS[file.mimeType] ? file.mimeType : 'image/jpeg';
      entryId = await magento.products.addMedia(sku, { ...entry, content: { base64_encoded_data: Buffer.from(file.bytes).toString('base64'), type, name: `${uploadName(itemId, image.id)}.${EXTENSIONS[type]}` } }, opts);
    } else {
      entryId = await addFromUrl(magento, sku, { entry, url: image.url, name: `${uploadName(itemId, image.id)}.${extensionOf(image)}` }, opts);
    }
    written.push({ entryId, placement, labels });
    aspects[IMAGE_ASPECT_PREFIX + image.id] = `${entryId}:${image.md5Checksum ?? ''}:${placement.state}`;
  }
  for (const { entryId, image, placement, labels } of plan.update) {
    await magento.products.updateMedia(sku, { id: entryId, media_type: 'image', label: labels.global, position: placement.position, disabled: false, types: placement.types }, opts);
    written.push({ entryId, placement, labels });
    aspects[IMAGE_ASPECT_PREFIX + image.id] = `${entryId}:${image.md5Checksum ?? ''}:${placement.state}`;
  }
  for (const store of labelStores(ctx)) {
    for (const { entryId, placement, labels } of written) {
      await magento.products.updateMedia(sku, { id: entryId, media_type: 'image', label: labels.stores[store] ?? '', position: placement.position, disabled: false, types: placement.types }, { ...opts, store });
    }
  }
  return aspects;
}
