/**
 * Issue "Done when" for the item import, on PostgreSQL + Redis + BullMQ with two worker processes: an
 * initial import of 5,000 PlentyONE variations (simple and configurable, two languages, images,
 * categories) into an empty Magento store, with a `kill -9` of the worker in the middle. The run
 * resumes on the other worker and finishes; Magento holds every product once with one image each; a
 * second full run writes nothing; a price changed in PlentyONE reaches Magento through its callback.
 * `PLENTYGATE_E2E_ITEM_IMPORT_VARIATIONS` sets a smaller catalogue for a quick local run.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox, type PlentySandbox } from '../../src/sandbox/plenty/index.js';
import { emptyStore, itemImportConfig } from '../profiles/item-import-world.js';
import { waitFor } from '../queue/helpers.js';
import { distributedMissing } from '../support/redis-required.js';
import { startDistributed, stopChild, type Distributed } from './distributed.js';
import { changePlentyPrice, clearRequests, expectEveryProductOnce, linkCatalogCategories, magentoWrites } from './item-import-checks.js';

const VARIATIONS = Number(process.env.PLENTYGATE_E2E_ITEM_IMPORT_VARIATIONS ?? 5_000);
/** A job whose worker died is taken over after this (see item-export-crash.test.ts for the trade-off). */
const LEASE_MS = 10_000;
const unbounded = 10_000_000;

interface RunRow { id: string; status: string; trigger: string; processed: number; created: number; updated: number; skipped: number; failed: number; error: string | null }

describe.skipIf(distributedMissing)(`item import end to end: ${VARIATIONS} variations, a worker killed mid-import`, () => {
  const catalog = createCatalog({ seed: 42, variations: VARIATIONS });
  let plentySandbox: PlentySandbox;
  const magentoSandbox = createMagentoSandbox({ feed: emptyStore(catalog) });
  let plenty: ServedApp;
  let magento: ServedApp;
  let d: Distributed;
  let profileId = 0;

  const runs = () => d.runtime.db.query<RunRow>(`select id, status, trigger, processed, created, updated, skipped, failed, error from profile_runs where profile_id = $1 and trigger <> 'cron' order by id`, [profileId]);
  const finished = async (id: string) => {
    const row = (await runs()).find((r) => r.id === id);
    return row && row.status !== 'running' ? row : undefined;
  };

  beforeAll(async () => {
    const signKey = randomBytes(32).toString('hex');
    d = await startDistributed({ PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_DEBOUNCE_MS: '0', PLENTYGATE_JOB_LEASE_MS: String(LEASE_MS) },
      () => Promise.all([plenty?.close(), magento?.close()]));
    // The call budget is not under test; PlentyONE calls back the gateway on every change.
    plentySandbox = createPlentySandbox({
      catalog, webhook: { url: `${d.gateway.url}/webhooks/plenty`, signKey },
      plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
    });
    plenty = await serve(plentySandbox.app);
    magento = await serve(magentoSandbox.app);
    const credentials = d.runtime.credentials();
    await credentials.set('plenty', { kind: 'plenty', baseUrl: plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    await linkCatalogCategories(d.runtime.db.db, catalog);
    const { service } = d.runtime;
    const profile = await service.get('plenty_item_import');
    profileId = profile.id;
    expect((await service.updateConfig(profile.id, { ...itemImportConfig, batchSize: 50, collection: { pageSize: 250 } })).missing).toEqual([]);
    await service.test(profile.id);
    await service.enable(profile.id);
  }, 120_000);

  afterAll(async () => {
    await d?.close();
  }, 60_000);

  it('imports every product once although a worker is killed, writes nothing the second time, and follows a price callback', { timeout: 600_000 }, async () => {
    const { runtime } = d;
    const items = catalog.itemCount;
    const first = await d.startWorker();
    await runtime.service.requestRun(profileId, { trigger: 'manual', input: { mode: 'full' } });
    const started = await waitFor(async () => (await runs()).find((r) => r.processed > 0), 'the initial import under way', 120_000);
    const second = await d.startWorker();
    await waitFor(async () => (await runs()).find((r) => r.id === started.id)!.processed >= items * 0.2, '20 % of the items imported', 300_000);
    await stopChild(first, 'SIGKILL');
    expect(first.signalCode).toBe('SIGKILL');

    const done = await waitFor(() => finished(started.id), 'the import finished by the second worker', 480_000);
    expect(second.exitCode).toBeNull();
    // The first few failures, if any, with their records: what to read when this fails.
    const messages = await runtime.db.query<{ message: string }>(`select coalesce(record_key, '') || ': ' || message as message from profile_run_messages where run_id = $1 and level = 'error' order by id limit 5`, [done.id]);
    expect(done, messages.map((m) => m.message).join('\n')).toMatchObject({ status: 'completed', processed: items, failed: 0, error: null });
    // Products the cut-short batch had created were found by their SKU, not created again.
    expect(done.created + done.updated + done.skipped).toBe(items);
    expectEveryProductOnce(magentoSandbox, catalog, { details: false });
    const { products } = magentoSandbox.store;

    // A second full run finds nothing to write.
    await clearRequests(magento.url);
    const again = await runtime.service.requestRun(profileId, { trigger: 'manual', input: { mode: 'full' } });
    const rerun = await waitFor(async () => (await runs()).find((r) => r.id !== started.id && r.status !== 'running'), 'the second full run', 300_000);
    expect(again).toBeTruthy();
    expect(rerun).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await magentoWrites(magento.url)).toEqual({});

    // A price changed through PlentyONE's REST API reaches Magento through the variation callback.
    const v = catalog.variation(catalog.item(0).firstVariationIndex);
    const { items: store } = plentySandbox.stores;
    await changePlentyPrice(plenty.url, v, 999.5);
    expect(store.variation(v.variationId)!.prices[0]!.price).toBe(999.5);
    await waitFor(() => products.getBySku(v.sku)!.price === 999.5 || undefined, 'the new price in Magento', 60_000)
      .catch((error: Error) => { throw new Error(`${error.message}; callbacks: ${JSON.stringify(plentySandbox.webhooks.deliveries.slice(-3))}`); });
    // It was a run of the callback, which finishes cleanly.
    const event = await waitFor(async () => (await runs()).find((r) => r.trigger === 'event' && r.status !== 'running'), 'the callback\'s run', 60_000);
    expect(event).toMatchObject({ status: 'completed', failed: 0 });
  });
});
