/**
 * End to end: a stock change in PlentyONE reaches the right MSI source. The PlentyONE sandbox posts its
 * callback to the gateway's /webhooks/plenty (with the sign key), the gateway stores and enqueues it,
 * a worker runs the stock import for that variation and Magento's source item changes.
 * Distributed: PostgreSQL + Redis/BullMQ, `plentygate serve` (gateway) and two `plentygate worker`s.
 * Embedded default: one `plentygate serve` on PGlite with the in-process queue. Runs the built binary
 * (`npm test` builds first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { startSandboxes } from '../../src/sandbox/start.js';
import { binary, waitForOutput } from '../cli/cli.js';
import { createPostgresDatabase } from '../support/db.js';
import { freePort } from '../../src/runtime/free-port.js';
import { deleteRedisKeys } from '../support/redis.js';
import { prepareStockImport } from '../support/stock-import-setup.js';
import { distributedMissing } from '../support/redis-required.js';

// serve refuses sign keys under 24 bytes of entropy.
const SIGN_KEY = randomBytes(32).toString('hex');
const MAPPING = [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function start(args: string[], env: NodeJS.ProcessEnv, cwd: string): ChildProcess {
  const child = spawn(process.execPath, [binary, ...args], { env, cwd });
  cleanups.push(() => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  }));
  return child;
}

/** Runs the flow with `serve` plus `workers` worker processes on the given database and queue. */
async function stockChangeReachesMagento(options: { databaseUrl?: string; redisUrl?: string; workers: number }): Promise<void> {
  const port = await freePort();
  const sandboxes = await startSandboxes({
    variations: 300, seed: 21,
    plentyWebhookUrl: `http://127.0.0.1:${port}/webhooks/plenty`, plentyWebhookSignKey: SIGN_KEY,
  });
  cleanups.push(() => sandboxes.close());
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-e2e-stock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32);
  const prefix = `e2e-stock-${randomUUID()}`;
  // Pushed before the processes start, so it runs after they are stopped.
  if (options.redisUrl) cleanups.push(() => deleteRedisKeys(options.redisUrl!, prefix));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: dir, LOG_LEVEL: 'info',
    PLENTYGATE_DATA_DIR: join(dir, 'data'), PLENTYGATE_SECRET_KEY: key.toString('hex'),
    PORT: String(port), HOST: '127.0.0.1', PLENTY_WEBHOOK_SIGN_KEY: SIGN_KEY, PLENTYGATE_DEBOUNCE_MS: '0',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: prefix } : {}),
  };
  await prepareStockImport(env, sandboxes, key, MAPPING);

  const serve = start(['serve'], env, dir);
  const ready = [waitForOutput(serve, /gateway listening/, 120_000)];
  for (let i = 0; i < options.workers; i++) ready.push(waitForOutput(start(['worker'], env, dir), /scheduler started/, 120_000));
  await Promise.all(ready);

  // Warehouse activity in PlentyONE: Wien's stock of one variation changes.
  const index = 42;
  const variationId = 1000 + index;
  const res = await fetch(`${sandboxes.plenty.url}/_sandbox/stock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variationId, warehouseId: 2, quantity: 123 }),
  });
  expect(res.ok).toBe(true);
  const expected = sandboxes.plenty.sandbox.stores.stock.get(variationId, 2)!.stockNet;
  const berlinBefore = sandboxes.magento.sandbox.store.inventory.itemsOf(variationSku(index)).find((i) => i.sourceCode === 'berlin');

  const vienna = () => sandboxes.magento.sandbox.store.inventory.itemsOf(variationSku(index)).find((i) => i.sourceCode === 'vienna');
  const deadline = Date.now() + 45_000;
  while (vienna()?.quantity !== expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(vienna()).toMatchObject({ quantity: expected, status: 1 });
  // Berlin's row did not change in PlentyONE: its source item is what PlentyONE says, not something else.
  const berlin = sandboxes.magento.sandbox.store.inventory.itemsOf(variationSku(index)).find((i) => i.sourceCode === 'berlin');
  expect(berlin?.quantity).toBe(sandboxes.plenty.sandbox.stores.stock.get(variationId, 1)!.stockNet);
  expect(berlinBefore).toBeDefined();
  const delivered = sandboxes.plenty.sandbox.webhooks.deliveries.filter((d) => d.event === 'stock.updated');
  expect(delivered.map((d) => d.status)).toEqual([200]);
}

const distributed = !distributedMissing;

describe('stock import end to end', () => {
  it.skipIf(!distributed)(
    `PostgreSQL + Redis/BullMQ, gateway and two workers: a stock change in PlentyONE reaches the right MSI source${distributed ? '' : ` (skipped: ${distributedMissing})`}`,
    { timeout: 120_000 },
    async () => {
      const pg = await createPostgresDatabase();
      cleanups.push(() => pg?.drop());
      await stockChangeReachesMagento({ databaseUrl: pg!.url, redisUrl: process.env.REDIS_URL, workers: 2 });
    },
  );

  it('embedded default (PGlite + in-process queue, one serve): a stock change in PlentyONE reaches the right MSI source', { timeout: 120_000 }, async () => {
    await stockChangeReachesMagento({ workers: 0 });
  });
});
