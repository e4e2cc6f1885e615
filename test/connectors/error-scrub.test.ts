/**
 * Answers that echo the request (password, bearer token) must not reach run history, dead letters or logs
 * as they came. The sandboxes answer with their `echo` fault, the stock import runs through the real
 * connectors, and what is stored and logged is read back.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors, type Connectors } from '../../src/connectors/services.js';
import { PermanentApiError } from '../../src/connectors/errors.js';
import { MAX_ERROR_TEXT, scrubText, scrubValue } from '../../src/credentials/scrub.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { profileRunMessages, profileRuns, profiles } from '../../src/db/schema/index.js';
import { createLogger } from '../../src/logger.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';
import { errorText } from '../../src/queue/backoff.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const password = `plenty-pw-${randomBytes(8).toString('hex')}`;
const token = `magento-token-${randomBytes(12).toString('hex')}`;

describe('error text from the APIs is scrubbed before it is stored or logged', () => {
  let db: TestDatabase;
  let sandboxes: StartedSandboxes;
  let connectors: Connectors;
  let profileId: number;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    sandboxes = await startSandboxes({ variations: 20, seed: 3, plentyPassword: password, magentoToken: token });
    const box = new SecretBox(randomBytes(32));
    const credentials = createCredentialStore(db.db, box);
    await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password });
    await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token } });
    connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `scrub:${randomUUID()}:` });
    const [profile] = await db.db.insert(profiles)
      .values({ typeId: stockImportType.id, name: 'Stock import', status: 'active', config: { warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }] } })
      .returning();
    profileId = profile!.id;
    dir = mkdtempSync(join(tmpdir(), 'plentygate-scrub-'));
  }, 60_000);
  afterAll(async () => {
    await connectors?.close();
    await sandboxes?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(logFile: string) {
    const fd = openSync(logFile, 'w');
    const log = createLogger('debug', { destination: fd });
    try {
      return await executeRun({ db: db.db, registry: new ProfileRegistry([stockImportType]), log, services: { connectors } },
        { profileId, trigger: 'manual', input: { mode: 'full' } });
    } finally {
      log.flush();
      await new Promise((r) => setTimeout(r, 200));
      closeSync(fd);
    }
  }

  async function stored(runId: number): Promise<string> {
    const [row] = await db.db.select().from(profileRuns).where(eq(profileRuns.id, runId));
    const messages = await db.db.select().from(profileRunMessages).where(eq(profileRunMessages.runId, runId));
    return JSON.stringify({ error: row?.error, messages: messages.map((m) => m.message) });
  }

  it('PlentyONE refusing the login with an answer that quotes the password', { timeout: 60_000 }, async () => {
    const fault = await fetch(`${sandboxes.plenty.url}/_sandbox/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'echo', method: 'POST', path: '/rest/login', status: 401 }),
    });
    expect(fault.status).toBe(201);
    // The sandbox really echoes it: what a careless client would store.
    const echoed = await fetch(`${sandboxes.plenty.url}/rest/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sandbox', password }),
    });
    expect(echoed.status).toBe(401);
    expect(await echoed.text()).toContain(password);

    const logFile = join(dir, 'plenty.log');
    const error = await run(logFile).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentApiError);
    expect((error as Error).message).toContain('[redacted]');
    expect((error as Error).message).not.toContain(password);
    expect(JSON.stringify((error as PermanentApiError).body)).not.toContain(password);

    const [run1] = await db.db.select().from(profileRuns).where(eq(profileRuns.profileId, profileId));
    const history = await stored(run1!.id);
    expect(history).toContain('PlentyONE');
    expect(history).not.toContain(password);
    const logged = readFileSync(logFile, 'utf8');
    expect(logged).toContain('run failed');
    expect(logged).not.toContain(password);
    // A dead letter keeps the same text.
    expect(errorText(error)).not.toContain(password);
    await fetch(`${sandboxes.plenty.url}/_sandbox/faults`, { method: 'DELETE' });
  });

  it('Magento refusing a write with an answer that quotes the bearer token', { timeout: 60_000 }, async () => {
    const fault = await fetch(`${sandboxes.magento.url}/_sandbox/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'echo', method: 'POST', path: '/rest/*/V1/inventory/source-items', status: 400 }),
    });
    expect(fault.status).toBe(201);
    // A stock change in PlentyONE, so the run has something to write.
    const changed = await fetch(`${sandboxes.plenty.url}/_sandbox/stock`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variationId: 1003, warehouseId: 1, quantity: 777 }),
    });
    expect(changed.ok).toBe(true);
    const logFile = join(dir, 'magento.log');
    const result = await run(logFile);
    expect(result.failed).toBeGreaterThan(0);
    const history = await stored(result.runId);
    expect(history).toContain('[redacted]');
    expect(history).not.toContain(token);
    expect(readFileSync(logFile, 'utf8')).not.toContain(token);
    await fetch(`${sandboxes.magento.url}/_sandbox/faults`, { method: 'DELETE' });
  });

  it('scrubs token and password patterns of any origin, and caps the length', () => {
    const text = [
      'GET https://rest:hunter22secret@shop.example/rest/items failed',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
      'form password=s3cr3t-value&user=x',
      'json {"password": "a \\"quoted\\" one", "username": "u", "access_token": "tok123456"}',
    ].join('\n');
    const out = scrubText(text);
    for (const secret of ['hunter22secret', 'eyJhbGciOiJIUzI1NiJ9', 's3cr3t-value', 'quoted', 'tok123456']) expect(out).not.toContain(secret);
    expect(out).toContain('https://rest:[redacted]@shop.example');
    expect(out).toContain('"username": "u"');
    const long = scrubText('x'.repeat(50_000));
    expect(long.length).toBeLessThan(MAX_ERROR_TEXT + 50);
    expect(long).toContain('48000 more characters');
    expect(scrubValue({ request: { headers: { authorization: 'Bearer abcdefghijkl' }, body: { password: 'pw' } }, ok: 'fine' }))
      .toEqual({ request: { headers: { authorization: '[redacted]' }, body: { password: '[redacted]' } }, ok: 'fine' });
  });
});
