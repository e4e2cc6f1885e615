import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { join } from 'node:path';
import { cliEnvironment } from './cli.js';

describe('plentygate CLI: credentials', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  beforeAll(async () => {
    cli = await cliEnvironment();
  });
  afterAll(async () => cli?.cleanup());

  it('stores credentials encrypted and never shows the secret', async () => {
    const password = 'pa55-word-that-must-not-leak';
    const set = await cli.run(
      ['credential:set', '--name', 'plenty', '--kind', 'plenty', '--url', 'https://shop.example/', '--username', 'rest', '--password-env', 'PG_PLENTY_PASSWORD'],
      { PG_PLENTY_PASSWORD: password },
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Stored credential "plenty" (plenty, https://shop.example, user rest)');

    const token = 'magento-integration-token-secret';
    const magento = await cli.run(['credential:set', '--name', 'magento', '--kind', 'magento', '--url', 'https://magento.example', '--stdin'], {}, token + '\n');
    expect(magento.code).toBe(0);

    const list = await cli.run(['credential:list', '--json']);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(password);
    expect(list.stdout).not.toContain(token);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'magento', kind: 'magento', baseUrl: 'https://magento.example', identity: 'integration token' }),
      expect.objectContaining({ name: 'plenty', kind: 'plenty', baseUrl: 'https://shop.example', identity: 'user rest' }),
    ]);

    // What is at rest is ciphertext only.
    const db = await openDatabase({ url: cli.env.DATABASE_URL, dataDir: join(cli.env.PLENTYGATE_DATA_DIR!, 'pglite') });
    try {
      const rows = await db.query<{ name: string; secret: string }>('select name, secret from credentials');
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.secret).toMatch(/^v1:/);
        expect(row.secret).not.toContain(password);
        expect(row.secret).not.toContain(token);
      }
    } finally {
      await db.close();
    }
  });

  it('refuses incomplete credentials, naming the field', async () => {
    const missing = await cli.run(['credential:set', '--name', 'plenty', '--kind', 'plenty', '--url', 'https://shop.example', '--password-env', 'NOPE_NOT_SET']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('NOPE_NOT_SET');
    const badUrl = await cli.run(['credential:set', '--name', 'plenty', '--kind', 'plenty', '--url', 'not a url', '--username', 'u', '--stdin'], {}, 'pw');
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('baseUrl');
    const del = await cli.run(['credential:delete', '--name', 'nothing-here']);
    expect(del.code).toBe(2);
  });

  it('takes plain http: to another host only with --allow-insecure-http, and never a metadata address', { timeout: 120_000 }, async () => {
    const args = ['credential:set', '--name', 'plain', '--kind', 'magento', '--url', 'http://magento.internal', '--stdin'];
    const refused = await cli.run(args, {}, 'token-0123456789\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('plain http: to magento.internal');
    expect(refused.stderr).toContain('--allow-insecure-http');
    const allowed = await cli.run([...args, '--allow-insecure-http'], {}, 'token-0123456789\n');
    expect(allowed.code).toBe(0);
    const metadata = await cli.run(['credential:set', '--name', 'meta', '--kind', 'magento', '--url', 'http://169.254.169.254', '--stdin', '--allow-insecure-http'], {}, 'token-0123456789\n');
    expect(metadata.code).toBe(2);
    expect(metadata.stderr).toContain('link-local or cloud metadata');
  });
});
