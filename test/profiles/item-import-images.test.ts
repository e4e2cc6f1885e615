/**
 * Item import images beyond the first upload, against both sandboxes: gallery positions and the
 * base/small/thumbnail roles follow PlentyONE's positions (also when they change later: the roles move
 * to the new first image, entries are updated in place, nothing is uploaded again); labels per store
 * view from PlentyONE's image names; per-variation images on a configurable's children. What a
 * merchant checks: the gallery as Magento's REST API answers it in each store view. A second run
 * writes nothing.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/sandbox/generator/index.js';
import { setPlentygateModuleInstalled } from '../../src/sandbox/magento/rest/plentygate-module.js';
import { GENERATED_STORAGE } from '../../src/sandbox/plenty/routes/image-storage.js';
import type { ImageRow } from '../../src/sandbox/plenty/stores/catalog-records.js';
import { engine } from '../support/db.js';
import { itemImportWorld, type ItemImportWorld } from './item-import-world.js';

interface Entry { id: number; label: string; position: number; types: string[]; file: string }

describe(`item import images on ${engine}`, () => {
  let w: ItemImportWorld;
  let simple: Item;
  let configurable: Item;
  const variationOf = (item: Item, k = 0) => w.catalog.variation(item.firstVariationIndex + k);
  const gallery = async (sku: string, store = 'all'): Promise<Entry[]> => {
    const answer = await fetch(`${w.magentoUrl}/rest/${store}/V1/products/${encodeURIComponent(sku)}/media`, { headers: { authorization: 'Bearer sandbox' } });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as Entry[]).sort((a, b) => a.position - b.position);
  };
  const roles = (entries: Entry[]) => entries.map((e) => e.types.join(','));
  const items = () => w.plenty.stores.items;
  const image = (itemId: number, id: number, position: number, extra: Partial<ImageRow> = {}): ImageRow => ({
    id, itemId, fileType: 'jpg', path: `S3:${itemId}:${id}.jpg`, url: `${GENERATED_STORAGE}/item/images/${itemId}/${id}.jpg`, position,
    createdAtMs: items().now(), updatedAtMs: items().now(), md5Checksum: createHash('md5').update(String(id)).digest('hex'), width: 1, height: 1, size: 43, ...extra,
  });
  const setImages = (itemId: number, change: (images: ImageRow[]) => ImageRow[]) => {
    const it = items().copyItem(items().item(itemId)!);
    it.images = change(it.images.map((i) => ({ ...i })));
    items().saveItem(it);
  };
  const importItem = (item: Item) => w.run({ mode: 'ids', ids: [String(item.itemId)] });
  const fileOf = (e: Entry) => e.file.split('/').pop()!.replace(/(_\d+)?\.\w+$/, '');
  /** Media writes Magento received since the last reset, as `METHOD <store>`: e.g. `{"PUT de": 1}`. */
  const mediaWrites = async (): Promise<Record<string, number>> => {
    const log = await (await fetch(`${w.magentoUrl}/_sandbox/requests`)).json() as { recent: { method: string; path: string }[] };
    const out: Record<string, number> = {};
    for (const { method, path } of log.recent) {
      const m = /^\/rest\/([^/]+)\/V1\/products\/[^/]+\/media/.exec(path);
      if (m && method !== 'GET') out[`${method} ${m[1]}`] = (out[`${method} ${m[1]}`] ?? 0) + 1;
    }
    return out;
  };
  /** A later moment in PlentyONE's clock (its timestamps have seconds). */
  const later = () => items().now() + 5_000;

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 40 });
    const all = [...w.catalog.items()];
    simple = all.find((i) => i.type === 'simple')!;
    configurable = all.find((i) => i.type === 'configurable' && i.variationCount >= 2)!;
    expect(await w.run({ mode: 'full' })).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(() => w?.close());

  it('gallery positions are PlentyONE\'s and the first image has the roles; a reorder moves the roles and positions without uploading again', async () => {
    const id = simple.itemId;
    setImages(id, (current) => [{ ...current[0]!, position: 1 }, image(id, 9001, 0), image(id, 9002, 5)]);
    expect(await importItem(simple)).toMatchObject({ status: 'completed', failed: 0 });
    const sku = variationOf(simple).sku;
    const first = await gallery(sku);
    expect(first.map(fileOf)).toEqual([`plenty-${id}-9001`, `plenty-${id}-${id * 10 + 1}`, `plenty-${id}-9002`]);
    expect(first.map((e) => e.position)).toEqual([1, 2, 6]);
    expect(roles(first)).toEqual(['image,small_image,thumbnail', '', '']);

    // Image 9002 moves to the front in PlentyONE.
    setImages(id, (current) => current.map((i) => (i.id === 9002 ? { ...i, position: 0 } : i.id === 9001 ? { ...i, position: 3 } : i)));
    await w.resetRequests();
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', failed: 0, updated: 1 });
    const moved = await gallery(sku);
    expect(moved.map(fileOf)).toEqual([`plenty-${id}-9002`, `plenty-${id}-${id * 10 + 1}`, `plenty-${id}-9001`]);
    expect(roles(moved)).toEqual(['image,small_image,thumbnail', '', '']);
    // The same entries, updated in place: nothing uploaded, nothing removed.
    expect(moved.map((e) => e.id).sort()).toEqual(first.map((e) => e.id).sort());
    // Two entries moved (the middle one kept its position and roles): two updates.
    expect(await mediaWrites()).toEqual({ 'PUT all': 2 });

    await w.resetRequests();
    expect(await importItem(simple)).toMatchObject({ status: 'completed', skipped: 1 });
    expect(await w.magentoWrites()).toEqual({});
  }, 120_000);

  it('labels per store view come from the PlentyONE image names (alternative text, else the name); a changed name is written, nothing else', async () => {
    await w.setConfig({ ...(await config()), images: { labels: 'alternate' } });
    const id = simple.itemId;
    const names = (en: string, de: string) => [{ lang: 'en', name: `${en} name`, alternate: en }, { lang: 'de', name: `${de} Name`, alternate: '' }];
    setImages(id, (current) => current.map((i) => ({ ...i, names: names(`alt ${i.id}`, `de ${i.id}`), updatedAtMs: later() })));
    expect(await importItem(simple)).toMatchObject({ status: 'completed', failed: 0, updated: 1 });
    const sku = variationOf(simple).sku;
    const global = await gallery(sku);
    expect(global.map((e) => e.label)).toEqual([`alt 9002`, `alt ${id * 10 + 1}`, 'alt 9001']);
    // The German store view shows the German names (no alternative text there), the English one the global labels.
    expect((await gallery(sku, 'de')).map((e) => e.label)).toEqual([`de 9002 Name`, `de ${id * 10 + 1} Name`, 'de 9001 Name']);
    expect((await gallery(sku, 'default')).map((e) => e.label)).toEqual(global.map((e) => e.label));
    expect(roles(await gallery(sku, 'de'))).toEqual(['image,small_image,thumbnail', '', '']);

    setImages(id, (current) => current.map((i) => (i.id === 9001 ? { ...i, names: names('renamed', 'umbenannt'), updatedAtMs: later() + 5_000 } : i)));
    await w.resetRequests();
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', failed: 0, updated: 1 });
    expect((await gallery(sku)).map((e) => e.label)).toEqual([`alt 9002`, `alt ${id * 10 + 1}`, 'renamed']);
    expect((await gallery(sku, 'de')).map((e) => e.label)).toEqual([`de 9002 Name`, `de ${id * 10 + 1} Name`, 'umbenannt Name']);
    // One entry changed: one update in the global scope and one in the German store view.
    expect(await mediaWrites()).toEqual({ 'PUT all': 1, 'PUT de': 1 });

    // After a reorder the German view (which keeps its own positions since it was written) follows too.
    setImages(id, (current) => current.map((i) => (i.id === 9001 ? { ...i, position: -1 } : i)));
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', failed: 0, updated: 1 });
    for (const store of ['all', 'de']) {
      const entries = await gallery(sku, store);
      expect(entries.map(fileOf)[0]).toBe(`plenty-${id}-9001`);
      expect(roles(entries)).toEqual(['image,small_image,thumbnail', '', '']);
    }
    await w.resetRequests();
    expect(await importItem(simple)).toMatchObject({ status: 'completed', skipped: 1 });
    expect(await w.magentoWrites()).toEqual({});
  }, 120_000);

  it('with images.variationImages a child gets the images linked to its variation, the configurable all of them', async () => {
    await w.setConfig({ ...(await config()), images: { variationImages: true } });
    const id = configurable.itemId;
    const [a, b] = [variationOf(configurable, 0), variationOf(configurable, 1)];
    setImages(id, (current) => [
      { ...current[0]!, position: 0, variationIds: [] },
      image(id, 8001, 1, { variationIds: [a.variationId] }),
      image(id, 8002, 2, { variationIds: [a.variationId, b.variationId] }),
    ]);
    expect(await importItem(configurable)).toMatchObject({ status: 'completed', failed: 0 });
    expect((await gallery(`item-${id}`)).map(fileOf)).toEqual([`plenty-${id}-${id * 10 + 1}`, `plenty-${id}-8001`, `plenty-${id}-8002`]);
    const childA = await gallery(a.sku);
    expect(childA.map(fileOf)).toEqual([`plenty-${id}-8001`, `plenty-${id}-8002`]);
    expect(roles(childA)).toEqual(['image,small_image,thumbnail', '']);
    const childB = await gallery(b.sku);
    expect(childB.map(fileOf)).toEqual([`plenty-${id}-8002`]);
    expect(roles(childB)).toEqual(['image,small_image,thumbnail']);

    await w.resetRequests();
    expect(await importItem(configurable)).toMatchObject({ status: 'completed', skipped: 1 });
    expect(await w.magentoWrites()).toEqual({});

    // 8001 is unlinked from variation a: its entry leaves a's gallery and the roles move to 8002.
    setImages(id, (current) => current.map((i) => (i.id === 8001 ? { ...i, variationIds: [] } : i)));
    expect(await w.run({ mode: 'delta' })).toMatchObject({ status: 'completed', failed: 0 });
    const after = await gallery(a.sku);
    expect(after.map(fileOf)).toEqual([`plenty-${id}-8002`]);
    expect(after[0]!.id).toBe(childA[1]!.id);
    expect(roles(after)).toEqual(['image,small_image,thumbnail']);
  }, 120_000);

  it('an entry removed in Magento is added again; an upload whose link was lost is adopted, not repeated', async () => {
    const sku = variationOf(simple).sku;
    const before = await gallery(sku);
    const removed = before.find((e) => fileOf(e) === `plenty-${simple.itemId}-9002`)!;
    await fetch(`${w.magentoUrl}/rest/all/V1/products/${sku}/media/${removed.id}`, { method: 'DELETE', headers: { authorization: 'Bearer sandbox' } });
    // Lose the link entry of another image, as a run that stopped between upload and link would.
    const link = await w.links.byPlentyId('variation', String(variationOf(simple).variationId));
    await w.db.query("update entity_links set aspect_hashes = aspect_hashes - 'img:9001' - 'import.images' where entity_type = 'variation' and magento_key = $1", [link!.magentoKey]);
    await w.resetRequests();
    expect(await importItem(simple)).toMatchObject({ status: 'completed', failed: 0, updated: 1 });
    const after = await gallery(sku);
    expect(after.map(fileOf).sort()).toEqual(before.map(fileOf).sort());
    expect(roles(after)).toEqual(['image,small_image,thumbnail', '', '']);
    expect((await mediaWrites())['POST all']).toBe(1);
  }, 120_000);

  it('the Magento sandbox updates a gallery entry as Magento does: the id from the body, an unknown one 404, a file makes a new entry', async () => {
    const sku = variationOf(simple).sku;
    const put = (store: string, entry: Record<string, unknown>) => fetch(`${w.magentoUrl}/rest/${store}/V1/products/${encodeURIComponent(sku)}/media/1`, {
      method: 'PUT', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' }, body: JSON.stringify({ entry }),
    });
    const unknown = await put('all', { id: 999_999, media_type: 'image', label: '', position: 1, disabled: false, types: [] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ message: 'There is no image with provided ID.' });

    const [first, second] = await gallery(sku);
    // The URL's entry id is not read; the body's is. Roles given to one entry leave the others.
    const moved = await put('all', { id: second!.id, media_type: 'image', label: 'moved', position: 9, disabled: false, types: ['image'] });
    expect(await moved.json()).toBe(true);
    const after = await gallery(sku);
    expect(after.find((e) => e.id === second!.id)).toMatchObject({ label: 'moved', position: 9, types: ['image'] });
    expect(after.find((e) => e.id === first!.id)!.types).toEqual(['small_image', 'thumbnail']);

    // Sent with its file, the entry is saved as a new one (a new id), as GalleryManagement::update does.
    await put('all', { id: second!.id, media_type: 'image', label: 'again', position: 9, disabled: false, types: [], file: second!.file });
    const replaced = await gallery(sku);
    expect(replaced.some((e) => e.id === second!.id)).toBe(false);
    expect(replaced.find((e) => e.label === 'again')).toBeDefined();
  });

  it('with images.upload "url" Magento downloads new images itself through the plentygate module; without the module, or when the file cannot be had, the item fails with the reason', async () => {
    await w.setConfig({ ...(await config()), images: { upload: 'url' } });
    const item = [...w.catalog.items()].filter((i) => i.type === 'simple').at(-2)!;
    const sku = variationOf(item).sku;
    setImages(item.itemId, (current) => [...current, image(item.itemId, 7001, 4)]);
    await w.resetRequests();
    expect(await importItem(item)).toMatchObject({ status: 'completed', failed: 0, updated: 1 });
    expect((await gallery(sku)).map(fileOf)).toEqual([`plenty-${item.itemId}-${item.itemId * 10 + 1}`, `plenty-${item.itemId}-7001`]);
    const log = await (await fetch(`${w.magentoUrl}/_sandbox/requests`)).json() as { byRoute: Record<string, number> };
    expect(Object.entries(log.byRoute).filter(([route]) => route.startsWith('POST') && route.includes('media'))).toEqual([['POST /rest/:storeCode/V1/plentygate/products/:sku/media', 1]]);

    // A file the storage does not have: Magento refuses, the item fails with its reason.
    setImages(item.itemId, (current) => [...current, { ...image(item.itemId, 7002, 5), url: `${w.plentyUrl}/storage/missing.jpg` }]);
    const missing = await importItem(item);
    expect(missing).toMatchObject({ status: 'partial', failed: 1 });
    expect((await messages(missing.runId)).join(' ')).toMatch(/could not be downloaded from .*missing\.jpg \(HTTP 404\)/);

    // A shop without the module: the reason says what to do.
    setImages(item.itemId, (current) => current.filter((i) => i.id !== 7002).concat(image(item.itemId, 7003, 6)));
    setPlentygateModuleInstalled(w.magento.store, false);
    try {
      const refused = await importItem(item);
      expect(refused).toMatchObject({ failed: 1 });
      expect((await messages(refused.runId)).join(' ')).toContain('needs the plentygate Magento module');
    } finally {
      setPlentygateModuleInstalled(w.magento.store, true);
    }
    expect(await importItem(item)).toMatchObject({ status: 'completed', failed: 0 });
    expect((await gallery(sku)).map(fileOf)).toContain(`plenty-${item.itemId}-7003`);
  }, 120_000);

  async function messages(runId: number): Promise<string[]> {
    return (await w.db.query<{ message: string }>("select message from profile_run_messages where run_id = $1 and level <> 'info' order by id", [runId])).map((r) => r.message);
  }

  async function config(): Promise<Record<string, unknown>> {
    const rows = await w.db.query<{ config: Record<string, unknown> | string }>('select config from profiles where id = $1', [w.profileId]);
    const c = rows[0]!.config;
    return typeof c === 'string' ? JSON.parse(c) as Record<string, unknown> : c;
  }
});
