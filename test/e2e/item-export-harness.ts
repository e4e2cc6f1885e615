/**
 * The item export end to end on PostgreSQL + Redis + BullMQ: Magento sandbox with a generated catalog,
 * an empty PlentyONE sandbox (everything in it comes from the export), the runtime of this process
 * (queue, profile service; the tests add the gateway), and worker processes started and killed at will.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createLinkStore } from '../../src/profiles/links.js';
import { openRuntime, type Runtime } from '../../src/runtime/open.js';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog, type Catalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';
import { createPostgresDatabase } from '../support/db.js';
import { testRedisPrefix } from '../support/redis.js';
import { waitFor } from '../queue/helpers.js';
import { itemExportConfig, linkReferences } from '../profiles/support/item-export-setup.js';

/** Records per batch: one checkpoint, and one bulk call of prices and of category links, per 50 records. */
export const BATCH_SIZE = 50;

/** Tuned as for a large catalog: Magento read in its largest pages, batches as large as a bulk call. */
const ITEM_EXPORT_CONFIG = { ...itemExportConfig, collection: { pageSize: 300 }, batchSize: BATCH_SIZE };

const unbounded = 10_000_000;

export interface ItemExportE2e {
  catalog: Catalog;
  plenty: ServedApp & { sandbox: ReturnType<typeof createPlentySandbox> };
  magento: ServedApp & { sandbox: ReturnType<typeof createMagentoSandbox> };
  runtime: Runtime;
  /** The environment of this process's runtime and of every worker. */
  env: Record<string, string>;
  profileId: number;
  /** Starts a `plentygate worker` process and resolves once it consumes jobs. */
  startWorker(): Promise<ChildProcess>;
  /** PlentyONE write calls (everything but reads and logins) since the last reset, by route. */
  plentyWrites(): Promise<Record<string, number>>;
  resetPlentyRequests(): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startItemExportE2e(options: { variations: number; env?: Record<string, string> }): Promise<ItemExportE2e> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const children: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    const catalog = createCatalog({ seed: 42, variations: options.variations });
    // The call budget is not under test: the sandbox answers as fast as it can.
    const plentySandbox = createPlentySandbox({
      plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
    });
    const plenty = { ...(await serve(plentySandbox.app)), sandbox: plentySandbox };
    cleanup.push(() => plenty.close());
    const magentoSandbox = createMagentoSandbox({ catalog });
    const magento = { ...(await serve(magentoSandbox.app)), sandbox: magentoSandbox };
    cleanup.push(() => magento.close());
    const pg = (await createPostgresDatabase())!;
    cleanup.push(pg.drop);
    const redis = testRedisPrefix();
    cleanup.push(redis.cleanup);
    const env: Record<string, string> = {
      DATABASE_URL: pg.url, REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: redis.prefix,
      PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'error', ...options.env,
    };
    const runtime = await openRuntime(loadConfig(env), createLogger('error'), { command: 'test', queue: true });
    cleanup.push(() => runtime.close());

    const credentials = runtime.credentials();
    await credentials.set('plenty', { kind: 'plenty', baseUrl: plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    await linkReferences(createLinkStore(runtime.db.db), catalog);
    const profile = await runtime.service.get('plenty_item_export');
    expect((await runtime.service.updateConfig(profile.id, ITEM_EXPORT_CONFIG)).missing).toEqual([]);
    await runtime.service.test(profile.id);
    await runtime.service.enable(profile.id);

    const workerScript = fileURLToPath(new URL('./order-export-worker.ts', import.meta.url));
    const requests = `${plenty.url}/_sandbox/requests`;
    return {
      catalog, plenty, magento, runtime, env, profileId: profile.id, close,
      query: (text, params) => runtime.db.query(text, params),
      async startWorker() {
        const child = spawn(process.execPath, ['--import', 'tsx', workerScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        let out = '';
        let exited: string | undefined;
        child.stdout!.on('data', (d) => (out += d));
        child.once('exit', (code, signal) => (exited = `worker exited (${code ?? signal})`));
        await waitFor(() => {
          if (exited) throw new Error(exited);
          return out.includes('ready');
        }, 'a worker process ready', 45_000);
        return child;
      },
      async plentyWrites() {
        const { byRoute } = await (await fetch(requests)).json() as { byRoute: Record<string, number> };
        return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith('GET ') && !route.includes('/login')));
      },
      async resetPlentyRequests() {
        await fetch(requests, { method: 'DELETE' });
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Ends a worker process: SIGTERM (it finishes its jobs), SIGKILL after 10 s; at once when it is gone. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** SKU → number of PlentyONE variations with that number, and the items PlentyONE holds. */
export function plentyCatalog(plenty: ItemExportE2e['plenty']) {
  const items = plenty.sandbox.stores.items;
  const numbers = new Map<string, number>();
  for (let slot = 0; slot < items.variationSlots; slot++) {
    const v = items.variation(items.variationIdAt(slot));
    if (v) numbers.set(v.number, (numbers.get(v.number) ?? 0) + 1);
  }
  let itemCount = 0;
  for (let slot = 0; slot < items.itemSlots; slot++) if (items.item(items.itemIdAt(slot))) itemCount++;
  return { numbers, itemCount };
}
