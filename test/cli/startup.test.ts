/**
 * What start-up says when it cannot go on: an unreachable server named in one line (variable, host:port,
 * never the password), exit code 1; a weak secret refused with how to generate a good one, exit code 2.
 * Runs the built binary (`npm test` builds first).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import { cliEnvironment, type CliResult } from './cli.js';

/** One line of text, no JSON log line and no stack. */
function oneLine(result: CliResult): string {
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toContain('{"level"');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('start-up failures', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  beforeAll(async () => {
    cli = await cliEnvironment({ engine: 'pglite' });
  });
  afterAll(async () => cli?.cleanup());

  it('names an unreachable DATABASE_URL by host:port, without its password, and exits 1', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const password = 'db-password-never-shown';
    for (const command of [['profile:list'], ['serve'], ['worker']]) {
      const result = await cli.run(command, { DATABASE_URL: `postgres://plentygate:${password}@127.0.0.1:${port}/plentygate`, PLENTYGATE_SECRET_KEY: 'ab'.repeat(32) });
      expect(result.code, command.join(' ')).toBe(1);
      const line = oneLine(result);
      expect(line).toBe(`error: DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused); check that it runs and that DATABASE_URL points at it.`);
      expect(result.stderr).not.toContain(password);
    }
  });

  it('names an unreachable REDIS_URL for commands that need the queue now, and exits 1', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const result = await cli.run(['dlq:list'], { REDIS_URL: `redis://:redis-password-never-shown@127.0.0.1:${port}` });
    expect(result.code).toBe(1);
    expect(oneLine(result)).toBe(`error: REDIS_URL: cannot reach Redis at 127.0.0.1:${port} (connection refused); check that it runs and that REDIS_URL points at it.`);
    expect(result.stderr).not.toContain('redis-password-never-shown');
  });

  it('refuses weak secrets at start-up, saying how to generate one', { timeout: 60_000 }, async () => {
    const weak: [Record<string, string>, string][] = [
      [{ PLENTYGATE_API_TOKENS: 'admin-token-2024' }, 'PLENTYGATE_API_TOKENS: the token is too weak'],
      [{ PLENTYGATE_API_TOKENS: `${randomBytes(32).toString('base64url')},changeme-changeme-changeme` }, 'PLENTYGATE_API_TOKENS: token 2 is too weak'],
      [{ PLENTY_WEBHOOK_SIGN_KEY: 'a'.repeat(64) }, 'PLENTY_WEBHOOK_SIGN_KEY: the sign key is too weak'],
      [{ MAGENTO_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('base64')}` }, 'MAGENTO_WEBHOOK_SECRET: expected whsec_ followed by at least 24'],
      [{ MAGENTO_WEBHOOK_BASIC_AUTH: 'magento:' }, 'MAGENTO_WEBHOOK_BASIC_AUTH: the password after ":" is empty'],
    ];
    for (const [env, problem] of weak) {
      const result = await cli.run(['serve'], { PORT: String(await freePort()), HOST: '127.0.0.1', ...env });
      expect(result.code, JSON.stringify(env)).toBe(2);
      expect(result.stderr).toContain(problem);
      expect(result.stderr).toContain('openssl rand -base64 32');
      expect(result.stderr).not.toContain('{"level"');
    }
  });
});
