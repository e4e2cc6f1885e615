/**
 * The customer import driven by PlentyONE's contact callbacks: a contact created and then changed
 * through PlentyONE's REST API reaches the gateway as `plenty/contact/...`, and the active customer
 * import creates, then updates, one Magento customer. One serve process on the engines the environment
 * names (PostgreSQL + Redis when set, else the embedded default).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { serveOnEngines } from '../e2e/serve-on-engines.js';
import { waitFor } from '../queue/helpers.js';
import { redisMissing } from '../support/redis-required.js';

const withRedis = Boolean(process.env.REDIS_URL) && !redisMissing;

describe('customer import on PlentyONE contact callbacks (one serve process)', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  let sandboxes: StartedSandboxes;
  let token = '';

  const plenty = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandboxes.plenty.url}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const customersWith = async (email: string) => {
    const q = `searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(email)}`;
    const res = await fetch(`${sandboxes.magento.url}/rest/V1/customers/search?${q}`, { headers: { authorization: 'Bearer sandbox' } });
    return ((await res.json()) as { items: { id: number; lastname: string; addresses: { city: string }[] }[] }).items;
  };

  beforeAll(async () => {
    const port = await freePort();
    const signKey = randomBytes(32).toString('hex');
    sandboxes = await startSandboxes({ variations: 20, customers: 3, orders: 0, plentyWebhookUrl: `http://127.0.0.1:${port}/webhooks/plenty`, plentyWebhookSignKey: signKey });
    cleanup.push(() => sandboxes.close());
    const serve = await serveOnEngines({ sandboxes, port, env: { PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_DEBOUNCE_MS: '0' }, redis: withRedis, cleanup });
    const { service } = serve.runtime;
    const profile = await service.create('plenty_customer_import');
    const configured = await service.updateConfig(profile.id, { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }], deletions: 'delete' });
    expect(configured.missing).toEqual([]);
    await service.test(profile.id);
    expect((await service.enable(profile.id)).status).toBe('active');
    const login = await fetch(`${sandboxes.plenty.url}/rest/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sandbox', password: 'sandbox' }),
    });
    // PlentyONE answers the login in snake_case (the refresh in camelCase).
    token = ((await login.json()) as { access_token?: string }).access_token ?? '';
    expect(token).not.toBe('');
  }, 120_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }, 60_000);

  it('a contact created in PlentyONE becomes a Magento customer, and its change updates that customer', { timeout: 60_000 }, async () => {
    const email = `callback-${Date.now()}@example.com`;
    const contact = await plenty('POST', '/rest/accounts/contacts', { typeId: 1, firstName: 'Cal', lastName: 'Back', email, plentyId: 1000, lang: 'en', referrerId: 1 });
    await plenty('POST', `/rest/accounts/contacts/${contact.id}/addresses?typeId=1`, { name2: 'Cal', name3: 'Back', address1: 'Ring 1', postalCode: '01067', town: 'Dresden', countryId: 1 });
    const [created] = await waitFor(async () => {
      const found = await customersWith(email);
      return found[0]?.addresses.length === 1 ? found : undefined;
    }, 'the Magento customer of the new contact', 30_000);
    expect(created).toMatchObject({ lastname: 'Back', addresses: [{ city: 'Dresden' }] });

    // A callback names its contact and the second of the change, so the gateway takes a second change
    // within the same second for a repeated delivery of the first: change it in the next second.
    await sleep(1000 - (Date.now() % 1000) + 50);
    await plenty('PUT', `/rest/accounts/contacts/${contact.id}`, { lastName: 'Changed' });
    await waitFor(async () => (await customersWith(email))[0]?.lastname === 'Changed', 'the customer updated by the contact callback', 30_000);
    const after = await customersWith(email);
    expect(after.map((c) => c.id)).toEqual([created!.id]);
    expect(after[0]!.addresses.map((a) => a.city)).toEqual(['Dresden']);
    // Created without Magento's welcome e-mail (sendWelcomeEmail is off by default).
    expect(sandboxes.magento.sandbox.store.customers.welcomeEmails.filter((m) => m.email === email)).toEqual([]);
  });

  it('a contact deleted in PlentyONE deletes its Magento customer (deletions "delete")', { timeout: 60_000 }, async () => {
    const email = `deleted-${Date.now()}@example.com`;
    const contact = await plenty('POST', '/rest/accounts/contacts', { typeId: 1, firstName: 'Del', lastName: 'Eted', email, plentyId: 1000, lang: 'en', referrerId: 1 });
    await waitFor(async () => (await customersWith(email))[0], 'the Magento customer of the new contact', 30_000);
    await sleep(1000 - (Date.now() % 1000) + 50);
    await plenty('DELETE', `/rest/accounts/contacts/${contact.id}`);
    await waitFor(async () => (await customersWith(email)).length === 0, 'the customer deleted after the contact callback', 30_000);
  });
});
