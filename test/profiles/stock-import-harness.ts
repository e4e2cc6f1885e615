/**
 * Both sandboxes in-process, a fresh database with credentials for them, and the stock import profile,
 * for the stock import suites and the reconciliation benchmark.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { createConnectors, type Connectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { profiles } from '../../src/db/schema/index.js';
import type { RunInput } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun, type RunResult } from '../../src/profiles/runner.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';
import { startSandboxes, type StartSandboxesOptions, type StartedSandboxes } from '../../src/sandbox/start.js';
import type { SourceItemInput } from '../../src/connectors/magento/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { eq } from 'drizzle-orm';

export interface StockHarness {
  db: TestDatabase;
  sandboxes: StartedSandboxes;
  connectors: Connectors;
  profileId: number;
  /** Source items Magento received through its REST API, in order. */
  written: SourceItemInput[];
  /** Runs the profile (with `log`, the run logs there instead of nowhere). */
  run(input: RunInput, options?: { log?: Logger }): Promise<RunResult>;
  setConfig(config: Record<string, unknown>): Promise<void>;
  /** API calls both sandboxes answered since the last reset, by "METHOD route". */
  calls(): Promise<CallCounts>;
  resetCalls(): Promise<void>;
  /** Stock change in PlentyONE through its control API (as warehouse activity would). */
  setStock(variationId: number, warehouseId: number, quantity: number): Promise<void>;
  /** Deletes a product in Magento through its REST API (as an admin would). */
  deleteProduct(sku: string): Promise<void>;
  close(): Promise<void>;
}

export interface CallCounts {
  plenty: Record<string, number>;
  magento: Record<string, number>;
  total: number;
  status429: number;
}

export const silent = pino({ level: 'silent' });

export async function startStockHarness(options: StartSandboxesOptions & { config?: Record<string, unknown> }): Promise<StockHarness> {
  const db = await createTestDatabase();
  const sandboxes = await startSandboxes(options);
  const box = new SecretBox(randomBytes(32));
  const credentials = createCredentialStore(db.db, box);
  await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
  const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `stocktest:${randomUUID()}:` });
  const [profile] = await db.db.insert(profiles)
    .values({ typeId: stockImportType.id, name: 'Stock import', status: 'active', config: options.config ?? {} })
    .returning();
  const registry = new ProfileRegistry([stockImportType]);
  const written: SourceItemInput[] = [];
  sandboxes.magento.sandbox.store.subscribe((change) => {
    const c = change as { entity: string; sourceItem?: { sku: string; sourceCode: string; quantity: number; status: 0 | 1 } };
    if (c.entity === 'source_item' && c.sourceItem) {
      written.push({ sku: c.sourceItem.sku, source_code: c.sourceItem.sourceCode, quantity: c.sourceItem.quantity, status: c.sourceItem.status });
    }
  });
  // Counted as a user of the sandboxes would: through their control API.
  const requests = async (url: string, method = 'GET') => {
    const res = await fetch(`${url}/_sandbox/requests`, { method });
    if (!res.ok) throw new Error(`sandbox requests: ${res.status}`);
    return method === 'GET' ? (await res.json()) as { total: number; byRoute: Record<string, number>; byStatus: Record<string, number> } : undefined;
  };
  return {
    db, sandboxes, connectors, profileId: profile!.id, written,
    run: (input, runOptions) => executeRun({ db: db.db, registry, log: runOptions?.log ?? silent, services: { connectors } }, { profileId: profile!.id, trigger: 'manual', input }),
    async setConfig(config) {
      await db.db.update(profiles).set({ config }).where(eq(profiles.id, profile!.id));
    },
    async calls() {
      const p = (await requests(sandboxes.plenty.url))!;
      const m = (await requests(sandboxes.magento.url))!;
      return {
        plenty: p.byRoute, magento: m.byRoute, total: p.total + m.total,
        status429: (p.byStatus['429'] ?? 0) + (m.byStatus['429'] ?? 0),
      };
    },
    async resetCalls() {
      await requests(sandboxes.plenty.url, 'DELETE');
      await requests(sandboxes.magento.url, 'DELETE');
      written.length = 0;
    },
    async setStock(variationId, warehouseId, quantity) {
      const res = await fetch(`${sandboxes.plenty.url}/_sandbox/stock`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variationId, warehouseId, quantity }),
      });
      if (!res.ok) throw new Error(`sandbox stock: ${res.status} ${await res.text()}`);
    },
    async deleteProduct(sku) {
      const res = await fetch(`${sandboxes.magento.url}/rest/all/V1/products/${sku}`, { method: 'DELETE', headers: { authorization: 'Bearer sandbox' } });
      if (!res.ok) throw new Error(`Magento product delete: ${res.status} ${await res.text()}`);
    },
    async close() {
      await connectors.close();
      await sandboxes.close();
      await db.destroy();
    },
  };
}
