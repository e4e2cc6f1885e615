/**
 * Product image files as Magento's web server serves them (`/media/catalog/product/<a>/<b>/<file>`,
 * no token): what PlentyONE downloads when an image is uploaded by URL, and what the item export reads
 * to upload by content or to compare checksums. A file uploaded through the API is served as it was
 * uploaded (so its checksum is the uploader's). A generated product's file (named after its SKU) exists
 * while its gallery names it; other image paths are served as they are asked for. Their content is a
 * small JPEG carrying the file path, so different files have different checksums.
 */
import type { Hono } from 'hono';
import type { MagentoStore } from './store/index.js';

const PREFIX = '/media/catalog/product';

/** A JPEG (SOI, JFIF APP0, a comment with the path, EOI) that differs per path. */
export function sandboxImageBytes(file: string): Buffer {
  const comment = Buffer.from(`plentygate sandbox image ${file}`, 'utf8');
  const length = comment.length + 2;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    Buffer.from([0xff, 0xfe, length >> 8, length & 0xff]), comment,
    Buffer.from([0xff, 0xd9]),
  ]);
}

function contentTypeOf(bytes: Buffer): string {
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  if (bytes[0] === 0x89 && bytes.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  return 'image/jpeg';
}

export function mountMediaFiles(app: Hono<any>, store: MagentoStore): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  app.get(`${PREFIX}/*`, (c) => {
    const file = decodeURIComponent(new URL(c.req.url).pathname.slice(PREFIX.length));
    const uploaded = store.mediaFiles.get(file);
    if (uploaded) return new Response(uploaded, { headers: { 'content-type': contentTypeOf(uploaded) } });
    // Generated galleries name their file after the SKU (`/p/g/pg-000001.jpg`).
    const base = file.split('/').pop()?.replace(/\.[a-z0-9]+$/i, '') ?? '';
    const product = store.products.getBySku(base.toUpperCase()) ?? store.products.getBySku(base);
    const known = product ? product.media.some((m) => m.file === file) : /\.(jpe?g|png|gif)$/i.test(file);
    if (!known) return c.text('Not Found', 404);
    return new Response(sandboxImageBytes(file), { headers: { 'content-type': 'image/jpeg' } });
  });
}
