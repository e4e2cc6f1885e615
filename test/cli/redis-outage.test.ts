/**
 * `serve` and `worker` started while Redis is down: they start, the gateway accepts webhooks into the inbox
 * and says it is not ready, and once a real Redis comes up on that port the waiting webhook is dispatched
 * and its job runs. Runs the built binary (`npm test` builds first) and a real `redis-server`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { startSandboxes } from '../../src/sandbox/start.js';
import { createPostgresDatabase } from '../support/db.js';
import { prepareStockImport } from '../support/stock-import-setup.js';
import { redisServerMissing } from '../support/redis-required.js';
import { binary, waitForOutput } from './cli.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function start(command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string): ChildProcess {
  const child = spawn(command, args, { ...(env ? { env } : {}), ...(cwd ? { cwd } : {}) });
  cleanups.push(() => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  }));
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000, detail = () => ''): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(Boolean(redisServerMissing))(`serve and worker while Redis is down${redisServerMissing ? ` (skipped: ${redisServerMissing})` : ''}`, () => {
  it('start, accept webhooks into the inbox, report not ready, and run the job once Redis is up', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const redisPort = await freePort();
    const signKey = randomBytes(32).toString('base64url');
    const sandboxes = await startSandboxes({
      variations: 60, seed: 7, plentyWebhookUrl: `http://127.0.0.1:${port}/webhooks/plenty`, plentyWebhookSignKey: signKey,
    });
    cleanups.push(() => sandboxes.close());
    const dir = mkdtempSync(join(tmpdir(), 'plentygate-redis-outage-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pg = process.env.DATABASE_URL ? await createPostgresDatabase() : undefined;
    cleanups.push(() => pg?.drop());
    const key = randomBytes(32);
    const password = 'redis-outage-password';
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: dir, LOG_LEVEL: 'info',
      PLENTYGATE_DATA_DIR: join(dir, 'data'), PLENTYGATE_SECRET_KEY: key.toString('hex'),
      PORT: String(port), HOST: '127.0.0.1', PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_DEBOUNCE_MS: '0',
      PLENTYGATE_INBOX_SWEEP_DELAY_MS: '200', PLENTYGATE_INBOX_SWEEP_INTERVAL_MS: '200', PLENTYGATE_DISPATCH_TIMEOUT_MS: '1000',
      REDIS_URL: `redis://:${password}@127.0.0.1:${redisPort}`,
      ...(pg ? { DATABASE_URL: pg.url } : {}),
    };
    await prepareStockImport(env, sandboxes, key, [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }]);

    // Nothing listens on the Redis port yet.
    const serve = start(process.execPath, [binary, 'serve'], env, dir);
    let serveLog = '';
    serve.stderr!.on('data', (d) => (serveLog += d));
    serve.once('exit', (code) => { serveLog += `\n(serve exited with ${code})`; });
    const said = () => `; serve said:\n${serveLog}`;
    await until('serve to listen', () => {
      if (serve.exitCode !== null) throw new Error(`serve exited${said()}`);
      return /gateway listening/.test(serveLog) ? true : undefined;
    }, 120_000, said);
    await until('the outage to be logged', () => (serveLog.includes(`Redis at 127.0.0.1:${redisPort} is unreachable`) ? true : undefined), 30_000, said);
    expect(serveLog).not.toContain(password);
    // With PostgreSQL a separate worker process waits for Redis too, saying so.
    let worker: ChildProcess | undefined;
    if (pg) {
      worker = start(process.execPath, [binary, 'worker'], env, dir);
      const said = await waitForOutput(worker, /Redis at 127\.0\.0\.1:\d+ is unreachable/, 120_000);
      expect(said).not.toContain(password);
      expect(worker.exitCode).toBeNull();
    }

    const base = `http://127.0.0.1:${port}`;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: 'not ready', database: 'ok', queue: expect.stringContaining('unreachable') });

    // A stock change in PlentyONE: its signed callback is accepted while the queue is down.
    const index = 17;
    const variationId = 1000 + index;
    const changed = await fetch(`${sandboxes.plenty.url}/_sandbox/stock`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variationId, warehouseId: 2, quantity: 321 }),
    });
    expect(changed.ok).toBe(true);
    const deliveries = () => sandboxes.plenty.sandbox.webhooks.deliveries.filter((d) => d.event === 'stock.updated');
    await until('the callback to be answered', () => (deliveries().length > 0 ? true : undefined));
    expect(deliveries().map((d) => d.status)).toEqual([200]);
    const expected = sandboxes.plenty.sandbox.stores.stock.get(variationId, 2)!.stockNet;
    const vienna = () => sandboxes.magento.sandbox.store.inventory.itemsOf(variationSku(index)).find((i) => i.sourceCode === 'vienna');
    expect(vienna()?.quantity).not.toBe(expected);

    // Redis comes up on that port: the sweeper dispatches the waiting row and a worker runs the import.
    const redis = start('redis-server', ['--port', String(redisPort), '--save', '', '--appendonly', 'no', '--requirepass', password]);
    await until('Magento to get the new stock', () => (vienna()?.quantity === expected ? true : undefined), 90_000, said);
    expect(vienna()).toMatchObject({ quantity: expected });
    await until('readiness', async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined));
    expect(serveLog).toContain(`Redis at 127.0.0.1:${redisPort} is reachable`);
    expect(serveLog).not.toContain(password);

    serve.kill('SIGTERM');
    worker?.kill('SIGTERM');
    const codes = await Promise.all([serve, ...(worker ? [worker] : [])].map((p) => new Promise<number | null>((r) => p.once('exit', (c) => r(c)))));
    expect(codes.every((c) => c === 0)).toBe(true);
    redis.kill('SIGTERM');
  });
});
