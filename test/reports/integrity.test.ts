import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerts } from '../../src/alerts/alerts.js';
import { createAlertDispatcher } from '../../src/alerts/dispatcher.js';
import { loadAlertSettings } from '../../src/alerts/settings.js';
import { createGateway, loadGatewaySettings } from '../../src/gateway/index.js';
import { integrityReportHours, startIntegritySchedule } from '../../src/reports/integrity/schedule.js';
import { startSmtpServer } from '../alerts/support/smtp.js';
import { createLinkStore } from '../../src/profiles/links.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { executeRun, type RunRequest } from '../../src/profiles/runner.js';
import { seedProfiles } from '../../src/profiles/seed.js';
import { createProfileService } from '../../src/profiles/service.js';
import { seededTypeIds } from '../../src/profiles/types/index.js';
import { createQueueBackend, type QueueBackend } from '../../src/queue/index.js';
import { fixIntegrity, integrityReport, issuesOf } from '../../src/reports/integrity/report.js';
import { engine } from '../support/db.js';
import { startOrderExportHarness, type OrderExportHarness } from '../profiles/order-export-harness.js';

const log = pino({ level: 'silent' });

describe(`integrity report against the sandboxes on ${engine}`, () => {
  let h: OrderExportHarness;
  let queue: QueueBackend;
  let service: ReturnType<typeof createProfileService>;
  let registry: Awaited<ReturnType<typeof builtinRegistry>>;
  beforeAll(async () => {
    h = await startOrderExportHarness();
    registry = await builtinRegistry();
    // The embedded queue in the test database: the fix only queues runs, the test runs them itself.
    queue = await createQueueBackend({ db: h.db, pollIntervalMs: 50 });
    service = createProfileService({ db: h.db.db, registry, queue });
    await seedProfiles(h.db.db, registry, seededTypeIds);
  }, 120_000);
  afterAll(async () => {
    await queue?.close();
    await h?.close();
  });

  const report = (checks: ('orders' | 'variations' | 'stock')[]) =>
    integrityReport({ db: h.db, profiles: service, connectors: h.connectors }, { checks, days: 1 });
  const runQueued = async (jobId: string) => {
    const job = await queue.queue<RunRequest>(PROFILE_QUEUE).get(jobId);
    expect(job).not.toBeNull();
    return executeRun({ db: h.db.db, registry, log, services: { connectors: h.connectors } }, job!.data);
  };
  // Orders younger than 15 minutes are left out as in flight: these are dated back.
  const age = (incrementId: string) => {
    const order = h.sandboxes.magento.sandbox.store.orders.getByIncrementId(incrementId)!;
    order.createdAt -= 3_600_000;
  };

  it('finds orders missing in PlentyONE and totals that differ, and the fix queues the missing ones for export', async () => {
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push((await h.placeOrder({ items: [{ sku: 'PG-0000006', qty: 1 + i }], email: `integrity${i}@example.com` })).incrementId);
    placed.forEach(age);
    const [a, b, c] = placed as [string, string, string];
    const exported = await h.run({ mode: 'ids', ids: [a, b] }, 'manual');
    expect(exported.status).toBe('completed');
    // Someone edits order b in PlentyONE: its first line costs 5 more.
    const plentyB = h.ordersFor(b)[0]!;
    plentyB.orderItems[0]!.amounts[0]!.priceGross += 5;

    const before = await report(['orders']);
    expect(before.orders?.checked).toBe(3);
    expect(before.orders?.issues.map((i) => [i.problem, i.key])).toEqual([['order-total', b], ['order-missing', c]].sort((x, y) => (x[1]! < y[1]! ? -1 : 1)));
    expect(before.orders?.issues.find((i) => i.key === b)?.detail).toMatch(/^Magento grand total \d+\.\d\d, PlentyONE order \d+ totals \d+\.\d\d\.$/);

    const queued = await fixIntegrity(service, { ...before, orders: { ...before.orders!, issues: before.orders!.issues.filter((i) => i.key === c) } });
    expect(queued).toMatchObject([{ profile: 'plenty_order_export', ids: [c] }]);
    expect((await runQueued(queued[0]!.jobId)).status).toBe('completed');
    const after = await report(['orders']);
    expect(after.orders?.issues.map((i) => i.key)).toEqual([b]);
  });

  it('finds SKUs linked to a variation PlentyONE no longer has, or to another one than the SKU names', async () => {
    const links = createLinkStore(h.db.db);
    const plenty = await h.connectors.plenty('plenty');
    const first: { id: number; number: string }[] = [];
    for await (const v of plenty.variations()) {
      first.push({ id: v.id, number: v.number });
      if (first.length === 3) break;
    }
    await links.upsertMany([
      { entityType: 'variation', magentoKey: first[0]!.number, plentyId: String(first[0]!.id) },
      { entityType: 'variation', magentoKey: first[1]!.number, plentyId: String(first[2]!.id) },
      { entityType: 'variation', magentoKey: 'GONE-1', plentyId: '99999999' },
    ]);
    const r = await report(['variations']);
    expect(r.variations?.issues.map((i) => [i.problem, i.key]).sort()).toEqual([
      ['variation-differs', first[1]!.number], ['variation-missing', 'GONE-1'],
    ]);
  });

  it('finds stock that drifted from what the stock import wrote', async () => {
    const plenty = await h.connectors.plenty('plenty');
    const warehouses = await plenty.warehouses();
    const sales = warehouses.find((w) => w.typeId === 0)!;
    const profile = await service.get('plenty_stock_import');
    await service.updateConfig(profile.id, { warehouseMapping: [{ warehouseId: sales.id, sourceCode: 'default' }] });
    const stocked: number[] = [];
    for await (const row of plenty.stock({ warehouseId: sales.id })) {
      if (!stocked.includes(row.variationId)) stocked.push(row.variationId);
      if (stocked.length === 2) break;
    }
    const imported = await executeRun(
      { db: h.db.db, registry, log, services: { connectors: h.connectors } },
      { profileId: profile.id, trigger: 'manual', input: { mode: 'ids', ids: stocked.map(String) } },
    );
    expect(imported.status).toBe('completed');
    expect((await report(['stock'])).stock?.issues).toEqual([]);

    // Someone changes the quantity in Magento by hand.
    const links = createLinkStore(h.db.db);
    const drifted = (await links.byPlentyId('variation', String(stocked[0])))!.magentoKey;
    await h.magento('POST', '/rest/V1/inventory/source-items', { sourceItems: [{ sku: drifted, source_code: 'default', quantity: 12345, status: 1 }] });
    const r = await report(['stock']);
    expect(r.stock?.issues).toMatchObject([{ problem: 'stock-drift', key: drifted, fix: { profile: 'plenty_stock_import', id: String(stocked[0]) } }]);
    expect(r.stock?.issues[0]?.detail).toMatch(new RegExp(`^SKU ${drifted} at source default: Magento 12345, PlentyONE \\d+`));
    expect(issuesOf(r)).toHaveLength(1);
  });

  it('is served by the admin API, which queues the fix on POST', async () => {
    const gateway = createGateway({
      db: h.db, queue, logger: log, settings: loadGatewaySettings({ PLENTYGATE_API_TOKENS: 'integrity-token-0123456789abcdef' }),
      services: { profiles: service, connectors: h.connectors },
    });
    const auth = { authorization: 'Bearer integrity-token-0123456789abcdef' };
    const res = await gateway.app.request('/api/v1/reports/integrity?check=orders&days=1', { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { orders: { checked: number; issues: { problem: string }[] } };
    expect(body.orders.checked).toBe(3);
    expect(body.orders.issues.map((i) => i.problem)).toEqual(['order-total']);
    expect((await gateway.app.request('/api/v1/reports/integrity?check=bogus', { headers: auth })).status).toBe(400);
    expect((await gateway.app.request('/api/v1/reports/integrity')).status).toBe(401);
    const fix = await gateway.app.request('/api/v1/reports/integrity/fix?check=orders&days=1', { method: 'POST', headers: auth });
    expect(fix.status).toBe(202);
    expect(((await fix.json()) as { fixed: { profile: string }[] }).fixed).toMatchObject([{ profile: 'plenty_order_export' }]);
    const docs = (await (await gateway.app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/v1/reports/integrity', '/api/v1/reports/integrity/fix', '/api/v1/alerts']));
  });

  it('runs on a schedule once per interval across processes, and the report arrives by e-mail', async () => {
    expect(integrityReportHours({})).toBe(0);
    expect(integrityReportHours({ PLENTYGATE_INTEGRITY_REPORT_HOURS: '24' })).toBe(24);
    expect(() => integrityReportHours({ PLENTYGATE_INTEGRITY_REPORT_HOURS: 'daily' })).toThrow(/PLENTYGATE_INTEGRITY_REPORT_HOURS: expected whole hours/);
    const smtp = await startSmtpServer();
    const settings = loadAlertSettings({
      PLENTYGATE_ALERT_SMTP_URL: smtp.url, PLENTYGATE_ALERT_EMAIL_FROM: 'plentygate@shop.example', PLENTYGATE_ALERT_EMAIL_TO: 'ops@shop.example',
    });
    const alerts = createAlerts({ db: h.db, settings, log });
    const dispatcher = createAlertDispatcher({ db: h.db, store: alerts.store, settings, log });
    const deps = { db: h.db, profiles: service, connectors: h.connectors, alerts, everyHours: 24, log, checkEveryMs: 3_600_000 };
    const one = startIntegritySchedule(deps);
    const other = startIntegritySchedule(deps); // a second process
    try {
      expect(await one.tick()).toBe(true);
      expect(await other.tick()).toBe(false);
      await dispatcher.tick();
      const [mail] = await smtp.waitFor(1);
      expect(mail?.subject).toMatch(/^\[plentygate\] warning: Integrity report: \d+ issue\(s\) between Magento and PlentyONE/);
      expect(mail?.text).toMatch(/order-total \d{9}: Magento grand total/);
      expect(mail?.text).toContain('plentygate report:integrity --fix');
      await h.db.query(`update alert_dispatch set last_batch_at = last_batch_at - interval '25 hours' where id = 2`);
      expect(await other.tick()).toBe(true);
    } finally {
      await Promise.all([one.stop(), other.stop(), dispatcher.stop(), smtp.close()]);
    }
  });

  it('says why a check did not run', async () => {
    const profile = await service.get('plenty_order_export');
    await h.db.query(`update profiles set config = '{}'::jsonb where id = $1`, [profile.id]);
    const r = await report(['orders']);
    expect(r.orders).toMatchObject({ checked: 0, issues: [] });
    expect(r.orders?.skipped).toMatch(/^the plenty_order_export profile is not configured/);
  });
});
