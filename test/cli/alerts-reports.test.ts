import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../alerts/support/smtp.js';
import { cliEnvironment } from './cli.js';

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
});
