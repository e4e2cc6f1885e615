/** Pacing against the sandbox's `test` plan (2 s windows, 8 reads and 4 writes each): no 429 answered. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransientApiError } from '../../src/connectors/errors.js';
import { PlentyThrottle, createMemoryTokenStore, createRedisBudgetStore } from '../../src/connectors/plenty/index.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { PLANS } from '../../src/sandbox/plenty/index.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { itWithRedis } from '../support/redis-required.js';
import { sandboxClient, startPlentySandbox, type ServedSandbox } from './plenty-support.js';

const plan = PLANS.test;
const { prefix, cleanup } = testRedisPrefix();
const connections: Redis[] = [];
let sb: ServedSandbox;

beforeAll(async () => {
  sb = await startPlentySandbox({ plan: 'test' });
});
afterAll(async () => {
  await sb.close();
  for (const r of connections) r.disconnect();
  await cleanup();
});
beforeEach(async () => {
  sb.sandbox.throttle.reset();
  sb.sandbox.sessions.clear();
  sb.sandbox.log.reset();
  await sb.clearFaults();
});

const refused = () => sb.sandbox.throttle.state().totals.refused;

/** A throttle on the Redis budget, as a separate worker process would have (own connection). */
function sharedThrottle(name: string): PlentyThrottle {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  connections.push(redis);
  return new PlentyThrottle(createRedisBudgetStore({ redis, prefix, name }));
}

/** `total` calls of `work`, `n` at a time. */
async function inParallel(n: number, total: number, work: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next++ < total) await work();
  }));
}

describe('PlentyONE client throttling', () => {
  it('paces a loop of reads from the budget headers: no 429, and the waits are counted', async () => {
    const client = sandboxClient(sb);
    await inParallel(3, 20, () => client.me());
    expect(refused()).toBe(0);
    expect(sb.calls('GET', '/rest/users/me')).toBe(20);
    const stats = client.stats();
    expect(stats.byStatus['429']).toBeUndefined();
    expect(stats.calls['GET /rest/users/me 200']).toBe(20);
    // 20 reads at 8 per window: at least two waits for a window to reset.
    expect(stats.throttle.waits).toBeGreaterThanOrEqual(2);
    expect(stats.throttle.waitedMs).toBeGreaterThan(0);
    expect(stats.throttle.throttled).toBe(0);
  });

  itWithRedis('shares the budget between workers through Redis: two clients reading at once get no 429', async () => {
    const name = randomUUID();
    const tokenStore = createMemoryTokenStore();
    const a = sandboxClient(sb, { tokenStore, throttle: sharedThrottle(name) });
    const b = sandboxClient(sb, { tokenStore, throttle: sharedThrottle(name) });
    await Promise.all([inParallel(2, 10, () => a.webstores()), inParallel(2, 10, () => b.referrers())]);
    expect(refused()).toBe(0);
    expect(sb.calls('GET', '/rest/webstores') + sb.calls('GET', '/rest/orders/referrers')).toBe(20);
    expect(a.stats().throttle.waits + b.stats().throttle.waits).toBeGreaterThanOrEqual(2);
  });

  it('paces writes by their own budget', async () => {
    const client = sandboxClient(sb);
    for (let i = 0; i < 2 * plan.writesPerShort + 1; i++) {
      await client.contacts.create({ typeId: 1, referrerId: 1, firstName: `Paced ${i}`, lastName: 'Writer' });
    }
    expect(refused()).toBe(0);
    expect(client.stats().throttle.waits).toBeGreaterThanOrEqual(2);
  });

  it('honours Retry-After on a 429 it could not foresee, counts it and retries', async () => {
    await sb.fault({ kind: 'burst429', method: 'GET', path: '/rest/webstores', count: 2, retryAfter: 1 });
    const client = sandboxClient(sb);
    const started = Date.now();
    const stores = await client.webstores();
    expect(stores[0]?.storeIdentifier).toBe(sb.sandbox.plentyId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(sb.calls('GET', '/rest/webstores')).toBe(3);
    const stats = client.stats();
    expect(stats.throttle.throttled).toBe(2);
    expect(stats.throttle.waits).toBe(2);
    expect(stats.calls['GET /rest/webstores 429']).toBe(2);
  });

  it('imports the stock of 5,000 variations on a tight plan without a 429, in the minimum number of calls', async () => {
    const tight = await startPlentySandbox({ plan: { base: 'test', shortWindowSeconds: 1, readsPerShort: 25 }, catalog: createCatalog({ seed: 5, variations: 5_000 }) });
    try {
      const client = sandboxClient(tight);
      let rows = 0;
      const pages: Promise<void>[] = [];
      // Two scans at once (one per sales warehouse), as a stock import with concurrency would run.
      for (const warehouseId of [1, 2]) {
        pages.push((async () => {
          for await (const page of client.stock({ warehouseId }).pages()) rows += page.entries.length;
        })());
      }
      await Promise.all(pages);
      expect(rows).toBe(10_000);
      expect(tight.sandbox.throttle.state().totals.refused).toBe(0);
      expect(tight.sandbox.log.snapshot().byStatus['429']).toBeUndefined();
      expect(tight.sandbox.log.get('GET')).toBe(2 * Math.ceil(5_000 / 250));
      expect(client.stats().throttle.waits).toBeGreaterThan(0);
    } finally {
      await tight.close();
    }
  });

  it('gives up after its 429 retries with a transient error carrying Retry-After', async () => {
    await sb.fault({ kind: 'burst429', method: 'GET', path: '/rest/webstores', count: 5, retryAfter: 1 });
    const client = sandboxClient(sb, { retry: { throttled: 1 } });
    const err = await client.webstores().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientApiError);
    expect((err as TransientApiError).status).toBe(429);
    expect((err as TransientApiError).retryAfterMs).toBe(1_000);
  });
});
