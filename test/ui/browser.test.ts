import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startProcess, type RunningProcess } from '../../src/runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { deleteRedisKeys } from '../support/redis.js';

/**
 * The admin app in a real browser: Debian's chromium driven by playwright-core, against `serve` (gateway,
 * workers, scheduler in one process) and the PlentyONE and Magento sandboxes. Skipped, saying so, where
 * /usr/bin/chromium is not installed (.ci/run installs it, and there a missing chromium fails the suite).
 */
const CHROMIUM = '/usr/bin/chromium';
// Where PLENTYGATE_TEST_REQUIRE_CHROMIUM=1 (.ci/run, which installs it) a missing chromium fails the suite instead of skipping it.
const hasChromium = existsSync(CHROMIUM) || process.env.PLENTYGATE_TEST_REQUIRE_CHROMIUM === '1';
const token = `ui_${randomBytes(24).toString('base64url')}`;
const viewerToken = `uiv_${randomBytes(24).toString('base64url')}`;

let dir: string;
let db: TestDatabase | undefined;
let redisPrefix: string | undefined;
let sandboxes: StartedSandboxes;
let running: RunningProcess;
let base: string;
let browser: BrowserContext;
let page: Page;

describe.skipIf(!hasChromium)(`admin app in chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`}`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plentygate-ui-'));
    // Magento answers each stock write a little slowly, so a full run lasts a few seconds and its page
    // can be seen following it.
    sandboxes = await startSandboxes({ seed: 7, variations: 600, magentoFaults: ['POST re:.*/inventory/source-items$:latency:100'] });
    const port = await freePort();
    const pg = process.env.DATABASE_URL ? (db = await createTestDatabase({ migrate: false })) : undefined;
    redisPrefix = process.env.REDIS_URL ? `pg-ui-${randomBytes(4).toString('hex')}:` : undefined;
    const env: NodeJS.ProcessEnv = {
      PLENTYGATE_DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error',
      PLENTYGATE_API_TOKENS: `${token},viewer:${viewerToken}`, PLENTYGATE_DEBOUNCE_MS: '0', PLENTYGATE_SHUTDOWN_TIMEOUT_MS: '3000',
      PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex'),
      ...(pg?.url ? { DATABASE_URL: pg.url } : {}),
      ...(redisPrefix ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: redisPrefix } : {}),
    };
    const config = loadConfig(env);
    running = await startProcess(config, createLogger(config.LOG_LEVEL), { gateway: true, gatewayEnv: env });
    base = running.gateway!.url;
    const credentials = running.runtime.credentials();
    const plenty = sandboxes.plenty.sandbox.credentials;
    await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: plenty.username, password: plenty.password });
    await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: sandboxes.magento.sandbox.token } });

    const profileDir = join(dir, 'chromium');
    mkdirSync(profileDir);
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('dialog', (dialog) => void dialog.accept());
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await running?.stop().catch(() => {});
    await sandboxes?.close().catch(() => {});
    await db?.destroy().catch(() => {});
    if (redisPrefix) await deleteRedisKeys(process.env.REDIS_URL!, redisPrefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const profileId = async (typeId: string) => (await running.runtime.service.get(typeId)).id;

  it('signs in with an admin API token after refusing a wrong one', async () => {
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await page.fill('#token', 'not-the-token');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toContain('not one of the admin API tokens');
    await page.fill('#token', token);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/admin`);
    expect(await page.locator('table[data-table=profiles] tr[data-profile]').count()).toBeGreaterThanOrEqual(7);
    expect(await page.textContent('tr[data-profile=plenty_stock_import]')).toContain('created');
  }, 60_000);

  it('collects configuration data from both systems and offers it at the fields that take it', async () => {
    const id = await profileId('plenty_stock_import');
    await page.goto(`${base}/admin/profiles/${id}`);
    await page.click(`form[action="/admin/profiles/${id}/collect"] button`);
    await expect.poll(() => page.textContent('[role=status]')).toContain('Collected 13 lists from PlentyONE and Magento');
    const warehouses = await page.locator('[data-list=warehouses] li code').allTextContents();
    expect(warehouses).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(await page.locator('[data-list=sources] li code').allTextContents()).toEqual(expect.arrayContaining(['berlin', 'vienna']));
    expect(await page.getAttribute('[data-field="mainWarehouse.warehouseId"] input', 'list')).toBe('pl-warehouses');
    expect(await page.getAttribute('[data-field=warehouseMapping] [data-pick]', 'data-pick')).toBe('warehouses sources');
    // The admin API collects the same lists.
    const res = await fetch(`${base}/api/v1/profiles/plenty_stock_import/collect`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const data = (await res.json()) as { lists: { key: string; options: { value: string }[]; error?: string }[] };
    expect(data.lists.map((l) => [l.key, l.error])).toEqual([
      'statuses', 'paymentMethods', 'shippingProfiles', 'referrers', 'warehouses', 'clients', 'languages', 'salesPrices', 'properties',
      'attributes', 'storeViews', 'sources', 'carriers',
    ].map((k) => [k, undefined]));
    expect(data.lists.find((l) => l.key === 'storeViews')!.options.length).toBeGreaterThan(0);
  }, 60_000);

  it('shows a config value the schema refuses inline, at its field, and saves a valid one', async () => {
    const id = await profileId('plenty_stock_import');
    await page.goto(`${base}/admin/profiles/${id}`);
    await page.fill('[data-field=batchSize] input', '5000');
    // The mapping is rows of selects filled by the collection above: pick a warehouse and its source per row.
    const row = (i: number, column: string) => `[data-field=warehouseMapping] select[name="cfg.warehouseMapping[${i}].${column}"]`;
    const offered = await page.locator(`${row(0, 'sourceCode')} option`).evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(offered).toEqual(expect.arrayContaining(['berlin', 'vienna']));
    await page.selectOption(row(0, 'warehouseId'), '1');
    await page.selectOption(row(0, 'sourceCode'), 'berlin');
    await page.selectOption(row(1, 'warehouseId'), '2');
    await page.selectOption(row(1, 'sourceCode'), 'vienna');
    await page.click('form[data-form=config] button[type=submit]');
    const error = page.locator('[data-field=batchSize] .error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/1000/);
    // What was typed is still there to correct, and nothing was stored.
    expect(await page.inputValue('[data-field=batchSize] input')).toBe('5000');
    expect(await page.inputValue(row(1, 'sourceCode'))).toBe('vienna');
    expect((await running.runtime.service.get(id)).config).toMatchObject({ warehouseMapping: [] });

    await page.fill('[data-field=batchSize] input', '100');
    await page.click('form[data-form=config] button[type=submit]');
    await expect.poll(() => page.textContent('[role=status]')).toContain('Configuration saved; the profile is configured');
    const stored = (await running.runtime.service.get(id)).config as { batchSize: number; warehouseMapping: unknown[] };
    expect(stored.batchSize).toBe(100);
    expect(stored.warehouseMapping).toEqual([{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }]);
  }, 60_000);

  it('tests, enables and runs a profile, showing the run\'s progress, pausing and resuming it until it completes', async () => {
    const id = await profileId('plenty_stock_import');
    await page.goto(`${base}/admin/profiles/${id}`);
    await page.click(`form[action="/admin/profiles/${id}/test"] button`);
    await expect.poll(() => page.textContent('[role=status]')).toContain('the profile is tested');
    await page.click(`form[action="/admin/profiles/${id}/enable"] button`);
    await expect.poll(() => page.textContent('[role=status]')).toContain('the profile is active');

    await page.selectOption('form[data-form=run] select[name=mode]', 'full');
    await page.click('form[data-form=run] button[type=submit]');
    await page.waitForURL(/\/admin\/runs\/\d+$/, { timeout: 30_000 });
    const runId = Number(new URL(page.url()).pathname.split('/').at(-1));
    // The page follows the run by itself: its counts change while it runs (no reload), then it reloads when it ends.
    expect(await page.locator('[data-run-progress]').count()).toBe(1);
    const first = Number(await page.textContent('[data-count=processed]'));
    type Doc = { document: { querySelector(selector: string): { textContent: string | null } | null } };
    await page.waitForFunction((before) => {
      const el = (globalThis as unknown as Doc).document.querySelector('[data-run-progress] [data-count=processed]');
      return el !== null && Number(el.textContent) > before;
    }, first, { timeout: 60_000 });

    // Paused from its page between batches, then resumed from its checkpoint to the end.
    await page.click(`form[action="/admin/runs/${runId}/pause"] button`);
    await expect.poll(() => page.textContent('[role=status]')).toContain('pauses after its current batch');
    expect(await page.textContent('[data-run-status]')).toBe('paused');
    // Resume is offered once the worker has finished its batch and let go (the page follows that by itself).
    await page.locator(`form[action="/admin/runs/${runId}/resume"] button`).waitFor({ timeout: 60_000 });
    await page.click(`form[action="/admin/runs/${runId}/resume"] button`);
    await expect.poll(() => page.textContent('[role=status]')).toContain('Resuming as job');
    await expect.poll(async () => {
      await page.reload();
      return page.textContent('[data-run-status]');
    }, { timeout: 60_000, interval: 500 }).toBe('completed');
    await page.locator('[data-run-final]').waitFor({ timeout: 60_000 });
    const run = await running.runtime.service.run(runId);
    expect(run.status).toBe('completed');
    // Every variation once: the resumed part went on from the checkpoint, nothing counted twice.
    expect(run.processed).toBe(600);
    expect(await page.textContent('[data-count=processed]')).toBe('600');
    expect(await page.textContent('[data-cli]')).toBe(`plentygate profile:run --id ${id} --queue --full`);

    await page.goto(`${base}/admin`);
    expect(await page.textContent('tr[data-profile=plenty_stock_import]')).toContain('completed');
    // The README's picture: written to docs/ when asked for (UPDATE_SCREENSHOTS=1), else to the test's folder.
    await page.screenshot({ path: process.env.UPDATE_SCREENSHOTS ? 'docs/admin-dashboard.png' : join(dir, 'dashboard.png'), fullPage: true });
  }, 120_000);

  it('replays a dead letter once its cause is fixed', async () => {
    const service = running.runtime.service;
    const id = await profileId('plenty_stock_import');
    // A credential that does not exist yet, and one attempt: the run's job dies.
    const config = (await service.get(id)).config as Record<string, unknown>;
    await service.updateConfig(id, { ...config, connection: { plenty: 'plenty-later', magento: 'magento' }, retry: { attempts: 1 } });
    const job = await service.requestRun(id, { trigger: 'manual', input: { mode: 'delta' } });
    await page.goto(`${base}/admin/dead-letters`);
    await expect.poll(async () => {
      await page.reload();
      return page.locator(`tr[data-job="${job.jobId}"]`).count();
    }, { timeout: 30_000 }).toBe(1);
    expect(await page.textContent(`tr[data-job="${job.jobId}"]`)).toContain('plenty-later');

    const plenty = sandboxes.plenty.sandbox.credentials;
    await running.runtime.credentials().set('plenty-later', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: plenty.username, password: plenty.password });
    await page.click(`tr[data-job="${job.jobId}"] button`);
    await expect.poll(() => page.textContent('[role=status]')).toContain('is back in the queue');
    await expect.poll(async () => {
      const runs = await service.history(id, 5);
      return runs.find((r) => r.jobId === job.jobId)?.status;
    }, { timeout: 30_000 }).toBe('completed');
    await page.goto(`${base}/admin/dead-letters`);
    expect(await page.locator(`tr[data-job="${job.jobId}"]`).count()).toBe(0);
  }, 90_000);
  it('shows who changed what in the audit log, and tests a credential\'s connection', async () => {
    const id = await profileId('plenty_stock_import');
    await page.goto(`${base}/admin/profiles/${id}`);
    await page.click(`a[href^="/admin/audit?target="]`);
    await page.locator('table[data-table=audit]').waitFor();
    const config = page.locator('table[data-table=audit] tr', { hasText: 'profile.config' }).last();
    // The config saved in the app earlier: by the admin token, through the app, with the fields it changed.
    expect(await config.textContent()).toMatch(/env token [0-9a-f]{8}[\s\S]*admin[\s\S]*app/);
    expect(await config.textContent()).toContain('batchSize');
    expect(await page.locator('table[data-table=audit] tr', { hasText: 'profile.enable' }).count()).toBeGreaterThan(0);

    await page.goto(`${base}/admin/credentials`);
    expect(await page.textContent('tr[data-credential=plenty]')).toContain('user ');
    expect(await page.content()).not.toContain(sandboxes.plenty.sandbox.credentials.password + '"');
    await page.click('form[action="/admin/credentials/plenty/test"] button');
    await expect.poll(() => page.getAttribute('[data-test-result]', 'data-test-result')).toBe('ok');
    expect(await page.textContent('[data-test-result]')).toContain('accepted the login');
  }, 60_000);

  it('lets a viewer read but not change: the buttons are not there, and a forged form is refused with the reason', async () => {
    const id = await profileId('plenty_stock_import');
    await page.click('form[action="/admin/sign-out"] button');
    await page.waitForURL(/\/admin\/sign-in/);
    await page.fill('#token', viewerToken);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/admin`);
    expect(await page.getAttribute('[data-role]', 'data-role')).toBe('viewer');

    await page.goto(`${base}/admin/profiles/${id}`);
    expect(await page.locator(`form[action="/admin/profiles/${id}/enable"]`).count()).toBe(0);
    expect(await page.locator('form[data-form=run]').count()).toBe(0);
    expect(await page.locator('form[data-form=config] button[type=submit]').count()).toBe(0);
    expect(await page.textContent('form[data-form=config] [data-not-allowed]')).toContain('needs admin');

    // The same POST the admin's button sends, with this session's CSRF token: refused, saying why.
    const refused = await page.evaluate(async ([path]) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
      const csrf = doc.querySelector('input[name=_csrf]')!.getAttribute('value')!;
      const res = await fetch(path!, { method: 'POST', body: new URLSearchParams({ _csrf: csrf }) });
      return { status: res.status, text: await res.text() };
    }, [`/admin/profiles/${id}/disable`]);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('This needs the admin role; you are signed in as a viewer');
    expect((await running.runtime.service.get(id)).status).toBe('active');
  }, 60_000);
});
