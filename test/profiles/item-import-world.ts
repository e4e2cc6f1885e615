/**
 * Set-up of the item import tests: a PlentyONE sandbox with a generated catalogue, a Magento sandbox
 * with the same categories and attributes but no products and no attribute options (an empty store),
 * the category links a category sync would have left, stored credentials, connectors and the profile.
 */
import { randomBytes } from 'node:crypto';
import { createConnectors, type Connectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { createLinkStore, type LinkStore } from '../../src/profiles/links.js';
import type { RunInput } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { itemImportType } from '../../src/profiles/types/plenty_item_import/index.js';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog, type Catalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox, feedFromCatalog, type MagentoSandbox } from '../../src/sandbox/magento/index.js';
import type { CatalogFeed } from '../../src/sandbox/magento/store/catalog-feed.js';
import { createPlentySandbox, type PlentySandbox } from '../../src/sandbox/plenty/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { insertProfile, silentLog } from './support/memory-type.js';

/** Two store views in two languages, both sales prices, VAT → tax classes, EAN, colour and size. */
export const itemImportConfig = {
  storeMapping: [
    { storeView: 'default', plentyId: 1000, language: 'en' },
    { storeView: 'de', plentyId: 1000, language: 'de' },
  ],
  prices: { regular: 1, special: 2 },
  vat: { taxClassMap: { 0: 2, 1: 5 } },
  barcodes: [{ attribute: 'ean', barcodeId: 1 }],
  configurables: { attributeMap: { 1: 'color', 2: 'size' } },
};

/** The catalogue's Magento side without products and attribute options: an empty store. */
export function emptyStore(catalog: Catalog): CatalogFeed {
  const feed = feedFromCatalog(catalog);
  return {
    ...feed,
    productCount: 0,
    productAt: () => undefined,
    positionOfSku: () => undefined,
    parentSkuOf: () => undefined,
    attributes: feed.attributes.map((a) => ({ ...a, options: [] })),
    sourceItemsOf: () => [],
    orderCount: 0,
  };
}

export interface ItemImportWorld {
  db: TestDatabase;
  catalog: Catalog;
  plenty: PlentySandbox;
  magento: MagentoSandbox;
  plentyUrl: string;
  magentoUrl: string;
  links: LinkStore;
  connectors: Connectors;
  profileId: number;
  setConfig(config: Record<string, unknown>): Promise<void>;
  run(input: RunInput, trigger?: 'manual' | 'event'): ReturnType<typeof executeRun>;
  /** Magento writes (method and route) since the last reset. */
  magentoWrites(): Promise<Record<string, number>>;
  resetRequests(): Promise<void>;
  close(): Promise<void>;
}

export async function itemImportWorld(options: { variations: number; config?: Record<string, unknown>; magentoFeed?: (feed: CatalogFeed) => CatalogFeed }): Promise<ItemImportWorld> {
  const db = await createTestDatabase();
  const catalog = createCatalog({ seed: 42, variations: options.variations });
  const plenty = createPlentySandbox({ plan: 'plus', catalog });
  const magento = createMagentoSandbox({ feed: (options.magentoFeed ?? ((f) => f))(emptyStore(catalog)) });
  const plentyApp: ServedApp = await serve(plenty.app);
  const magentoApp: ServedApp = await serve(magento.app);
  const box = new SecretBox(randomBytes(32));
  const credentials = createCredentialStore(db.db, box);
  await credentials.set('plenty', { kind: 'plenty', baseUrl: plentyApp.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: magentoApp.url, auth: { type: 'bearer', token: 'sandbox' } });
  const connectors: Connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `item-import-${randomBytes(4).toString('hex')}:` });
  const profileId = (await insertProfile(db.db, itemImportType.id, { ...itemImportConfig, ...options.config })).id;
  const links = createLinkStore(db.db);
  // The category links a category import (or export) leaves: Magento id 3 + index ↔ PlentyONE id.
  await links.upsertMany([...catalog.categories()].map((c) => ({ entityType: 'category', magentoKey: String(3 + c.index), plentyId: String(c.categoryId) })));
  const registry = new ProfileRegistry([itemImportType]);
  const log = async (method: 'GET' | 'DELETE') => (await fetch(`${magentoApp.url}/_sandbox/requests`, { method })).json() as Promise<{ byRoute?: Record<string, number> }>;
  return {
    db, catalog, plenty, magento, plentyUrl: plentyApp.url, magentoUrl: magentoApp.url, links, connectors, profileId,
    async setConfig(config) {
      await db.query('update profiles set config = $1 where id = $2', [JSON.stringify(config), profileId]);
    },
    run: (input, trigger = 'manual') => executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId, trigger, input }),
    async magentoWrites() {
      return Object.fromEntries(Object.entries((await log('GET')).byRoute ?? {}).filter(([route]) => !route.startsWith('GET ') && !route.includes('graphql')));
    },
    async resetRequests() {
      await log('DELETE');
      await fetch(`${plentyApp.url}/_sandbox/requests`, { method: 'DELETE' });
    },
    async close() {
      await connectors.close();
      await plentyApp.close();
      await magentoApp.close();
      await db.destroy();
    },
  };
}
