/**
 * The customer export driven by Magento's own webhooks: a customer saved in Magento reaches the
 * gateway, becomes a `magento/customer/saved/<id>` event and a run of the active customer export,
 * which creates the contact and, after the next save, updates it. One serve process (gateway, queue
 * and worker): on PostgreSQL + Redis (BullMQ) when DATABASE_URL and REDIS_URL are set, else on the
 * embedded default (PGlite + the embedded queue).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startProcess, type RunningProcess } from '../../src/runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { gatewayEnv, newWebhookSecret } from '../e2e/order-export-flow.js';
import { waitFor } from '../queue/helpers.js';
import { createPostgresDatabase } from '../support/db.js';

describe('customer export on Magento customer webhooks (one serve process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-customers-'));
  const saved = { ...process.env };
  let sandboxes: StartedSandboxes;
  let serve: RunningProcess;
  let dropDatabase: (() => Promise<void>) | undefined;

  const magento = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandboxes.magento.url}${path}`, {
      method, headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { id: number };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  beforeAll(async () => {
    sandboxes = await startSandboxes({ variations: 20, customers: 3, orders: 0 });
    const secret = newWebhookSecret();
    const redisUrl = process.env.REDIS_URL;
    const postgres = await createPostgresDatabase();
    dropDatabase = postgres?.drop;
    for (const key of ['DATABASE_URL', 'REDIS_URL']) delete process.env[key];
    Object.assign(process.env, gatewayEnv(sandboxes, secret));
    const config = loadConfig({
      PLENTYGATE_DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'error',
      ...(postgres && redisUrl ? { DATABASE_URL: postgres.url, REDIS_URL: redisUrl, REDIS_PREFIX: `pgtest-customers-${Date.now()}`, PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex') } : {}),
    });
    serve = await startProcess(config, createLogger('error'), { gateway: true });
    const { service } = serve.runtime;
    const credentials = serve.runtime.credentials();
    await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    const profile = await service.create('plenty_customer_export');
    const configured = await service.updateConfig(profile.id, { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }] });
    expect(configured.missing).toEqual([]);
    await service.test(profile.id);
    expect((await service.enable(profile.id)).status).toBe('active');
    const res = await fetch(`${sandboxes.magento.url}/_sandbox/webhooks`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 'standard', url: `${serve.gateway!.url}/webhooks/magento`, format: 'standard', secret, events: ['customer.saved'] }]),
    });
    expect(res.ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await serve?.stop();
    await sandboxes?.close();
    await dropDatabase?.();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a registered customer becomes a contact, and the next save updates that contact', { timeout: 60_000 }, async () => {
    const email = `webhook-${Date.now()}@example.com`;
    const customer = { email, firstname: 'Webb', lastname: 'Hook', website_id: 1, store_id: 1, group_id: 1 };
    const { id } = await magento('POST', '/rest/V1/customers', { customer });
    const contacts = sandboxes.plenty.sandbox.stores.contacts;
    const created = await waitFor(() => contacts.byEmail(email)[0], 'the contact of the registered customer', 30_000);
    expect(created).toMatchObject({ firstName: 'Webb', lastName: 'Hook', plentyId: 1000 });

    await magento('PUT', `/rest/V1/customers/${id}`, { customer: { ...customer, lastname: 'Saved' } });
    await waitFor(() => contacts.byEmail(email)[0]?.lastName === 'Saved', 'the contact updated by the save webhook', 30_000);
    expect(contacts.byEmail(email).map((c) => c.id)).toEqual([created.id]);
  });
});
