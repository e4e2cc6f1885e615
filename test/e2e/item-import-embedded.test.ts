/**
 * Issue "Done when" for the item import on the engines the environment names — the embedded default
 * (PGlite in a data folder + the embedded queue) when DATABASE_URL is unset, PostgreSQL (+ Redis when
 * REDIS_URL is set) otherwise — through one real `plentygate serve` process: an initial full import of
 * PlentyONE variations (simple and configurable, two languages, images, categories) into an empty
 * Magento store, configured, tested, enabled and started through the admin API as a merchant would.
 * The serve process is killed with SIGKILL in the middle of the import and started again on the same
 * data folder (database); the run resumes from its checkpoint and finishes. Magento then holds every
 * product once with its price, its name in each store view and one image; a second full run writes
 * nothing; a price changed in PlentyONE reaches Magento through PlentyONE's signed callback.
 * 1,000 variations by default; `PLENTYGATE_E2E_ITEM_IMPORT_EMBEDDED_VARIATIONS` sets another size (the
 * issue names 5,000). The two-worker PostgreSQL + Redis variant is item-import.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../src/runtime/free-port.js';
import { openRuntime } from '../../src/runtime/open.js';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';
import { waitForOutput } from '../cli/cli.js';
import { emptyStore, itemImportConfig } from '../profiles/item-import-world.js';
import { waitFor } from '../queue/helpers.js';
import { engine } from '../support/db.js';
import { redisMissing } from '../support/redis-required.js';
import { stopChild } from './distributed.js';
import { changePlentyPrice, clearRequests, expectEveryProductOnce, linkCatalogCategories, magentoWrites } from './item-import-checks.js';
import { engineEnvironment, storeSandboxCredentials } from './serve-on-engines.js';

const VARIATIONS = Number(process.env.PLENTYGATE_E2E_ITEM_IMPORT_EMBEDDED_VARIATIONS ?? 1_000);
const withRedis = Boolean(process.env.REDIS_URL) && !redisMissing;
/** The killed process's job is taken over by the restarted one once its lease runs out. */
const LEASE_MS = 3_000;
const unbounded = 10_000_000;
const PAGE_SIZE = 100;
const cliSource = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

interface Run { id: number; status: string; trigger: string; processed: number; created: number; updated: number; skipped: number; failed: number; error?: string | null }

