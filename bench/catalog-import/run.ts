/**
 * Catalogue import benchmark (PlentyONE → Magento, the item import): for each catalogue size, the
 * initial full import into an empty Magento store, then a delta after 1 % of the variations got a new
 * price in PlentyONE. Per phase: variations/s, PlentyONE and Magento calls against the minimum, and
 * the process's peak RSS (image files downloaded from PlentyONE's storage are counted apart: they are not
 * API calls and cost no call budget); the initial import's speed also against a baseline measured in the same run
 * (the same PIM pages read raw with the PlentyONE client, without the profile).
 *
 *   npx tsx bench/catalog-import/run.ts                      # 10,000 and 100,000 variations
 *   npx tsx bench/catalog-import/run.ts --sizes 2000         # a quick look
 *   options: --changed 0.01 (share of variations changed before the delta)
 *
 * The sandboxes run in this process (their memory counts in the peak RSS, which is therefore an upper
 * bound of plentygate's). DATABASE_URL set: a PostgreSQL database of its own per size; otherwise PGlite.
 *
 * Minimum calls: PlentyONE, ceil(variations / 250) PIM pages + the attribute names (1 + one per mapped
 * attribute); Magento, per simple product one global save, one save per further store view and one
 * upload per image, per configurable the same for the parent and each child plus one option per super
 * attribute and one link per child. For the delta: the three change scans and one read per 50 changed
 * items on PlentyONE, one save per changed product on Magento.
 */
import { parseArgs } from 'node:util';
import { itemImportWorld } from '../../test/profiles/item-import-world.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, changed: { type: 'string', default: '0.01' } } });
const sizes = values.sizes.split(',').map((s) => Number(s.replace(/_/g, '')));
const share = Number(values.changed);
const log = (line: string) => process.stderr.write(`${line}\n`);
const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** API calls by route (logins left out; image files from PlentyONE's storage are not API calls: `images`). */
async function requests(url: string): Promise<Record<string, number>> {
  const { byRoute } = (await (await fetch(`${url}/_sandbox/requests`)).json()) as { byRoute: Record<string, number> };
  return Object.fromEntries(Object.entries(byRoute).filter(([r]) => !r.includes('/login') && !r.includes('/item/images/')));
}
async function imageDownloads(url: string): Promise<number> {
  const { byRoute } = (await (await fetch(`${url}/_sandbox/requests`)).json()) as { byRoute: Record<string, number> };
  return total(Object.fromEntries(Object.entries(byRoute).filter(([r]) => r.includes('/item/images/'))));
}
const reset = (url: string) => fetch(`${url}/_sandbox/requests`, { method: 'DELETE' });

const rows: string[][] = [];
for (const n of sizes) {
  log(`${n.toLocaleString('en')} variations: preparing…`);
  const w = await itemImportWorld({ variations: n, config: { batchSize: 50, collection: { pageSize: 250 } } });
  try {
    const items = [...w.catalog.items()];
    const configurables = items.filter((i) => i.type === 'configurable');
    const storeViews = 2;
    const minMagento = items.reduce((sum, i) => sum + (i.type === 'simple' ? storeViews + 1 : (i.variationCount + 1) * storeViews + i.configurableAttributes.length + i.variationCount + 1), 0);
    const minPlenty = Math.ceil(n / 250) + 1 + 2;

    log('  initial import…');
    await reset(w.plentyUrl);
    await reset(w.magentoUrl);
    let t = performance.now();
    const initial = await w.run({ mode: 'full' });
    const initialSeconds = (performance.now() - t) / 1000;
    const initialPlenty = total(await requests(w.plentyUrl));
    const initialMagento = total(await requests(w.magentoUrl));
    const images = await imageDownloads(w.plentyUrl);
    const initialRss = mb();

    log('  1 % delta…');
    const store = w.plenty.stores.items;
    const changed = Math.max(1, Math.round(n * share));
    const step = Math.floor(n / changed);
    const changedItems = new Set<number>();
    for (let k = 0; k < changed; k++) {
      const v = store.copyVariation(store.variation(w.catalog.variation(k * step).variationId)!);
      v.prices[0]!.price = Math.round(v.prices[0]!.price * 110) / 100;
      store.saveRelated(v);
      changedItems.add(v.itemId);
    }
    await reset(w.plentyUrl);
    await reset(w.magentoUrl);
    t = performance.now();
    const delta = await w.run({ mode: 'delta' });
    const deltaSeconds = (performance.now() - t) / 1000;
    const deltaPlenty = total(await requests(w.plentyUrl));
    const deltaMagento = total(await requests(w.magentoUrl));
    const minDeltaPlenty = 3 + Math.ceil(changedItems.size / 50);

    log('  baseline (raw PIM paging)…');
    const client = await w.connectors.plenty('plenty');
    await reset(w.plentyUrl);
    t = performance.now();
    for await (const page of client.pim.variations({ with: ['base', 'base.item', 'base.texts', 'base.images', 'salesPrices', 'barcodes', 'categories', 'attributeValues'], pageSize: 250 }).pages()) void page;
    const baselineSeconds = (performance.now() - t) / 1000;
    if (initial.failed || delta.failed) log(`  failures: initial ${initial.failed}, delta ${delta.failed}`);
    rows.push([
      n.toLocaleString('en'),
      `${Math.round(n / initialSeconds)}`, `${initialPlenty} / ${minPlenty}`, `${images}`, `${initialMagento} / ${minMagento}`, `${initialRss}`,
      (baselineSeconds / initialSeconds).toFixed(3),
      `${Math.round(changed / deltaSeconds)}`, `${deltaPlenty} / ${minDeltaPlenty}`, `${deltaMagento} / ${changed}`, `${mb()}`,
    ]);
  } finally {
    await w.close();
  }
}

const head = ['variations', 'initial var/s', 'PlentyONE calls / min', 'image files', 'Magento calls / min', 'peak RSS MB', 'vs raw paging', 'delta changed/s', 'PlentyONE calls / min', 'Magento calls / min', 'peak RSS MB'];
console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
