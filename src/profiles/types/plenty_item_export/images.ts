/**
 * Item images. PlentyONE answers an upload with its own storage URL, so an image is never matched by
 * URL: the link keeps, per Magento gallery file, the PlentyONE image id and the MD5 PlentyONE reported.
 * A re-run uploads what has no id yet; a run whose links cannot be trusted (it died mid-batch) matches
 * the Magento files to PlentyONE's images by checksum first (`matchImages`), so a crash never leaves
 * an image twice. With media.checksum the Magento file's MD5 is part of the record: a file whose
 * content changed is uploaded again and its old image deleted. With media.deleteRemoved, images gone
 * from the Magento gallery are deleted in PlentyONE. A kept image follows its gallery position and
 * media.referrers (image-placement.ts).
 */
import { downloadMedia } from '../../../connectors/magento/media.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { ItemExportConfig } from './config.js';
import { itemHashes } from './hashes.js';
import type { ImageState, ItemState } from './link-state.js';
import type { ImageEntry } from './magento-source.js';
import type { ItemRecord } from './record.js';
import { placeImage, uploadAvailabilities } from './image-placement.js';

export interface ImageDeps {
  plenty: PlentyClient;
  media: ItemExportConfig['media'];
  signal: AbortSignal;
}

const fileTypeOf = (key: string) => /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
const fileNameOf = (key: string) => key.split('/').pop()?.replace(/\.[a-z0-9]+$/i, '').replace(/[^A-Za-z0-9_-]/g, '_');

/** The record's images with the MD5 of each Magento file (media.checksum: change detection). */
export async function withChecksums(images: ImageEntry[], signal: AbortSignal): Promise<ImageEntry[]> {
  return Promise.all(images.map(async (i) => ({ ...i, md5: (await downloadMedia(i.url, signal)).md5 })));
}

async function upload(itemId: number, image: ImageEntry, position: number, referrers: readonly string[], deps: ImageDeps): Promise<ImageState> {
  const common = {
    position, fileType: fileTypeOf(image.key), uploadFileName: fileNameOf(image.key),
    ...(referrers.length ? { availabilities: uploadAvailabilities(referrers) } : {}),
  };
  const body = deps.media.upload === 'content'
    ? { ...common, uploadImageData: (await downloadMedia(image.url, deps.signal)).bytes.toString('base64') }
    : { ...common, uploadUrl: image.url };
  const answer = await deps.plenty.items.uploadImage(itemId, body, deps.signal);
  return { key: image.key, id: answer.id, ...(answer.md5Checksum ? { md5: answer.md5Checksum } : {}), position, ...(referrers.length ? { referrers: [...referrers] } : {}) };
}

/** Writes the record's images; `item.images` follows every upload and delete as it happens. */
export async function writeImages(record: ItemRecord, item: ItemState, deps: ImageDeps, written: Set<string>): Promise<void> {
  const wanted = itemHashes(record).images;
  if (item.hashes.images === wanted) return;
  const have = new Map(item.images.map((i) => [i.key, i]));
  const referrers = record.imageReferrers ?? [];
  for (const [position, image] of record.images.entries()) {
    const old = have.get(image.key);
    const changed = old !== undefined && image.md5 !== undefined && old.md5 !== undefined && old.md5 !== image.md5;
    if (old && !changed) {
      // Kept: moved to its gallery position, shown where media.referrers says.
      const placed = await placeImage(deps.plenty, item.itemId, old, position, referrers, deps.signal);
      item.images = item.images.map((i) => (i === old ? placed.state : i));
      if (placed.wrote) written.add('images');
      continue;
    }
    const stored = await upload(item.itemId, image, position, referrers, deps);
    item.images = [...item.images.filter((i) => i !== old), stored];
    if (old?.id !== undefined) {
      // The file's content changed: its new upload replaces the old image.
      await deps.plenty.items.deleteImage(item.itemId, old.id, deps.signal);
    }
    written.add('images');
  }
  if (deps.media.deleteRemoved) {
    const keys = new Set(record.images.map((i) => i.key));
    for (const old of [...item.images]) {
      if (keys.has(old.key)) continue;
      if (old.id !== undefined) await deps.plenty.items.deleteImage(item.itemId, old.id, deps.signal);
      item.images = item.images.filter((i) => i !== old);
      written.add('images');
    }
  }
  item.hashes.images = wanted;
}

/**
 * The record's images PlentyONE already holds, matched by checksum: each Magento file's MD5 (from the
 * record, else downloaded) against the MD5 of PlentyONE's images, each PlentyONE image claimed once.
 */
export async function matchImages(plenty: PlentyClient, itemId: number, images: ImageEntry[], signal: AbortSignal): Promise<ImageState[]> {
  if (images.length === 0) return [];
  const held = await plenty.items.images(itemId, signal);
  if (held.length === 0) return [];
  const unclaimed = held.filter((h) => h.md5Checksum);
  const out: ImageState[] = [];
  for (const image of images) {
    const md5 = image.md5 ?? (await downloadMedia(image.url, signal)).md5;
    const found = unclaimed.findIndex((h) => h.md5Checksum === md5);
    if (found < 0) continue;
    const [match] = unclaimed.splice(found, 1);
    out.push({ key: image.key, id: match!.id, md5 });
  }
  return out;
}
