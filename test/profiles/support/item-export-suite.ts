/**
 * An item export profile against a Magento sandbox with a generated catalogue and an empty PlentyONE
 * sandbox, run in-process (executeRun), with the calls a test checks: runs, PlentyONE writes by route,
 * a variation as PlentyONE holds it, config changes.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { createConnectors, type Connectors } from '../../../src/connectors/services.js';
import { createCredentialStore } from '../../../src/credentials/store.js';
import { SecretBox } from '../../../src/crypto/secret-box.js';
import { profileRunMessages, profiles } from '../../../src/db/schema/index.js';
import { createLinkStore } from '../../../src/profiles/links.js';
import type { RunInput } from '../../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../../src/profiles/registry.js';
import { executeRun } from '../../../src/profiles/runner.js';
import { itemExportType } from '../../../src/profiles/types/plenty_item_export/index.js';
import { serve, type ServedApp } from '../../../src/sandbox/common/serve.js';
import { createCatalog, type Catalog } from '../../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../../src/sandbox/plenty/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { insertProfile, silentLog } from './memory-type.js';
import { itemExportConfig, linkReferences } from './item-export-setup.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function startItemExportSuite(options: { variations: number; config?: Record<string, unknown>; attributeValuesLinked?: boolean }) {
  const db: TestDatabase = await createTestDatabase();
  const catalog: Catalog = createCatalog({ seed: 42, variations: options.variations });
  const plentySandbox = createPlentySandbox({ plan: 'plus' });
  const plenty: ServedApp = await serve(plentySandbox.app);
  const magentoSandbox = createMagentoSandbox({ catalog });
  const magento: ServedApp = await serve(magentoSandbox.app);
  const box = new SecretBox(randomBytes(32));
  const credentials = createCredentialStore(db.db, box);
  await credentials.set('plenty', { kind: 'plenty', baseUrl: plenty.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: magento.url, auth: { type: 'bearer', token: 'sandbox' } });
  const connectors: Connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `item-export-${randomBytes(4).toString('hex')}:` });
  const links = createLinkStore(db.db);
  await linkReferences(links, catalog, plenty.url, { attributeValues: options.attributeValuesLinked ?? true });
  let config: Record<string, unknown> = { ...itemExportConfig, ...options.config };
  const profileId = (await insertProfile(db.db, 'plenty_item_export', config)).id;
  const registry = new ProfileRegistry([itemExportType]);
  const requests = `${plenty.url}/_sandbox/requests`;
  const client = () => connectors.plenty('plenty');

  return {
    db, catalog, plenty, plentySandbox, magento, magentoSandbox, connectors, links, profileId,
    run: (input: RunInput) => executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId, trigger: 'manual', input }),
    /** The reasons a run recorded. */
    messages: async (runId: number) => (await db.db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, runId))).map((m) => m.message),
    async setConfig(patch: Record<string, unknown>) {
      config = { ...config, ...patch };
      await db.db.update(profiles).set({ config }).where(eq(profiles.id, profileId));
    },
    resetRequests: async () => { await fetch(requests, { method: 'DELETE' }); },
    /** PlentyONE write calls (no reads, no logins) since the last reset, by route. */
    async writes(): Promise<Record<string, number>> {
      const { byRoute } = await (await fetch(requests)).json() as { byRoute: Record<string, number> };
      return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith('GET ') && !route.includes('/login')));
    },
    /** The variation with this number as PlentyONE holds it, with prices, barcodes, attribute values, categories. */
    async variationOf(sku: string): Promise<Json | undefined> {
      const page = await (await client()).request('GET', '/rest/items/variations', { query: { numberExact: sku, with: 'variationSalesPrices,variationBarcodes,variationAttributeValues,variationCategories' } }) as { entries: Json[] };
      return page.entries[0];
    },
    client,
    async close() {
      await connectors.close();
      await plenty.close();
      await magento.close();
      await db.destroy();
    },
  };
}

export type ItemExportSuite = Awaited<ReturnType<typeof startItemExportSuite>>;

/**
 * For a describe block: a suite started and exported in full once before its tests (the export must
 * complete without failures), closed after them. The answer stands for the suite once it is started.
 */
export function exportedSuite(options: Parameters<typeof startItemExportSuite>[0]): ItemExportSuite {
  let suite: ItemExportSuite | undefined;
  beforeAll(async () => {
    suite = await startItemExportSuite(options);
    const first = await suite.run({ mode: 'full' });
    expect(first, (await suite.messages(first.runId)).join('\n')).toMatchObject({ status: 'completed', failed: 0 });
  }, 180_000);
  afterAll(async () => {
    await suite?.close();
  });
  return new Proxy({} as ItemExportSuite, {
    get: (_, key) => {
      if (!suite) throw new Error('the item export suite is not started yet (use it inside a test)');
      return suite[key as keyof ItemExportSuite];
    },
  });
}
