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

  it('says what the token may not do, and what to set when it has none that works', { timeout: 120_000 }, async () => {
    const refused = await cli.run(['profile:disable', '--type', 'plenty_stock_import'], { PLENTYGATE_TOKEN: viewer });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('needs the admin role; you are signed in as a viewer');

    const wrong = await cli.run(['profile:info', '--type', 'plenty_stock_import'], { PLENTYGATE_TOKEN: 'not-a-token-of-serve' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('set PLENTYGATE_TOKEN');
  });
});