describe(`item import end to end on ${engine}${withRedis ? ' + Redis' : ''}: ${VARIATIONS} variations, serve killed with SIGKILL mid-import`, () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  const catalog = createCatalog({ seed: 42, variations: VARIATIONS });
  const magentoSandbox = createMagentoSandbox({ feed: emptyStore(catalog) });
  const token = randomBytes(32).toString('base64url');
  let plentySandbox: ReturnType<typeof createPlentySandbox>;
  let plenty: ServedApp;
  let magento: ServedApp;
  let env: Record<string, string>;
  let base = '';
  let child: ChildProcess | undefined;

  /** `plentygate serve` built from the sources, as its own process; resolves once it listens. */
  const startServe = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', cliSource, 'serve'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    const started = child;
    cleanup.push(() => stopChild(started));
    await waitForOutput(started, /API docs:/, 120_000);
  };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const runs = async () => (await api<Run[]>('GET', '/runs?limit=20')).filter((r) => r.trigger !== 'cron').reverse();
  const finished = async (id: number) => (await runs()).find((r) => r.id === id && r.status !== 'running');
  /** PlentyONE's PIM variation pages read since its request log was last cleared. */
  const pimPagesRead = () => plentySandbox.log.snapshot().byRoute['GET /rest/pim/variations'] ?? 0;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const signKey = randomBytes(32).toString('hex');
    // The call budget is not under test; PlentyONE calls back the gateway on every change.
    plentySandbox = createPlentySandbox({
      catalog, webhook: { url: `${base}/webhooks/plenty`, signKey },
      plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
    });
    plenty = await serve(plentySandbox.app);
    cleanup.push(() => plenty.close());
    magento = await serve(magentoSandbox.app);
    cleanup.push(() => magento.close());
    env = await engineEnvironment({
      port, redis: withRedis, cleanup,
      env: { PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_DEBOUNCE_MS: '0', PLENTYGATE_JOB_LEASE_MS: String(LEASE_MS), PLENTYGATE_API_TOKENS: token },
    });
    // Before serve holds the database: credentials (`credentials:set`) and the category links a category
    // sync would have left.
    const runtime = await openRuntime(loadConfig(env), createLogger('error'), { command: 'test', migrate: true });
    try {
      await storeSandboxCredentials(runtime, { plenty, magento });
      await linkCatalogCategories(runtime.db.db, catalog);
    } finally {
      await runtime.close();
    }
    await startServe();
    // Configure, test, enable: the admin API, as a merchant would. Pages of 100 variations, so that the
    // pages read after the restart show where the run resumed.
    const configured = await api<{ missing: string[] }>('PUT', '/profiles/plenty_item_import/config', { config: { ...itemImportConfig, batchSize: 50, collection: { pageSize: PAGE_SIZE } } });
    expect(configured.missing).toEqual([]);
    await api('POST', '/profiles/plenty_item_import/test');
    expect((await api<{ status: string }>('POST', '/profiles/plenty_item_import/enable')).status).toBe('active');
  }, 180_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }, 60_000);

  it('imports every product once although serve is killed, writes nothing the second time, and follows a price callback', { timeout: 600_000 }, async () => {
    const items = catalog.itemCount;
    const configurables = [...catalog.items()].filter((i) => i.type === 'configurable').length;
    const { products } = magentoSandbox.store;
    await api('POST', '/profiles/plenty_item_import/runs', { mode: 'full' });
    const started = await waitFor(async () => (await runs()).find((r) => r.processed > 0), 'the initial import under way', 120_000);

    // SIGKILL once some products exist (past the first pages) and well before the run completes.
    await waitFor(() => products.count >= (VARIATIONS + configurables) * 0.3 || undefined, '30 % of the products in Magento', 300_000);
    const killed = child!;
    await stopChild(killed, 'SIGKILL');
    expect(killed.signalCode).toBe('SIGKILL');
    const atKill = products.count;
    expect(atKill).toBeLessThan(VARIATIONS + configurables);

    // serve again on the same data folder (database): the run resumes from its checkpoint, not from page 1.
    await clearRequests(plenty.url);
    await startServe();
    const done = await waitFor(() => finished(started.id), 'the import finished after the restart', 400_000);
    const details = await api<{ messages: { level: string; recordKey: string | null; message: string }[] }>('GET', `/runs/${done.id}`);
    const errors = details.messages.filter((m) => m.level === 'error').slice(0, 5).map((m) => `${m.recordKey ?? ''}: ${m.message}`);
    expect(done, errors.join('\n')).toMatchObject({ status: 'completed', processed: items, failed: 0 });
    // Products the cut-short batch had created were found by their SKU, not created again.
    expect(done.created + done.updated + done.skipped).toBe(items);
    expect((await runs()).filter((r) => r.trigger === 'manual')).toHaveLength(1);
    const pages = Math.ceil(VARIATIONS / PAGE_SIZE);
    expect(pimPagesRead()).toBeGreaterThan(0);
    expect(pimPagesRead()).toBeLessThan(pages);

    // Every product once, with its price, its name per store view, one image.
    expectEveryProductOnce(magentoSandbox, catalog, { details: true });

    // A second full run finds nothing to write.
    await clearRequests(magento.url);
    await api('POST', '/profiles/plenty_item_import/runs', { mode: 'full' });
    const rerun = await waitFor(async () => (await runs()).find((r) => r.id !== started.id && r.trigger === 'manual' && r.status !== 'running'), 'the second full run', 300_000);
    expect(rerun).toMatchObject({ status: 'completed', created: 0, updated: 0, failed: 0 });
    expect(await magentoWrites(magento.url)).toEqual({});

    // A price changed through PlentyONE's REST API reaches Magento through the signed variation callback.
    const v = catalog.variation(catalog.item(0).firstVariationIndex);
    await changePlentyPrice(plenty.url, v, 999.5);
    await waitFor(() => products.getBySku(v.sku)!.price === 999.5 || undefined, 'the new price in Magento', 60_000)
      .catch((error: Error) => { throw new Error(`${error.message}; callbacks: ${JSON.stringify(plentySandbox.webhooks.deliveries.slice(-3))}`); });
    const event = await waitFor(async () => (await runs()).find((r) => r.trigger === 'event' && r.status !== 'running'), 'the callback\'s run', 60_000);
    expect(event).toMatchObject({ status: 'completed', failed: 0 });
  });
});
