/**
 * The category export end to end, on PostgreSQL + Redis (gateway here, a worker process) and on the
 * embedded default (PGlite + embedded queue, one serve process): the "create root" action makes the
 * PlentyONE category for Magento's root, a full run creates the seeded Magento tree below it, and a
 * category renamed in a Magento store view reaches PlentyONE through its save webhook; the admin API
 * lists the links and a match proposes nothing more.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Connectors } from '../../src/connectors/services.js';
import { createLogger } from '../../src/logger.js';
import { linkAdmin } from '../../src/profiles/link-admin.js';
import { freePort } from '../../src/runtime/free-port.js';
import type { Runtime } from '../../src/runtime/open.js';
import { startProcess, type RunningProcess } from '../../src/runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { magentoPaths, plentyPaths, storeMapping } from '../profiles/category-support.js';
import { waitFor } from '../queue/helpers.js';
import { startDistributed, type Distributed } from './distributed.js';
import { newWebhookSecret } from './order-export-flow.js';

const distributed = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const slow = { timeout: 120_000 };
const API_TOKEN = randomBytes(32).toString('base64url');

/** `connectors`: whether the gateway process can reach the two systems (a serve process can; this test's bare gateway cannot). */
interface Flow { sandboxes: StartedSandboxes; runtime: Runtime; gatewayUrl: string; secret: string; connectors: boolean }

async function configure(flow: Flow): Promise<number> {
  const { sandboxes, runtime } = flow;
  const credentials = runtime.credentials();
  await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
  const service = runtime.service;
  await service.updateConfig('plenty_category_export', { storeMapping, rootMapping: [{ magentoRootId: 2 }] });
  // The "create root category" action: PlentyONE gets a category for Magento's root, mapped at once.
  const admin = linkAdmin({ db: runtime.db.db, profiles: service, connectors: (runtime.services as { connectors?: Connectors }).connectors });
  const { plentyCategoryId } = await admin.createRoot(2, 'Webshop');
  expect((await service.get('plenty_category_export')).config).toMatchObject({ rootMapping: [{ magentoRootId: 2, plentyCategoryId }] });
  await service.test('plenty_category_export');
  await service.enable('plenty_category_export');
  const res = await fetch(`${sandboxes.magento.url}/_sandbox/webhooks`, {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ id: 'standard', url: `${flow.gatewayUrl}/webhooks/magento`, format: 'standard', secret: flow.secret, events: ['category.saved', 'category.deleted'] }]),
  });
  expect(res.status).toBe(200);
  return plentyCategoryId;
}

async function fullExportThenRename(flow: Flow): Promise<void> {
  const root = await configure(flow);
  const { sandboxes, runtime } = flow;
  const expected = magentoPaths(sandboxes.magento.sandbox, 2);
  await runtime.service.requestRun('plenty_category_export', { trigger: 'manual', input: { mode: 'full' } });
  const run = await waitFor(async () => {
    const [row] = await runtime.db.query<{ status: string; created: number; failed: number }>(
      "select status, created, failed from profile_runs where trigger = 'manual' and status in ('completed', 'partial', 'failed') order by id desc limit 1");
    return row;
  }, 'the full category export', 90_000);
  expect(run).toMatchObject({ status: 'completed', created: expected.length, failed: 0 });
  expect(plentyPaths(sandboxes.plenty.sandbox, root)).toEqual(expected);

  // A rename in the German store view, saved through Magento's store-scoped REST route.
  const target = sandboxes.magento.sandbox.store.categories.childrenOf(sandboxes.magento.sandbox.store.categories.childrenOf(2)[0]!.id)[1]!;
  const saved = await fetch(`${sandboxes.magento.url}/rest/de/V1/categories/${target.id}`, {
    method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox' }, body: JSON.stringify({ category: { name: 'Winterjacken' } }),
  });
  expect(saved.status).toBe(200);
  const [link] = await runtime.db.query<{ plenty_id: string }>("select plenty_id from entity_links where entity_type = 'category' and magento_key = $1", [String(target.id)]);
  const plentyCategory = () => sandboxes.plenty.sandbox.stores.categories.get(Number(link!.plenty_id))!;
  await waitFor(() => plentyCategory().details.find((d) => d.lang === 'de')?.name === 'Winterjacken', 'the rename in PlentyONE', 30_000);
  expect(plentyCategory().details.find((d) => d.lang === 'en')?.name).toBe(target.name);

  // The links through the admin API: listed, and nothing left for a match to propose.
  const api = (path: string, init: RequestInit = {}) => fetch(`${flow.gatewayUrl}/api/v1${path}`, {
    ...init, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });
  const listed = await api(`/links/category?magento=${target.id}`);
  expect(listed.status).toBe(200);
  expect(await listed.json()).toEqual([expect.objectContaining({ entity: 'category', magentoKey: String(target.id), plentyId: link!.plenty_id })]);
  const match = await api('/links/category/match', { method: 'POST', body: JSON.stringify({ by: 'path' }) });
  if (flow.connectors) {
    expect(match.status).toBe(200);
    expect(await match.json()).toMatchObject({ matched: [], alreadyLinked: expected.length });
  } else {
    expect(match.status).toBe(503);
    expect(await match.text()).toContain('no connectors');
  }
  expect((await api('/links/categories')).status).toBe(400);
}

describe.skipIf(!distributed)('category export on PostgreSQL + Redis with a worker process', () => {
  let deployment: Distributed;
  let flow: Flow;

  beforeAll(async () => {
    const sandboxes = await startSandboxes({ variations: 100, customers: 2, orders: 0, plan: 'plus' });
    const secret = newWebhookSecret();
    deployment = await startDistributed({ MAGENTO_WEBHOOK_SECRET: secret, PLENTYGATE_DEBOUNCE_MS: '0', PLENTYGATE_API_TOKENS: API_TOKEN }, () => sandboxes.close());
    flow = { sandboxes, runtime: deployment.runtime, gatewayUrl: deployment.gateway.url, secret, connectors: false };
    await deployment.startWorkers(1);
  }, 120_000);
  afterAll(() => deployment?.close(), 60_000);

  it('a full export creates the Magento tree below the created root once; a rename arrives by webhook', slow, async () => {
    await fullExportThenRename(flow);
  });
});

describe('category export on the embedded default (PGlite + embedded queue, one serve process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-e2e-categories-'));
  const saved = { ...process.env };
  let sandboxes: StartedSandboxes;
  let serve: RunningProcess;
  let flow: Flow;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ variations: 100, customers: 2, orders: 0, plan: 'plus' });
    const secret = newWebhookSecret();
    for (const key of ['DATABASE_URL', 'REDIS_URL']) delete process.env[key];
    Object.assign(process.env, { MAGENTO_WEBHOOK_SECRET: secret, PLENTYGATE_DEBOUNCE_MS: '0', PLENTYGATE_API_TOKENS: API_TOKEN });
    const config = loadConfig({ PLENTYGATE_DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'error' });
    serve = await startProcess(config, createLogger('error'), { gateway: true });
    flow = { sandboxes, runtime: serve.runtime, gatewayUrl: serve.gateway!.url, secret, connectors: true };
  }, 120_000);

  afterAll(async () => {
    await serve?.stop();
    await sandboxes?.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a full export creates the Magento tree below the created root once; a rename arrives by webhook', slow, async () => {
    await fullExportThenRename(flow);
  });
});
