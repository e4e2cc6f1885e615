/**
 * The storage PlentyONE serves item images from (the `url` of an image: its CDN, outside `/rest`, no
 * token). Generated images are stored under `images.sandbox.plentygate.invalid`; the REST answers that
 * carry images name the sandbox's own origin instead (`storageUrl`), so a client can download them.
 * The content is a 1×1 GIF (image-files.ts) whose MD5 is the image's `md5Checksum`, as PlentyONE's is.
 */
import { storedFile } from '../image-files.js';
import type { RestRouter } from '../rest-router.js';
import type { ItemStore } from '../stores/items.js';

export const GENERATED_STORAGE = 'https://images.sandbox.plentygate.invalid';

/** The URL a client downloads an image from: generated images from the sandbox itself. */
export function storageUrl(url: string, origin: string | undefined): string {
  return origin && url.startsWith(GENERATED_STORAGE) ? origin + url.slice(GENERATED_STORAGE.length) : url;
}

export function imageStorageRoutes(r: RestRouter, items: ItemStore): void {
  r.raw('/item/images/:itemId/:file', (c) => {
    const item = items.item(Number(c.req.param('itemId')));
    const path = `/item/images/${c.req.param('itemId')}/${c.req.param('file')}`;
    const image = item?.images.find((i) => i.url === GENERATED_STORAGE + path);
    if (!image) return c.text('Not Found', 404);
    return new Response(storedFile(image), { headers: { 'content-type': 'image/gif', 'cache-control': 'max-age=86400' } });
  });
}
