/**
 * Media gallery entries of a product (`/V1/products/{sku}/media`), as Magento's
 * ProductAttributeMediaGalleryManagement answers them: `POST` takes the file as base64 content, checks it
 * the way Magento's ImageContentValidator does (valid base64, an image Magento can read, an allowed MIME
 * type, a plain file name) and answers the new entry id; the file lands under `/<a>/<b>/<name>`.
 */
import type { Hono } from 'hono';
import type { MagentoStore } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { intParam, readJson, requireObject, str, type RestEnv } from './http.js';

const ALLOWED = new Set(['image/jpg', 'image/jpeg', 'image/gif', 'image/png']);
const INVALID = 'The image content is invalid. Verify the content and try again.';

/** What the leading bytes say the file is (what getimagesizefromstring would read), or undefined. */
function sniff(bytes: Buffer): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 6 && ['GIF87a', 'GIF89a'].includes(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  return undefined;
}

function renderEntry(m: { id: number; label: string; position: number; disabled: boolean; types: string[]; file: string }) {
  return { id: m.id, media_type: 'image', label: m.label, position: m.position, disabled: m.disabled, types: m.types, file: m.file };
}

export function mediaRoutes(app: Hono<RestEnv>, store: MagentoStore): void {
  app.get('/products/:sku/media', (c) => c.json(store.products.require(c.req.param('sku')).media.map(renderEntry)));

  app.post('/products/:sku/media', async (c) => {
    const entry = requireObject(await readJson(c), 'entry');
    const content = (entry.content ?? {}) as Record<string, unknown>;
    const data = str(content.base64_encoded_data) ?? '';
    if (!data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw new MagentoStoreError(INVALID);
    const bytes = Buffer.from(data, 'base64');
    const kind = sniff(bytes);
    if (!kind) throw new MagentoStoreError(INVALID);
    const type = str(content.type) ?? '';
    if (!ALLOWED.has(type)) throw new MagentoStoreError('The image MIME type is not valid or not supported.');
    const name = str(content.name) ?? '';
    if (!name || /[/\\:*?"<>|]/.test(name)) throw new MagentoStoreError('Provided image name contains forbidden characters.');
    const product = store.products.require(c.req.param('sku'));
    const base = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
    const dir = `/${base[0] ?? '_'}/${base[1] ?? '_'}/`;
    const taken = new Set(product.media.map((m) => m.file));
    let file = dir + base;
    for (let n = 1; taken.has(file); n++) file = dir + base.replace(/(\.[a-z0-9]+)?$/, `_${n}$1`);
    const id = await store.products.addMedia(product.sku, {
      file,
      label: str(entry.label) ?? '',
      position: Number(entry.position ?? product.media.length + 1),
      disabled: Boolean(entry.disabled),
      types: Array.isArray(entry.types) ? (entry.types as unknown[]).map(String) : [],
    });
    return c.json(String(id));
  });

  app.delete('/products/:sku/media/:entryId', async (c) => {
    await store.products.removeMedia(c.req.param('sku'), intParam(c.req.param('entryId')));
    return c.json(true);
  });
}
