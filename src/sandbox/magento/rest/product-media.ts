/**
 * Media gallery entries of a product (`/V1/products/{sku}/media`), as Magento's
 * ProductAttributeMediaGalleryManagement answers them: `POST` takes the file as base64 content, checks it
 * the way Magento's ImageContentValidator does (valid base64, an image Magento can read, an allowed MIME
 * type, a plain file name) and answers the new entry id; the file lands under `/<a>/<b>/<name>` and is
 * served as uploaded.
 * `PUT` replaces an entry (GalleryManagement::update): the entry id comes from the body (the URL's is not
 * read), the roles it names leave the other entries, and an entry sent with a `file` becomes a new entry
 * with a new id. Scope as in Magento's gallery CreateHandler: a save in a store view's scope writes that
 * view's label, position and disabled flag for every entry of the product (what the view showed, the
 * updated entry as sent), so the view keeps them even when the global values change later.
 */
import type { Hono } from 'hono';
import type { MagentoStore, MediaEntry, MediaValues } from '../store/index.js';
import { GLOBAL_SCOPE, MagentoStoreError } from '../store/index.js';
import { noSuchEntity } from '../store/errors.js';
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

const isGlobal = (storeCode: string) => storeCode === GLOBAL_SCOPE || storeCode === 'admin';

/** The entry as a store view shows it: its own values there, else the global ones. */
export function mediaIn(m: MediaEntry, storeCode: string): Omit<MediaEntry, 'stores'> {
  const { stores, ...global } = m;
  const own = isGlobal(storeCode) ? undefined : stores?.[storeCode];
  return own ? { ...global, ...own } : global;
}

export function renderEntry(m: MediaEntry, storeCode: string) {
  const v = mediaIn(m, storeCode);
  return { id: v.id, media_type: 'image', label: v.label, position: v.position, disabled: v.disabled, types: v.types, file: v.file };
}

const NO_IMAGE = 'There is no image with provided ID.';

/**
 * `ProductAttributeMediaGalleryManagement::create`: checks the base64 content the way Magento's
 * ImageContentValidator does and adds the entry; answers its id.
 */
export async function addMediaEntry(store: MagentoStore, sku: string, entry: Record<string, unknown>): Promise<number> {
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
  const product = store.products.require(sku);
  const base = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
  const dir = `/${base[0] ?? '_'}/${base[1] ?? '_'}/`;
  // Magento renames a file whose name the media folder already holds (`name_1.jpg`), whichever product has it.
  const taken = (f: string) => store.mediaFiles.has(f) || product.media.some((m) => m.file === f);
  let file = dir + base;
  for (let n = 1; taken(file); n++) file = dir + base.replace(/(\.[a-z0-9]+)?$/, `_${n}$1`);
  store.mediaFiles.set(file, bytes);
  const id = await store.products.addMedia(product.sku, {
    file,
    label: str(entry.label) ?? '',
    position: Number(entry.position ?? product.media.length + 1),
    disabled: Boolean(entry.disabled),
    types: Array.isArray(entry.types) ? (entry.types as unknown[]).map(String) : [],
  });
  return id;
}

export function mediaRoutes(app: Hono<RestEnv>, store: MagentoStore): void {
  app.get('/products/:sku/media', (c) => c.json(store.products.require(c.req.param('sku')).media.map((m) => renderEntry(m, c.get('storeCode')))));

  app.post('/products/:sku/media', async (c) => c.json(String(await addMediaEntry(store, c.req.param('sku'), requireObject(await readJson(c), 'entry')))));

  app.put('/products/:sku/media/:entryId', async (c) => {
    const entry = requireObject(await readJson(c), 'entry');
    const product = store.products.require(c.req.param('sku'));
    const id = Number(entry.id);
    const current = product.media.find((m) => m.id === id);
    if (!current) throw noSuchEntity(NO_IMAGE);
    const storeCode = c.get('storeCode');
    const sent: MediaValues = {
      label: str(entry.label) ?? '',
      position: Number(entry.position ?? 0),
      disabled: Boolean(entry.disabled),
      types: Array.isArray(entry.types) ? (entry.types as unknown[]).map(String) : [],
    };
    const scoped = !isGlobal(storeCode);
    const media = product.media.map((m): MediaEntry => {
      const shown = mediaIn(m, storeCode);
      const values: MediaValues = m.id === id ? sent : { label: shown.label, position: shown.position, disabled: shown.disabled, types: shown.types.filter((t) => !sent.types.includes(t)) };
      if (!scoped) return { ...m, ...values };
      return { ...m, stores: { ...m.stores, [storeCode]: values } };
    });
    // An entry sent with a file is saved as a new entry (Magento clears its id), so it gets a new id.
    if (str(entry.file)) {
      await store.products.save({ sku: product.sku, media: media.filter((m) => m.id !== id) });
      await store.products.addMedia(product.sku, { ...sent, file: current.file });
    } else {
      await store.products.save({ sku: product.sku, media });
    }
    return c.json(true);
  });

  app.delete('/products/:sku/media/:entryId', async (c) => {
    await store.products.removeMedia(c.req.param('sku'), intParam(c.req.param('entryId')));
    return c.json(true);
  });
}
