import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, waitForOutput } from './cli.js';
import { freePort } from '../../src/runtime/free-port.js';

describe('plentygate serve on the embedded default', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  beforeAll(async () => {
    // The embedded default: PGlite + the queue in the same database, whatever the environment says.
    cli = await cliEnvironment({ engine: 'pglite' });
  });
  afterAll(async () => cli?.cleanup());

  it('serves health and readiness, keeps other processes off its database, and stops gracefully', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const token = randomBytes(32).toString('base64url');
    const child = cli.spawn(['serve'], { PORT: String(port), HOST: '127.0.0.1', PLENTYGATE_API_TOKENS: token });
    try {
      const banner = await waitForOutput(child, /API docs: http:\/\/127\.0\.0\.1:\d+\/api\/docs/, 120_000);
      expect(banner).toContain('database: pglite, queue: embedded');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      const unauthenticated = await fetch(`${base}/api/v1/profiles`);
      expect(unauthenticated.status).toBe(401);
      const listed = await fetch(`${base}/api/v1/profiles`, { headers: { authorization: `Bearer ${token}` } });
      expect(listed.status).toBe(200);
      expect(JSON.stringify(await listed.json())).toContain('plenty_order_export');

      // PGlite allows one process: a second one is told so, instead of corrupting the data folder (the
      // other commands go through serve's admin API then: test/cli/through-serve.test.ts).
      const busy = await cli.run(['worker']);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/in use by another plentygate process \(pid \d+, serve\)/);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    // After a clean stop the data folder is free again.
    const after = await cli.run(['profile:list', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toHaveLength(7);
  });
});
