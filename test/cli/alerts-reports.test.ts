import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../alerts/support/smtp.js';
import { freePort } from '../../src/runtime/free-port.js';
import { cliEnvironment, waitForOutput } from './cli.js';

describe('plentygate CLI: alerts and the integrity report', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    [cli, smtp] = await Promise.all([cliEnvironment(), startSmtpServer()]);
  });
  afterAll(async () => {
    await Promise.all([cli?.cleanup(), smtp?.close()]);
  });

  it('report:integrity refuses an unknown check (exit 2) and says why each check could not run', async () => {
    const bad = await cli.run(['report:integrity', '--check', 'orders,prices']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--check takes orders, variations, stock; got "orders,prices"');

    const { code, stdout } = await cli.run(['report:integrity', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, { checked: number; issues: unknown[]; skipped?: string }>;
    expect(report.orders?.skipped).toMatch(/^the plenty_order_export profile is not configured/);
    expect(report.stock?.skipped).toMatch(/^the plenty_stock_import profile is not configured/);
    // The variation check needs only a connection: none is stored yet.
    expect(report.variations?.skipped).toMatch(/^the check failed: .*plenty/i);
  });

  it('alert:test says when no channel is configured, and delivers a test alert by e-mail when one is', async () => {
    const none = await cli.run(['alert:test']);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('No alert channel is configured');

    const env = { PLENTYGATE_ALERT_SMTP_URL: smtp.url, PLENTYGATE_ALERT_EMAIL_FROM: 'plentygate@shop.example', PLENTYGATE_ALERT_EMAIL_TO: 'ops@shop.example' };
    const sent = await cli.run(['alert:test'], env);
    expect(sent.stdout).toBe('Delivered 1 alert(s) to ops@shop.example.\n');
    expect(sent.code).toBe(0);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('[plentygate] error: Test alert from plentygate');

    const list = await cli.run(['alert:list', '--json'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ kind: 'test', status: 'sent', title: 'Test alert from plentygate' }]);

    const wrong = await cli.run(['alert:list'], { PLENTYGATE_ALERT_SMTP_URL: smtp.url });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('PLENTYGATE_ALERT_EMAIL_FROM: is required when PLENTYGATE_ALERT_SMTP_URL is set');
  });

  it('a failed run reaches the SMTP server through a running worker, which also serves /metrics', async () => {
    const env = {
      PLENTYGATE_ALERT_SMTP_URL: smtp.url, PLENTYGATE_ALERT_EMAIL_FROM: 'plentygate@shop.example', PLENTYGATE_ALERT_EMAIL_TO: 'ops@shop.example',
      // alert:test above sent a message just now: with the default interval this one would wait 5 minutes.
      PLENTYGATE_ALERT_INTERVAL_S: '1',
    };
    smtp.mails.length = 0;
    // No credentials are stored: the run fails at once, is recorded failed and raises an alert.
    const run = await cli.run(['profile:run', '--type', 'plenty_category_export'], env);
    expect(run.code).not.toBe(0);
    const reason = /^error: (.+)$/m.exec(run.stderr)?.[1];
    expect(reason).toBeDefined();
    const port = await freePort();
    const worker = cli.spawn(['worker'], { ...env, PLENTYGATE_WORKER_METRICS_PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitForOutput(worker, /worker metrics listening/, 60_000);
      const [mail] = await smtp.waitFor(1, 30_000);
      expect(mail?.subject).toMatch(/^\[plentygate\] error: Run \d+ of plenty_category_export failed$/);
      expect(mail?.text).toContain(reason!);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/^plentygate_queue_up 1$/m);
      expect(metrics).toMatch(/^plentygate_process_resident_memory_bytes \d+/m);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
  }, 120_000);
});
