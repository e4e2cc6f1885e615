/**
 * Where a credential's password or token may be sent: https: anywhere, plain http: only to this machine
 * or with allowInsecureHttp, never a link-local or cloud metadata address.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { baseUrlProblem } from '../../src/credentials/url-policy.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { credentials as credentialsTable } from '../../src/db/schema/index.js';
import { ConfigValidationError } from '../../src/profiles/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('credential URLs', () => {
  it('allows https: anywhere and plain http: only to this machine or when allowed', () => {
    for (const ok of ['https://shop.example', 'https://10.0.0.5:8443', 'http://127.0.0.1:9101', 'http://localhost:8080', 'http://[::1]:9000', 'http://127.8.9.10']) {
      expect(baseUrlProblem(ok), ok).toBeUndefined();
    }
    expect(baseUrlProblem('http://shop.example')).toMatch(/plain http: to shop\.example .*--allow-insecure-http/);
    expect(baseUrlProblem('http://10.0.0.5')).toMatch(/plain http:/);
    expect(baseUrlProblem('http://magento.internal', true)).toBeUndefined();
    expect(baseUrlProblem('ftp://shop.example')).toMatch(/expected an https: URL/);
  });

  it('never allows link-local or cloud metadata addresses, whatever the scheme or flag', () => {
    for (const bad of [
      'http://169.254.169.254/latest/meta-data', 'https://169.254.169.254', 'http://169.254.0.1', 'http://[fe80::1]',
      'http://[::ffff:169.254.169.254]', 'https://metadata.google.internal', 'http://metadata', 'http://[fd00:ec2::254]', 'http://100.100.100.200',
    ]) {
      expect(baseUrlProblem(bad, true), bad).toMatch(/link-local or cloud metadata/);
    }
  });

  describe('stored and used', () => {
    let db: TestDatabase;
    let server: Server;
    let requests = 0;
    const box = new SecretBox(randomBytes(32));
    // An address of this machine that is not loopback: to plentygate, a remote host.
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    let remoteUrl = '';
    beforeAll(async () => {
      db = await createTestDatabase();
      server = createServer((req, res) => {
        requests++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
      remoteUrl = `http://${external}:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      server?.close();
      await db?.destroy();
    });

    it('refuses to store a plain http: URL to another host unless allowed, and any metadata address', async () => {
      const store = createCredentialStore(db.db, box);
      const refused = await store.set('plenty', { kind: 'plenty', baseUrl: 'http://shop.example', username: 'rest', password: 'pw-123456' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConfigValidationError);
      expect((refused as Error).message).toContain('baseUrl: plain http: to shop.example');
      const metadata = await store.set('magento', { kind: 'magento', baseUrl: 'http://169.254.169.254', auth: { type: 'bearer', token: 'tok-123456' }, allowInsecureHttp: true })
        .catch((e: unknown) => e);
      expect((metadata as Error).message).toContain('link-local or cloud metadata');
      expect(await store.list()).toEqual([]);
      await store.set('plenty', { kind: 'plenty', baseUrl: 'http://shop.example', username: 'rest', password: 'pw-123456', allowInsecureHttp: true });
      expect((await store.get('plenty')).allowInsecureHttp).toBe(true);
    });

    it.skipIf(!external)('never sends a password over plain http: to a remote host, even for a credential stored before the rule', async () => {
      // Stored as an earlier version would have: sealed directly, without the URL check of `set`.
      const credential = { kind: 'plenty', baseUrl: remoteUrl, username: 'rest', password: 'pw-must-not-travel' };
      await db.db.insert(credentialsTable).values({ name: 'old', secret: box.seal(JSON.stringify(credential), 'old'), updatedAt: new Date() });
      const store = createCredentialStore(db.db, box);
      const connectors = createConnectors({ credentials: () => store, box: () => box, database: db, prefix: 'urltest:' });
      try {
        // A run would log in (the password in the body) on its first call.
        const error = await connectors.plenty('old').then(async (client) => { await client.warehouses(); }, (e: unknown) => e);
        expect((error as Error).message).toMatch(/The credential "old" is not used: plain http: to .*credential:set/);
        expect(requests).toBe(0);
      } finally {
        await connectors.close();
      }
    });
  });
});
