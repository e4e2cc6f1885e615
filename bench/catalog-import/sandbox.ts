/**
 * One sandbox of the catalogue import benchmark (BENCH_SYSTEM=plenty or magento) in a process of its
 * own: the import's peak RSS and CPU are its own, and PlentyONE's pages are not queued behind Magento's
 * writes in one event loop (they are two systems). Both generate the same catalogue (seed 42,
 * BENCH_VARIATIONS variations); Magento starts as an empty store with the catalogue's categories and
 * attributes (the item import tests' `emptyStore`). The PlentyONE call budget is set far above what a
 * run uses, so it never binds. Prints `READY {"url": …}`; exits on SIGTERM.
 *
 * Routes of the benchmark itself, outside the sandbox (not counted as API calls):
 * - `GET /_bench/cpu`: CPU seconds this process spent so far.
 * - `GET /_bench/catalog` (PlentyONE): the categories (for the category links a category sync leaves)
 *   and the minimum calls of an initial import.
 * - `POST /_bench/change {"share": 0.01}` (PlentyONE): a new price for that share of the variations,
 *   spread over the catalogue; answers how many variations and items changed and the minimum PlentyONE
 *   calls of the delta that follows.
 */
import { Hono } from 'hono';
import { serve } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';
import { emptyStore } from '../../test/profiles/item-import-world.js';

/** Store views of the benchmark's profile (itemImportConfig: default/en and de/de). */
const STORE_VIEWS = 2;
/** PIM page size of the benchmark's profile, and the attribute name reads (names + one per mapped attribute). */
const PAGE_SIZE = 250;
const ATTRIBUTE_READS = 1 + 2;
const IMAGES_PER_ITEM = 1;

const variations = Number(process.env.BENCH_VARIATIONS ?? 10_000);
const catalog = createCatalog({ seed: 42, variations });
const unbounded = 10_000_000;
const outer = new Hono();
outer.get('/_bench/cpu', (c) => {
  const { user, system } = process.cpuUsage();
  return c.json({ seconds: (user + system) / 1e6 });
});

if (process.env.BENCH_SYSTEM === 'magento') {
  const magento = createMagentoSandbox({ feed: emptyStore(catalog), token: 'sandbox' });
  outer.all('*', (c) => magento.app.fetch(c.req.raw, c.env));
} else {
  const plenty = createPlentySandbox({
    catalog, username: 'sandbox', password: 'sandbox',
    plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
  });
  outer.get('/_bench/catalog', (c) => {
    // Per product (simple, configurable, child): one global save and one save per further store view;
    // per item one upload for its image (the generated items have one). A configurable's super
    // attributes and child links ride in its save.
    let magento = 0;
    for (const i of catalog.items()) magento += (i.type === 'simple' ? 1 : i.variationCount + 1) * STORE_VIEWS + IMAGES_PER_ITEM;
    const categories = [...catalog.categories()].map((cat) => ({ index: cat.index, categoryId: cat.categoryId }));
    return c.json({ categories, minimum: { plenty: Math.ceil(variations / PAGE_SIZE) + ATTRIBUTE_READS, magento } });
  });
  outer.post('/_bench/change', async (c) => {
    const { share } = await c.req.json<{ share: number }>();
    const store = plenty.stores.items;
    const changed = Math.max(1, Math.round(variations * share));
    const step = Math.floor(variations / changed);
    const items = new Set<number>();
    let configurable = false;
    for (let k = 0; k < changed; k++) {
      const source = catalog.variation(k * step);
      configurable ||= source.itemType === 'configurable';
      const v = store.copyVariation(store.variation(source.variationId)!);
      v.prices[0]!.price = Math.round(v.prices[0]!.price * 110) / 100;
      store.saveRelated(v);
      items.add(v.itemId);
    }
    // The three change scans, one read per 50 changed items, and the attribute names once a
    // configurable's child is among them (its save carries its super attribute values).
    const minimum = 3 + Math.ceil(items.size / 50) + (configurable ? ATTRIBUTE_READS : 0);
    return c.json({ changed, items: items.size, minimum });
  });
  outer.all('*', (c) => plenty.app.fetch(c.req.raw, c.env));
}

const server = await serve(outer, 0, '127.0.0.1');
process.stdout.write(`READY ${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  // Ends even when closing fails or a connection lingers: a sandbox left behind holds the caller's pipes.
  setTimeout(() => process.exit(0), 1000).unref();
  void server.close().finally(() => process.exit(0));
});
