/**
 * The benchmark's database for one catalog size: with DATABASE_URL a PostgreSQL database of its own
 * (created here, dropped by `drop`), otherwise an embedded PGlite folder under the temp dir (removed
 * by `drop`). Migrated, with credentials for both sandboxes and the stock import profile; closed again,
 * so the phase processes open it themselves.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { profiles } from '../../src/db/schema/index.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';
import { createPostgresDatabase } from '../../test/support/db.js';

/** What a phase process needs to find the database, the credentials' key and the profile. */
export interface BenchTarget {
  url?: string | undefined;
  dataDir?: string | undefined;
  secretKey: string;
  profileId: number;
}

export interface BenchDatabase {
  kind: DatabaseHandle['kind'];
  target: BenchTarget;
  drop(): Promise<void>;
}

export async function prepareDatabase(sandboxes: { plenty: string; magento: string }, config: Record<string, unknown>): Promise<BenchDatabase> {
  const pg = process.env.DATABASE_URL ? await createPostgresDatabase() : undefined;
  const dataDir = pg ? undefined : mkdtempSync(join(tmpdir(), 'plentygate-reconcile-'));
  const drop = async () => (pg ? pg.drop() : rmSync(dataDir!, { recursive: true, force: true }));
  try {
    const handle = await openDatabase({ url: pg?.url, dataDir });
    await migrate(handle, pg?.url);
    const secretKey = randomBytes(32);
    const credentials = createCredentialStore(handle.db, new SecretBox(secretKey));
    await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento, auth: { type: 'bearer', token: 'sandbox' } });
    const [profile] = await handle.db.insert(profiles)
      .values({ typeId: stockImportType.id, name: 'Stock import', status: 'active', config })
      .returning();
    await handle.close();
    return { kind: handle.kind, target: { url: pg?.url, dataDir, secretKey: secretKey.toString('hex'), profileId: profile!.id }, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
