import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import { cliEnvironment, waitForOutput } from './cli.js';

/** While serve holds the embedded database, the CLI's commands go through serve's admin API. */
describe('the CLI through a running serve (embedded database)', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  let child: ReturnType<typeof cli.spawn>;
  const admin = randomBytes(32).toString('base64url');
  const viewer = randomBytes(32).toString('base64url');
  let base = '';
  beforeAll(async () => {
    cli = await cliEnvironment({ engine: 'pglite' });
    const port = await freePort();
    // As a user runs it: the tokens in the working folder's .env, read by serve and by the CLI alike.
    writeFileSync(join(cli.dir, '.env'), `PLENTYGATE_API_TOKENS=admin:${admin},viewer:${viewer}\nPORT=${port}\nHOST=127.0.0.1\n`);
    child = cli.spawn(['serve']);
    await waitForOutput(child, /API docs: http:\/\/127\.0\.0\.1:\d+\/api\/docs/, 120_000);
    base = `http://127.0.0.1:${port}`;
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
    await cli?.cleanup();
  });

  it('reads and changes profiles through the admin API, audited under the token it used', { timeout: 180_000 }, async () => {
    const list = await cli.run(['profile:list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toMatch(/held by serve \(pid \d+\); profile:list goes through its admin API at http:\/\/127\.0\.0\.1:\d+/);
    expect(JSON.parse(list.stdout).map((p: { typeId: string }) => p.typeId)).toContain('plenty_stock_import');

    const added = await cli.run(['profile:schedule', '--type', 'plenty_stock_import', '--add', '0 4 * * *', '--timezone', 'Europe/Berlin', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).map((s: { cron: string }) => s.cron)).toContain('0 4 * * *');

    const exported = await cli.run(['profile:config:export', '--type', 'plenty_stock_import']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).schedules.map((s: { cron: string }) => s.cron)).toContain('0 4 * * *');

    const audit = await (await fetch(`${base}/api/v1/audit?action=profile.schedules`, { headers: { authorization: `Bearer ${viewer}` } })).json() as { actor: string; role: string; changes: unknown[] }[];
    expect(audit[0]).toMatchObject({ role: 'admin', actor: expect.stringMatching(/^env token /) });
    expect(JSON.stringify(audit[0]!.changes)).toContain('0 4 * * *');

    for (const args of [['dlq:list', '--json'], ['credential:list', '--json'], ['alert:list', '--json'], ['profile:history:clean', '--days', '30', '--json'], ['migrate']]) {
      const result = await cli.run(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const missing = await cli.run(['credential:test', '--name', 'plenty', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, message: expect.stringContaining('No credential named "plenty"') });
  });

  it('creates, tests (with a test run), dry-runs and sends a test alert through the admin API, audited', { timeout: 180_000 }, async () => {
    const created = await cli.run(['profile:create', '--type', 'plenty_customer_export', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('profile:create goes through its admin API');
    expect(JSON.parse(created.stdout)).toMatchObject({ typeId: 'plenty_customer_export', status: 'created' });
    const again = await cli.run(['profile:create', '--type', 'plenty_customer_export']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already/i);

    // serve has no credentials here: its dry run is made, stored as a run, and says why it stopped.
    const dry = await cli.run(['profile:run', '--type', 'plenty_stock_import', '--dry-run', '--limit', '3', '--json']);
    expect(dry.stderr).toContain('profile:run goes through its admin API');
    expect(dry.code).toBe(1);
    const report = JSON.parse(dry.stdout) as { runId: number; limit: number; error?: string };
    expect(report).toMatchObject({ limit: 3, error: expect.any(String) });
    expect((await cli.run(['profile:history', '--run', String(report.runId), '--json'])).code).toBe(0);

    const incomplete = await cli.run(['profile:test', '--type', 'plenty_stock_import']);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('warehouseMapping');
    const exported = JSON.parse((await cli.run(['profile:config:export', '--type', 'plenty_stock_import'])).stdout) as { config: Record<string, unknown> };
    const document = { ...exported, config: { ...exported.config, mainWarehouse: { warehouseId: 1, sourceCode: 'default' } } };
    expect((await cli.run(['profile:config:import', '--file', '-'], {}, JSON.stringify(document))).code).toBe(0);
    // profile:test executes: serve dry-runs a sample first, and without its systems the test fails naming that run.
    const tested = await cli.run(['profile:test', '--type', 'plenty_stock_import', '--sample', '3']);
    expect(tested.stderr).toContain('profile:test goes through its admin API');
    expect(tested.stderr).toMatch(/The test run \(run \d+\) did not succeed/);
    expect(tested.code).toBe(2);
    expect(JSON.parse((await cli.run(['profile:info', '--type', 'plenty_stock_import', '--json'])).stdout).status).toBe('configured');

    const alert = await cli.run(['alert:test']);
    expect(alert.stderr).toContain('alert:test goes through its admin API');
    expect(alert.stdout).toContain('No alert channel is configured');
    expect(alert.code).toBe(2);
    const refused = await cli.run(['alert:test'], { PLENTYGATE_TOKEN: viewer });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('needs the operator role');

    const audit = async (action: string) => await (await fetch(`${base}/api/v1/audit?action=${action}`, { headers: { authorization: `Bearer ${viewer}` } })).json() as { actor: string; role: string; target: string; changes: unknown[] }[];
    expect((await audit('profile.create'))[0]).toMatchObject({ role: 'admin', target: expect.stringContaining('Customer') });
    expect((await audit('alert.test'))[0]).toMatchObject({ role: 'admin', changes: [{ path: 'outcome', to: 'no-channel' }] });
  });

  it('says what the token may not do, and what to set when it has none that works', { timeout: 120_000 }, async () => {
    const refused = await cli.run(['profile:disable', '--type', 'plenty_stock_import'], { PLENTYGATE_TOKEN: viewer });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('needs the admin role; you are signed in as a viewer');

    const wrong = await cli.run(['profile:info', '--type', 'plenty_stock_import'], { PLENTYGATE_TOKEN: 'not-a-token-of-serve' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('set PLENTYGATE_TOKEN');
  });
});
