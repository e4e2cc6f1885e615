import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlerts, type Alerts } from '../../src/alerts/alerts.js';
import { createAlertDispatcher } from '../../src/alerts/dispatcher.js';
import { loadAlertSettings } from '../../src/alerts/settings.js';
import { ConfigError } from '../../src/config.js';
import { secretKeyBytes, verifyStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile, memoryType, silentLog } from '../profiles/support/memory-type.js';
import { startSmtpServer } from './support/smtp.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const log = pino({ level: 'silent' });
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe(`alerts on ${engine}`, () => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    [db, smtp, hooks] = await Promise.all([createTestDatabase(), startSmtpServer(), startWebhookReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([db?.destroy(), smtp?.close(), hooks?.close()]);
  });
  afterEach(async () => {
    // Each test starts from no alerts and a clock that lets the next message go at once.
    await db.query('delete from alerts');
    await db.query('delete from alert_dispatch');
    await db.query('delete from alert_record_failures');
    smtp.mails.length = 0;
    hooks.received.length = 0;
    hooks.answer(200);
  });

  function setup(env: Record<string, string> = {}) {
    const settings = loadAlertSettings({
      PLENTYGATE_ALERT_SMTP_URL: smtp.url,
      PLENTYGATE_ALERT_EMAIL_FROM: 'plentygate@shop.example',
      PLENTYGATE_ALERT_EMAIL_TO: 'ops@shop.example, oncall@shop.example',
      ...env,
    });
    const alerts = createAlerts({ db, settings, log });
    const dispatcher = createAlertDispatcher({ db, store: alerts.store, settings, log });
    return { settings, alerts, dispatcher };
  }

  async function failingRun(alerts: Alerts) {
    const { type } = memoryType({ records: 3, fatalAtProcessCall: 1 });
    const profile = await insertProfile(db.db, type.id);
    const run = executeRun(
      { db: db.db, registry: new ProfileRegistry([type]), log: silentLog, alerts },
      { profileId: profile.id, trigger: 'manual', input: { mode: 'full' } },
    );
    await expect(run).rejects.toThrow();
    return type.id;
  }

  it('sends an alert e-mail to the SMTP server when a run fails', async () => {
    const { alerts, dispatcher } = setup();
    const typeId = await failingRun(alerts);
    await dispatcher.tick();
    const [mail] = await smtp.waitFor(1);
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('plentygate@shop.example');
    expect(mail!.to).toEqual(['ops@shop.example', 'oncall@shop.example']);
    expect(mail!.subject).toMatch(new RegExp(`^\\[plentygate\\] error: Run \\d+ of ${typeId} failed$`));
    expect(mail!.text).toContain('target unavailable (process call 1)');
    expect(mail!.text).toMatch(/History: plentygate profile:history --run \d+/);
    const [row] = await alerts.store.list();
    expect(row).toMatchObject({ kind: 'run-failed', status: 'sent' });
  });

  it('batches the alerts of one interval into one message, and holds later ones until the interval passed', async () => {
    const { alerts, dispatcher } = setup({ PLENTYGATE_ALERT_INTERVAL_S: '3600' });
    for (const n of [1, 2, 3]) await alerts.runFailed({ profileId: 1, typeId: `type_${n}`, runId: n, error: `boom ${n}` });
    expect(await dispatcher.tick()).toHaveLength(3);
    await smtp.waitFor(1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.subject).toContain('(+2 more)');
    for (const n of [1, 2, 3]) expect(smtp.mails[0]!.text).toContain(`boom ${n}`);

    await alerts.runFailed({ profileId: 1, typeId: 'type_4', runId: 4, error: 'boom 4' });
    expect(await dispatcher.tick()).toEqual([]);
    expect(smtp.mails).toHaveLength(1);
    // An hour later (the clock is shared through the database, so any process may send it):
    await db.query(`update alert_dispatch set last_batch_at = last_batch_at - interval '3601 seconds'`);
    expect((await dispatcher.tick()).map((a) => a.title)).toEqual(['Run 4 of type_4 failed']);
    await smtp.waitFor(2);
    expect(smtp.mails[1]!.text).toContain('boom 4');
    expect(smtp.mails[1]!.text).not.toContain('boom 1');
  });

  it('folds repeats of one alert within the suppression window into the first, and counts them', async () => {
    const { alerts, dispatcher } = setup({ PLENTYGATE_ALERT_SUPPRESS_S: '600' });
    for (let i = 0; i < 3; i++) await alerts.runFailed({ profileId: 1, typeId: 'plenty_order_export', runId: 10 + i, error: 'PlentyONE down' });
    await alerts.runFailed({ profileId: 2, typeId: 'plenty_stock_import', runId: 20, error: 'Magento down' });
    const rows = await alerts.store.list();
    expect(rows.map((r) => [r.key, r.repeats])).toEqual([['run-failed:plenty_stock_import', 0], ['run-failed:plenty_order_export', 2]]);
    await dispatcher.tick();
    await smtp.waitFor(1);
    expect(smtp.mails[0]!.text).toMatch(/Run 10 of plenty_order_export failed \(2 repeats until /);

    // Past the window the same failure is news again.
    await db.query(`update alerts set created_at = created_at - interval '601 seconds'`);
    await alerts.runFailed({ profileId: 1, typeId: 'plenty_order_export', runId: 13, error: 'PlentyONE down' });
    expect((await alerts.store.list({ status: 'pending' })).map((r) => r.title)).toEqual(['Run 13 of plenty_order_export failed']);
  });

  it('with suppression off, every repeat is an alert of its own', async () => {
    const { alerts } = setup({ PLENTYGATE_ALERT_SUPPRESS_S: '0' });
    for (let i = 0; i < 3; i++) await alerts.runFailed({ profileId: 1, typeId: 'plenty_order_export', runId: i, error: 'x' });
    expect(await alerts.store.list()).toHaveLength(3);
  });

  it('records and sends only alerts at or above the level threshold', async () => {
    const { alerts, dispatcher } = setup({ PLENTYGATE_ALERT_LEVEL: 'error', PLENTYGATE_ALERT_RECORD_FAILURES: '1' });
    await alerts.recordsFailed({ profileId: 1, typeId: 'plenty_order_export', runId: 1, failures: [{ key: '000000042', reason: 'no payment mapping' }] });
    alerts.budgetExhausted({ credential: 'plenty', route: 'GET /rest/orders' });
    await alerts.deadLetter({ queue: 'profiles', jobId: '7', subject: 'profile 1', error: 'invalid config' });
    await new Promise((r) => setTimeout(r, 50)); // budgetExhausted records in the background
    expect((await alerts.store.list()).map((a) => a.kind)).toEqual(['dead-letter']);
    await dispatcher.tick();
    await smtp.waitFor(1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.subject).toBe('[plentygate] error: Job profiles/7 (profile 1) failed for good and is in the dead-letter list');
    expect(smtp.mails[0]!.text).toContain('plentygate dlq:replay --id profiles/7');

    const warnings = setup({ PLENTYGATE_ALERT_LEVEL: 'warning', PLENTYGATE_ALERT_RECORD_FAILURES: '1' });
    warnings.alerts.budgetExhausted({ credential: 'plenty', route: 'GET /rest/orders' });
    await new Promise((r) => setTimeout(r, 50));
    expect((await alerts.store.list()).map((a) => a.kind)).toEqual(['plenty-budget', 'dead-letter']);
  });

  it('raises an alert when a record failed the configured number of times', async () => {
    const { alerts } = setup({ PLENTYGATE_ALERT_RECORD_FAILURES: '2' });
    const { type } = memoryType({ records: 4, failValidate: ['r2', 'r4'] });
    const profile = await insertProfile(db.db, type.id);
    const run = () => executeRun(
      { db: db.db, registry: new ProfileRegistry([type]), log: silentLog, alerts },
      { profileId: profile.id, trigger: 'manual', input: { mode: 'full' } },
    );
    expect((await run()).status).toBe('partial');
    expect(await alerts.store.list()).toEqual([]);
    await run();
    const raised = await alerts.store.list();
    expect(raised.map((a) => a.title).sort()).toEqual([`Record r2 of ${type.id} failed 2 times`, `Record r4 of ${type.id} failed 2 times`]);
    expect(raised.find((a) => a.title.startsWith('Record r2'))).toMatchObject({ kind: 'record-failing', level: 'warning' });
    expect(raised.find((a) => a.title.startsWith('Record r2'))!.detail).toContain('r2 has no SKU');
    // The count starts again after the alert: a third failure alone does not raise another.
    await run();
    expect(await alerts.store.list()).toHaveLength(2);
    // A record named twice in one batch counts once for it.
    await alerts.recordsFailed({ profileId: profile.id, typeId: type.id, runId: 9, failures: [{ key: 'r9', reason: 'a' }, { key: 'r9', reason: 'b' }] });
    await alerts.recordsFailed({ profileId: profile.id, typeId: type.id, runId: 10, failures: [{ key: 'r9', reason: 'c' }] });
    expect((await alerts.store.list())[0]).toMatchObject({ title: `Record r9 of ${type.id} failed 2 times`, detail: 'Last failure (run 10): c' });
  });

  it('sends signed Standard Webhooks that the gateway verifier accepts', async () => {
    const { alerts, dispatcher } = setup({ PLENTYGATE_ALERT_SMTP_URL: '', PLENTYGATE_ALERT_WEBHOOK_URL: hooks.url, PLENTYGATE_ALERT_WEBHOOK_SECRET: SECRET });
    await alerts.runFailed({ profileId: 1, typeId: 'plenty_order_export', runId: 5, error: 'PlentyONE answered 500' });
    await dispatcher.tick();
    expect(hooks.received).toHaveLength(1);
    const [hook] = hooks.received;
    const headers = { id: String(hook!.headers['webhook-id']), timestamp: String(hook!.headers['webhook-timestamp']), signature: String(hook!.headers['webhook-signature']) };
    expect(headers.signature).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(verifyStandardWebhook(headers, hook!.body, [secretKeyBytes(SECRET)])).toBeNull();
    expect(verifyStandardWebhook(headers, hook!.body, [Buffer.alloc(32, 8)])).toBe('no-match');
    const payload = JSON.parse(hook!.body.toString()) as { type: string; data: { alerts: { kind: string; title: string; detail: string }[] } };
    expect(payload.type).toBe('plentygate.alerts');
    expect(payload.data.alerts).toMatchObject([{ kind: 'run-failed', title: 'Run 5 of plenty_order_export failed' }]);
    expect(smtp.mails).toHaveLength(0);
  });

  it('retries a channel that failed with the next batch, without sending twice on the one that worked', async () => {
    const { alerts, dispatcher } = setup({ PLENTYGATE_ALERT_WEBHOOK_URL: hooks.url, PLENTYGATE_ALERT_WEBHOOK_SECRET: SECRET, PLENTYGATE_ALERT_INTERVAL_S: '60' });
    hooks.answer(503);
    await alerts.runFailed({ profileId: 1, typeId: 'plenty_order_export', runId: 6, error: 'boom' });
    expect(await dispatcher.tick()).toEqual([]);
    await smtp.waitFor(1);
    const [pending] = await alerts.store.list();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending!.lastError).toContain('webhook: the alert webhook answered 503');

    hooks.answer(200);
    await db.query(`update alert_dispatch set last_batch_at = last_batch_at - interval '61 seconds'`);
    expect(await dispatcher.tick()).toHaveLength(1);
    expect(hooks.received).toHaveLength(2);
    expect(hooks.received[0]!.headers['webhook-id']).toBe(hooks.received[1]!.headers['webhook-id']);
    expect(smtp.mails).toHaveLength(1);
  });

  it('raises an alert when the oldest pending webhook waits longer than the lag limit', async () => {
    const { alerts, dispatcher } = setup({ PLENTYGATE_ALERT_INBOX_LAG_S: '120' });
    await db.query(`insert into webhook_inbox (source, format, dedupe_key, body, status, received_at)
                    values ('magento', 'extension', 'lag-1', '{}', 'pending', now() - interval '60 seconds')`);
    await dispatcher.tick();
    expect(await alerts.store.list()).toEqual([]);
    await db.query(`update webhook_inbox set received_at = now() - interval '200 seconds' where dedupe_key = 'lag-1'`);
    await dispatcher.tick();
    await smtp.waitFor(1);
    expect(smtp.mails[0]!.subject).toMatch(/^\[plentygate\] warning: Webhook inbox lagging: 1 pending, oldest 20\d s old$/);
    await db.query(`delete from webhook_inbox where dedupe_key = 'lag-1'`);
  });

  it('deletes sent alerts after the retention, keeps undelivered ones', async () => {
    const { alerts, dispatcher } = setup({ PLENTYGATE_ALERT_RETENTION_DAYS: '7' });
    await alerts.runFailed({ profileId: 1, typeId: 'a', runId: 1, error: 'x' });
    await dispatcher.tick();
    await alerts.runFailed({ profileId: 1, typeId: 'b', runId: 2, error: 'y' });
    await db.query(`update alerts set sent_at = now() - interval '8 days', last_seen_at = now() - interval '8 days', created_at = now() - interval '8 days'`);
    expect(await alerts.store.prune()).toBe(1);
    expect((await alerts.store.list()).map((a) => a.title)).toEqual(['Run 2 of b failed']);
    await db.query(`update alerts set sent_at = now() - interval '6 days' where status = 'sent'`);
    // With no channel to deliver them, old undelivered alerts go too.
    expect(await alerts.store.prune({ undelivered: true })).toBe(1);
  });

  it('refuses incomplete or weak settings, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadAlertSettings(env);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ PLENTYGATE_ALERT_SMTP_URL: 'smtp://mail.example' })).toEqual(['PLENTYGATE_ALERT_EMAIL_FROM: is required when PLENTYGATE_ALERT_SMTP_URL is set']);
    expect(problems({ PLENTYGATE_ALERT_SMTP_URL: 'mail.example' })[0]).toMatch(/^PLENTYGATE_ALERT_SMTP_URL: expected a SMTP URL/);
    expect(problems({ PLENTYGATE_ALERT_WEBHOOK_URL: 'https://hooks.example/a' })[0]).toMatch(/^PLENTYGATE_ALERT_WEBHOOK_SECRET: is required/);
    expect(problems({ PLENTYGATE_ALERT_WEBHOOK_URL: 'https://hooks.example/a', PLENTYGATE_ALERT_WEBHOOK_SECRET: 'whsec_c2hvcnQ=' })[0]).toMatch(/^PLENTYGATE_ALERT_WEBHOOK_SECRET: expected whsec_/);
    expect(problems({ PLENTYGATE_ALERT_LEVEL: 'loud' })[0]).toMatch(/^PLENTYGATE_ALERT_LEVEL: expected one of info, warning, error/);
    expect(loadAlertSettings({})).toMatchObject({ email: undefined, webhook: undefined, level: 'warning', intervalMs: 300_000 });
  });
});
