/**
 * The storage PlentyONE serves item images from (the `url` of an image: its CDN, outside `/rest`, no
 * token). Generated images are stored under `images.sandbox.plentygate.invalid`; the REST answers that
 * carry images name the sandbox's own origin instead (`storageUrl`), so a client can download them.
 * The content is a 1×1 GIF whose colour follows the image's checksum: a replaced image (new checksum)
 * is a different file.
 */
import type { RestRouter } from '../rest-router.js';
import type { ItemStore } from '../stores/items.js';

export const GENERATED_STORAGE = 'https://images.sandbox.plentygate.invalid';

/** The URL a client downloads an image from: generated images from the sandbox itself. */
export function storageUrl(url: string, origin: string | undefined): string {
  return origin && url.startsWith(GENERATED_STORAGE) ? origin + url.slice(GENERATED_STORAGE.length) : url;
}

function gif(checksum: string): Uint8Array {
  const rgb = [0, 2, 4].map((i) => Number.parseInt(checksum.slice(i, i + 2).padEnd(2, '0'), 16) || 0);
  return Uint8Array.from([
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, ...rgb, 0x00, 0x00, 0x00,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
  ]);
}

export function imageStorageRoutes(r: RestRouter, items: ItemStore): void {
  r.raw('/item/images/:itemId/:file', (c) => {
    const item = items.item(Number(c.req.param('itemId')));
    const path = `/item/images/${c.req.param('itemId')}/${c.req.param('file')}`;
    const image = item?.images.find((i) => i.url === GENERATED_STORAGE + path);
    if (!image) return c.text('Not Found', 404);
    return new Response(gif(image.md5Checksum), { headers: { 'content-type': 'image/gif', 'cache-control': 'max-age=86400' } });
  });
}
