/**
 * The files behind the sandbox's generated item images: 1×1 GIFs whose colour follows a seed. PlentyONE's
 * `md5Checksum` is the MD5 of the stored file, and clients match images by it (the item export compares
 * it with Magento's files, so an image imported from PlentyONE and exported back is recognised): a
 * generated image's checksum is therefore the MD5 of the very bytes the storage serves.
 */
import { createHash } from 'node:crypto';

/** A 1×1 GIF coloured by the first six hex digits of `seed`. */
export function gif(seed: string): Uint8Array {
  const rgb = [0, 2, 4].map((i) => Number.parseInt(seed.slice(i, i + 2).padEnd(2, '0'), 16) || 0);
  return Uint8Array.from([
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, ...rgb, 0x00, 0x00, 0x00,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
  ]);
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const seedOf = (itemId: number) => (itemId * 2654435761 >>> 0).toString(16).padStart(8, '0');

/** The generated image of an item and its checksum (the MD5 of those bytes). */
export function generatedImage(itemId: number): { bytes: Uint8Array; md5Checksum: string } {
  const bytes = gif(seedOf(itemId));
  return { bytes, md5Checksum: md5(bytes) };
}

/**
 * The bytes served for an image: the generated file while its checksum is the generated one; a checksum
 * set otherwise (a test standing in for a replaced file) gets a file coloured by that checksum, so a
 * replaced image is a different file.
 */
export function storedFile(image: { itemId: number; md5Checksum: string }): Uint8Array {
  const generated = generatedImage(image.itemId);
  return generated.md5Checksum === image.md5Checksum ? generated.bytes : gif(image.md5Checksum);
}
