/**
 * Issue "Done when" for the order export: a Magento order webhook (three deliveries, three formats)
 * while PlentyONE answers the first order create with "500 after the write" yields exactly one
 * PlentyONE order; an unmapped payment method fails only that order, with the reason in the history.
 * Distributed: PostgreSQL + Redis + BullMQ, gateway in this process, two worker processes. Embedded:
 * PGlite + the embedded queue in one serve process (this one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startProcess, type RunningProcess } from '../../src/runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import {
  configureProfile, exactlyOnceUnderRetries, gatewayEnv, newWebhookSecret, pointWebhooks, unmappedPaymentFailsOnlyThatOrder,
  type FlowContext,
} from './order-export-flow.js';
import { startDistributed, type Distributed } from './distributed.js';
import { freePort } from '../../src/runtime/free-port.js';
import { distributedMissing } from '../support/redis-required.js';
import { sandboxOrderConfig } from '../profiles/order-export-harness.js';

const distributed = !distributedMissing;
const slow = { timeout: 60_000 };

describe.skipIf(!distributed)('order export on PostgreSQL + Redis with two worker processes', () => {
  let sandboxes: StartedSandboxes;
  let deployment: Distributed;
  let ctx: FlowContext;
  let profileId: number;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ variations: 60, customers: 5, orders: 0 });
    const secret = newWebhookSecret();
    deployment = await startDistributed(gatewayEnv(sandboxes, secret), () => sandboxes.close());
    const { runtime, gateway } = deployment;
    ctx = { sandboxes, gatewayUrl: gateway.url, service: runtime.service, credentials: runtime.credentials(), query: (t, p) => runtime.db.query(t, p) };
    profileId = await configureProfile(ctx);
    await pointWebhooks(ctx, secret);
    await deployment.startWorkers(2);
  }, 120_000);

  afterAll(() => deployment?.close(), 60_000);

  it('three deliveries of an order webhook and a 500 after the write give exactly one PlentyONE order', slow, async () => {
    await exactlyOnceUnderRetries(ctx, profileId);
  });

  it('an unmapped payment method fails only that order, with the reason in the history', slow, async () => {
    await unmappedPaymentFailsOnlyThatOrder(ctx, profileId);
  });

  it('also with adoptExistingOrders off (a first-time order created without the lookup by external id)', slow, async () => {
    await ctx.service.updateConfig(profileId, { ...sandboxOrderConfig, adoptExistingOrders: false });
    await exactlyOnceUnderRetries(ctx, profileId);
  });
});

if (!distributed) {
  describe('order export on PostgreSQL + Redis with two worker processes', () => {
    it.skip(distributedMissing!, () => {});
  });
}

describe('order export on the embedded default (PGlite + embedded queue, one serve process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-e2e-'));
  const saved = { ...process.env };
  let sandboxes: StartedSandboxes;
  let serve: RunningProcess;
  let ctx: FlowContext;
  let profileId: number;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ variations: 60, customers: 5, orders: 0 });
    const secret = newWebhookSecret();
    // The serve process reads gateway settings from its environment, as `plentygate serve` does.
    for (const key of ['DATABASE_URL', 'REDIS_URL']) delete process.env[key];
    Object.assign(process.env, gatewayEnv(sandboxes, secret));
    const config = loadConfig({ PLENTYGATE_DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'error' });
    serve = await startProcess(config, createLogger('error'), { gateway: true });
    const runtime = serve.runtime;
    ctx = { sandboxes, gatewayUrl: serve.gateway!.url, service: runtime.service, credentials: runtime.credentials(), query: (t, p) => runtime.db.query(t, p) };
    profileId = await configureProfile(ctx);
    await pointWebhooks(ctx, secret);
  }, 120_000);

  afterAll(async () => {
    await serve?.stop();
    await sandboxes?.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('three deliveries of an order webhook and a 500 after the write give exactly one PlentyONE order', slow, async () => {
    await exactlyOnceUnderRetries(ctx, profileId);
  });

  it('an unmapped payment method fails only that order, with the reason in the history', slow, async () => {
    await unmappedPaymentFailsOnlyThatOrder(ctx, profileId);
  });
});

