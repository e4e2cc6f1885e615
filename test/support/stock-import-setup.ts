import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { profiles } from '../../src/db/schema/index.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { seedProfiles } from '../../src/profiles/seed.js';
import { seededTypeIds } from '../../src/profiles/types/index.js';
import type { StartedSandboxes } from '../../src/sandbox/start.js';

/**
 * The database a spawned `serve` or `worker` will open (`env`'s DATABASE_URL or its embedded data folder):
 * migrated, the profiles seeded, both sandbox credentials sealed with `key`, and the stock import
 * configured with `mapping` and active.
 */
export async function prepareStockImport(
  env: NodeJS.ProcessEnv, sandboxes: StartedSandboxes, key: Buffer, mapping: { warehouseId: number; sourceCode: string }[],
): Promise<void> {
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: join(env.PLENTYGATE_DATA_DIR!, 'pglite') });
  try {
    await migrate(handle, env.DATABASE_URL);
    await seedProfiles(handle.db, await builtinRegistry(), seededTypeIds);
    const credentials = createCredentialStore(handle.db, new SecretBox(key));
    await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    const updated = await handle.db.update(profiles).set({ config: { warehouseMapping: mapping }, status: 'active' })
      .where(eq(profiles.typeId, 'plenty_stock_import')).returning();
    if (updated.length !== 1) throw new Error(`expected one stock import profile, found ${updated.length}`);
  } finally {
    await handle.close();
  }
}
