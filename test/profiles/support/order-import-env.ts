/**
 * What the order import tests share: a test database, both sandboxes in-process, stored credentials,
 * connectors and the link store. `close` undoes it all.
 */
import { randomBytes } from 'node:crypto';
import { createConnectors, type Connectors } from '../../../src/connectors/services.js';
import { createCredentialStore } from '../../../src/credentials/store.js';
import { SecretBox } from '../../../src/crypto/secret-box.js';
import { createLinkStore, type LinkStore } from '../../../src/profiles/links.js';
import { startSandboxes, type StartedSandboxes } from '../../../src/sandbox/start.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

export interface OrderImportEnv {
  db: TestDatabase;
  sandboxes: StartedSandboxes;
  connectors: Connectors;
  links: LinkStore;
  close(): Promise<void>;
}

export async function orderImportEnv(prefix: string): Promise<OrderImportEnv> {
  const db = await createTestDatabase();
  const sandboxes = await startSandboxes({ variations: 50, plan: 'plus' });
  const box = new SecretBox(randomBytes(32));
  const credentials = createCredentialStore(db.db, box);
  await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
  const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `test:${prefix}:${randomBytes(4).toString('hex')}` });
  return {
    db, sandboxes, connectors, links: createLinkStore(db.db),
    async close() {
      await connectors.close();
      await sandboxes.close();
      await db.destroy();
    },
  };
}
