/**
 * Shared set-up of the category tests: both sandboxes, a database, stored credentials and connectors,
 * and helpers that read the two trees the way a merchant would compare them.
 */
import { randomBytes } from 'node:crypto';
import { createConnectors, type Connectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { createLinkStore, type LinkStore } from '../../src/profiles/links.js';
import type { AnyProfileType, RunInput } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox, type MagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox, type PlentySandbox } from '../../src/sandbox/plenty/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { insertProfile, silentLog } from './support/memory-type.js';

export const storeMapping = [
  { storeView: 'default', plentyId: 1000, language: 'en' },
  { storeView: 'de', plentyId: 1000, language: 'de' },
];

export interface CategoryWorld {
  db: TestDatabase;
  plenty: PlentySandbox;
  magento: MagentoSandbox;
  plentyUrl: string;
  magentoUrl: string;
  connectors: Connectors;
  links: LinkStore;
  profileId: number;
  run(input: RunInput, trigger?: 'manual' | 'event'): ReturnType<typeof executeRun>;
  /** PlentyONE writes (method and route) since the last reset. */
  writes(): Promise<Record<string, number>>;
  resetRequests(): Promise<void>;
  close(): Promise<void>;
}

/** `plentyCatalog`: PlentyONE starts with the generated tree too (else empty). */
export async function categoryWorld(type: AnyProfileType, config: Record<string, unknown>, options: { plentyCatalog?: boolean } = {}): Promise<CategoryWorld> {
  const db = await createTestDatabase();
  const catalog = createCatalog({ seed: 42, variations: 200 });
  const plenty = createPlentySandbox({ plan: 'plus', ...(options.plentyCatalog ? { catalog } : {}) });
  const magento = createMagentoSandbox({ catalog });
  const plentyApp: ServedApp = await serve(plenty.app);
  const magentoApp: ServedApp = await serve(magento.app);
  const box = new SecretBox(randomBytes(32));
  const credentials = createCredentialStore(db.db, box);
  await credentials.set('plenty', { kind: 'plenty', baseUrl: plentyApp.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: magentoApp.url, auth: { type: 'bearer', token: 'sandbox' } });
  const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `categories-${randomBytes(4).toString('hex')}:` });
  const profileId = (await insertProfile(db.db, type.id, config)).id;
  const registry = new ProfileRegistry([type]);
  const requests = async () => (await (await fetch(`${plentyApp.url}/_sandbox/requests`)).json()) as { byRoute: Record<string, number> };
  return {
    db, plenty, magento, plentyUrl: plentyApp.url, magentoUrl: magentoApp.url, connectors, links: createLinkStore(db.db), profileId,
    run: (input, trigger = 'manual') => executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId, trigger, input }),
    async writes() {
      return Object.fromEntries(Object.entries((await requests()).byRoute).filter(([route]) => !route.startsWith('GET ') && !route.includes('/login')));
    },
    async resetRequests() {
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

/** A Magento subtree as "name (en) / name (de)" paths, the way the admin's tree shows it. */
export function magentoPaths(magento: MagentoSandbox, rootId: number): string[] {
  const { categories } = magento.store;
  const out: string[] = [];
  const walk = (id: number, prefix: string) => {
    for (const c of categories.childrenOf(id)) {
      const path = `${prefix}/${c.name}|${categories.nameIn(c, 'de')}`;
      out.push(path);
      walk(c.id, path);
    }
  };
  walk(rootId, '');
  return out.sort();
}

/** A PlentyONE subtree (client 1000) as "name (en) | name (de)" paths. */
export function plentyPaths(plenty: PlentySandbox, rootId: number | null): string[] {
  const store = plenty.stores.categories;
  const out: string[] = [];
  const name = (c: ReturnType<typeof store.get>, lang: string) => c?.details.find((d) => d.plentyId === 1000 && d.lang === lang)?.name ?? '?';
  const walk = (id: number | null, prefix: string) => {
    for (const c of store.childrenOf(id)) {
      const path = `${prefix}/${name(c, 'en')}|${name(c, 'de')}`;
      out.push(path);
      walk(c.id, path);
    }
  };
  walk(rootId, '');
  return out.sort();
}
