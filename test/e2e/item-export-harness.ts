/**
 * The item export end to end on PostgreSQL + Redis + BullMQ (see distributed.ts): Magento sandbox with a
 * generated catalog, an empty PlentyONE sandbox (everything in it comes from the export), and worker
 * processes started and killed at will.
 */
import { expect } from 'vitest';
import { createLinkStore } from '../../src/profiles/links.js';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog, type Catalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';
import { itemExportConfig, linkReferences } from '../profiles/support/item-export-setup.js';
import { startDistributed, type Distributed } from './distributed.js';
import { sleep, waitFor } from '../queue/helpers.js';
import { pendingWork } from '../support/queue-idle.js';

export { stopChild } from './distributed.js';

/** Records per batch: one checkpoint, and one bulk call of prices and of category links, per 50 records. */
export const BATCH_SIZE = 50;

/** Tuned as for a large catalog: Magento read in its largest pages, batches as large as a bulk call. */
const ITEM_EXPORT_CONFIG = { ...itemExportConfig, collection: { pageSize: 300 }, batchSize: BATCH_SIZE };

const unbounded = 10_000_000;

export interface ItemExportE2e extends Distributed {
  catalog: Catalog;
  plenty: ServedApp & { sandbox: ReturnType<typeof createPlentySandbox> };
  magento: ServedApp & { sandbox: ReturnType<typeof createMagentoSandbox> };
  profileId: number;
  /** PlentyONE write calls (everything but reads and logins) since the last reset, by route. */
  plentyWrites(): Promise<Record<string, number>>;
  resetPlentyRequests(): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

export async function startItemExportE2e(options: { variations: number; env?: Record<string, string> }): Promise<ItemExportE2e> {
  const catalog = createCatalog({ seed: 42, variations: options.variations });
  // The call budget is not under test: the sandbox answers as fast as it can.
  const plentySandbox = createPlentySandbox({
    plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
  });
  const plenty = { ...(await serve(plentySandbox.app)), sandbox: plentySandbox };
  const magentoSandbox = createMagentoSandbox({ catalog });
  let magento: ItemExportE2e['magento'];
  let deployment: Distributed;
  try {
    magento = { ...(await serve(magentoSandbox.app)), sandbox: magentoSandbox };
    deployment = await startDistributed(options.env ?? {}, () => Promise.all([plenty.close(), magento.close()]));
  } catch (error) {
    await plenty.close();
    throw error;
  }
  try {
    const { runtime } = deployment;
    const credentials = runtime.credentials();
    await credentials.set('plenty', { kind: 'plenty', baseUrl: plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    await linkReferences(createLinkStore(runtime.db.db), catalog, plenty.url);
    const profile = await runtime.service.get('plenty_item_export');
    expect((await runtime.service.updateConfig(profile.id, ITEM_EXPORT_CONFIG)).missing).toEqual([]);
    await runtime.service.test(profile.id);
    await runtime.service.enable(profile.id);

    const requests = `${plenty.url}/_sandbox/requests`;
    return {
      ...deployment, catalog, plenty, magento, profileId: profile.id,
      query: (text, params) => runtime.db.query(text, params),
      async plentyWrites() {
        const { byRoute } = await (await fetch(requests)).json() as { byRoute: Record<string, number> };
        return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith('GET ') && !route.includes('/login')));
      },
      async resetPlentyRequests() {
        await fetch(requests, { method: 'DELETE' });
      },
    };
  } catch (error) {
    await deployment.close();
    throw error;
  }
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

/** Waits until every Magento webhook is delivered and dispatched and no job waits, is delayed or runs, twice in a row. */
export async function settled(e2e: ItemExportE2e, timeoutMs: number): Promise<void> {
  await fetch(`${e2e.magento.url}/_sandbox/webhooks/drain`, { method: 'POST' });
  let idle = 0;
  await waitFor(async () => {
    const [pending] = await e2e.query<{ n: number }>(`select count(*)::int as n from webhook_inbox where status = 'pending'`);
    idle = pending!.n === 0 && (await pendingWork(e2e.runtime.queue!)) === 0 ? idle + 1 : 0;
    if (idle < 2) await sleep(250);
    return idle >= 2;
  }, 'the webhooks dispatched and the queue idle', timeoutMs);
}
