/**
 * An order export against both sandboxes, in this process: a migrated test database, credentials in
 * the credential store, the profile configured through the service, runs through `executeRun` with
 * real connectors.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import type { RunInput, RunTrigger } from '../../src/profiles/profile-type.js';
import { createProfileService } from '../../src/profiles/service.js';
import { orderExportSandboxConfig } from '../../src/profiles/types/plenty_order_export/sandbox-config.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { createTestDatabase } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';

/** A config that maps everything the sandboxes use except `cashondelivery` (so it can fail). */
export const sandboxOrderConfig: Record<string, unknown> = orderExportSandboxConfig;

export type OrderExportHarness = Awaited<ReturnType<typeof startOrderExportHarness>>;

export async function startOrderExportHarness(config: Record<string, unknown> = sandboxOrderConfig) {
  const sandboxes: StartedSandboxes = await startSandboxes({ variations: 60, customers: 5, orders: 0 });
  const db = await createTestDatabase();
  const registry = await builtinRegistry();
  const box = new SecretBox(randomBytes(32));
  const credentials = createCredentialStore(db.db, box);
  await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
  const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `pgtest-${randomBytes(4).toString('hex')}`, timeoutMs: 5_000 });
  const service = createProfileService({ db: db.db, registry });
  const profile = await service.create('plenty_order_export');
  await service.updateConfig(profile.id, config);
  const log = pino({ level: 'silent' });

  const magento = (method: string, path: string, body?: unknown) => magentoCall(sandboxes.magento.url, method, path, body);

  return {
    sandboxes, db, service, profile, connectors, credentials,
    plentyStores: sandboxes.plenty.sandbox.stores,
    /** Places an order the way a shopper does; answers its increment id. */
    async placeOrder(order: { items: { sku: string; qty: number }[]; email?: string; customerId?: number; paymentMethod?: string; shippingMethod?: string; storeCode?: string }) {
      const placed = await magento('POST', '/_sandbox/orders', order);
      return { incrementId: String(placed.increment_id), entityId: Number(placed.entity_id) };
    },
    magento,
    /** One run; pass the same `jobId` again to act as the queue's retry of a failed job (the run resumes). */
    run(input: RunInput, trigger: RunTrigger = 'event', jobId?: string) {
      return executeRun({ db: db.db, registry, log, services: { connectors } }, { profileId: profile.id, trigger, input, ...(jobId ? { jobId } : {}) });
    },
    async configure(next: Record<string, unknown>) {
      await service.updateConfig(profile.id, next);
    },
    /** PlentyONE orders carrying this external order id. */
    ordersFor(externalOrderId: string) {
      const orders = sandboxes.plenty.sandbox.stores.orders;
      return orders.all().filter((o) => orders.externalOrderId(o) === externalOrderId);
    },
    plentyCalls(method: string, route: string) {
      return sandboxes.plenty.sandbox.log.get(method, route);
    },
    async addPlentyFault(rule: Record<string, unknown>) {
      const res = await fetch(`${sandboxes.plenty.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
      if (!res.ok) throw new Error(`fault not added: ${res.status} ${await res.text()}`);
    },
    async messages(runId: number) {
      return (await service.run(runId)).messages;
    },
    async close() {
      await connectors.close();
      await sandboxes.close();
      await db.destroy();
    },
  };
}
