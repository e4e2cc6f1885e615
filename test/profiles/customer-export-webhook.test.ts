/**
 * The customer export driven by Magento's own webhooks: a customer saved in Magento reaches the
 * gateway, becomes a `magento/customer/saved/<id>` event and a run of the active customer export,
 * which creates the contact and, after the next save, updates it. One serve process on the engines the
 * environment names (PostgreSQL + Redis when set, else the embedded default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { gatewayEnv, newWebhookSecret } from '../e2e/order-export-flow.js';
import { serveOnEngines } from '../e2e/serve-on-engines.js';
import { waitFor } from '../queue/helpers.js';
import { redisMissing } from '../support/redis-required.js';
import { magentoCall } from '../support/magento-call.js';

const withRedis = Boolean(process.env.REDIS_URL) && !redisMissing;

describe('customer export on Magento customer webhooks (one serve process)', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  let sandboxes: StartedSandboxes;

  const magento = (method: string, path: string, body?: unknown) => magentoCall(sandboxes.magento.url, method, path, body);

  beforeAll(async () => {
    sandboxes = await startSandboxes({ variations: 20, customers: 3, orders: 0 });
    cleanup.push(() => sandboxes.close());
    const secret = newWebhookSecret();
    const port = await freePort();
    const serve = await serveOnEngines({ sandboxes, port, env: gatewayEnv(sandboxes, secret), redis: withRedis, cleanup });
    const { service } = serve.runtime;
    const profile = await service.create('plenty_customer_export');
    const configured = await service.updateConfig(profile.id, { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }], deletions: 'delete' });
    expect(configured.missing).toEqual([]);
    await service.test(profile.id);
    expect((await service.enable(profile.id)).status).toBe('active');
    const res = await fetch(`${sandboxes.magento.url}/_sandbox/webhooks`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 'standard', url: `${serve.gateway!.url}/webhooks/magento`, format: 'standard', secret, events: ['customer.saved', 'customer.deleted'] }]),
    });
    expect(res.ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
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

  it('a customer deleted in Magento deletes its contact (deletions "delete")', { timeout: 60_000 }, async () => {
    const email = `deleted-${Date.now()}@example.com`;
    const { id } = await magento('POST', '/rest/V1/customers', { customer: { email, firstname: 'Del', lastname: 'Eted', website_id: 1, store_id: 1, group_id: 1 } });
    const contacts = sandboxes.plenty.sandbox.stores.contacts;
    const created = await waitFor(() => contacts.byEmail(email)[0], 'the contact of the registered customer', 30_000);
    await magento('DELETE', `/rest/V1/customers/${id}`);
    await waitFor(() => contacts.get(created.id) === undefined, 'the contact deleted after the customer delete webhook', 30_000);
  });
});
