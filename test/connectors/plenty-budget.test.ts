/** The budget store contract, run against the in-process and the Redis adapter. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBudgetStore, createRedisBudgetStore, type BudgetStore } from '../../src/connectors/plenty/index.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { redisMissing, skipWithoutRedis } from '../support/redis-required.js';

const { prefix, cleanup } = testRedisPrefix();
const redis = redisMissing ? undefined : new Redis(redisUrl, { maxRetriesPerRequest: 2 });
afterAll(async () => {
  redis?.disconnect();
  await cleanup();
});

const adapters: Record<string, () => BudgetStore> = {
  memory: () => createMemoryBudgetStore(),
  redis: () => createRedisBudgetStore({ redis: redis!, prefix, name: randomUUID() }),
};

const SLOTS = ['long:read', 'short:read', 'route:GET /rest/x'];
const req = (permitId: string, over: Partial<{ ttlMs: number; reserve: number }> = {}) => ({ slots: SLOTS, permitId, ttlMs: 10_000, reserve: 0, probeWaitMs: 25, ...over });
const obs = (left: number, resetInMs: number, limit = 10) => SLOTS.map((slot) => ({ slot, limit, callsLeft: left, resetInMs }));

describe.each(Object.keys(adapters))('budget store (%s)', (kind) => {
  if (kind === 'redis' && skipWithoutRedis()) return;
  it('lets one probe call out while nothing is known, then paces by calls left minus calls in flight', async () => {
    const store = adapters[kind]!();
    expect(await store.tryAcquire(req('a'))).toBe(0);
    // Nothing known yet and a call is out: wait for its answer.
    expect(await store.tryAcquire(req('b'))).toBe(25);
    await store.settle({ slots: SLOTS, permitId: 'a', observations: obs(2, 5_000) });
    expect(await store.tryAcquire(req('b'))).toBe(0);
    expect(await store.tryAcquire(req('c'))).toBe(0);
    // 2 left, 2 in flight: the next call waits for the window to reset.
    const wait = await store.tryAcquire(req('d'));
    expect(wait).toBeGreaterThan(4_000);
    expect(wait).toBeLessThanOrEqual(5_000);
    const state = await store.inspect('short:read');
    expect(state).toMatchObject({ limit: 10, callsLeft: 2, inFlight: 2 });
  });

  it('keeps the lowest calls left within a window (answers arrive out of order) and the earliest reset', async () => {
    const store = adapters[kind]!();
    await store.tryAcquire(req('a'));
    await store.settle({ slots: SLOTS, permitId: 'a', observations: obs(5, 8_000) });
    await store.settle({ slots: SLOTS, permitId: 'late', observations: obs(7, 9_000) });
    await store.settle({ slots: SLOTS, permitId: 'late2', observations: obs(4, 7_000) });
    const s = await store.inspect('route:GET /rest/x');
    expect(s.callsLeft).toBe(4);
    expect(s.resetAt! - Date.now()).toBeLessThanOrEqual(7_000);
  });

  it('forgets calls left once the window has passed and takes the next answer as the new window', async () => {
    const store = adapters[kind]!();
    await store.tryAcquire(req('a'));
    await store.settle({ slots: SLOTS, permitId: 'a', observations: obs(0, 50) });
    expect(await store.tryAcquire(req('b'))).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.tryAcquire(req('b'))).toBe(0);
    await store.settle({ slots: SLOTS, permitId: 'b', observations: obs(9, 60_000) });
    expect((await store.inspect('short:read')).callsLeft).toBe(9);
  });

  it('keeps a reserve, blocks after a 429 and forgets calls in flight that never settled', async () => {
    const store = adapters[kind]!();
    await store.tryAcquire(req('a'));
    await store.settle({ slots: SLOTS, permitId: 'a', observations: obs(3, 60_000) });
    expect(await store.tryAcquire(req('b', { reserve: 3 }))).toBeGreaterThan(0);
    expect(await store.tryAcquire(req('b', { reserve: 2 }))).toBe(0);
    await store.settle({ slots: SLOTS, permitId: 'b', observations: [], blockMs: 1_000 });
    const blocked = await store.tryAcquire(req('c'));
    expect(blocked).toBeGreaterThan(900);
    expect(blocked).toBeLessThanOrEqual(1_000);

    const other = adapters[kind]!();
    await other.tryAcquire(req('x'));
    await other.settle({ slots: SLOTS, permitId: 'x', observations: obs(1, 60_000) });
    expect(await other.tryAcquire(req('crashed', { ttlMs: 50 }))).toBe(0);
    expect(await other.tryAcquire(req('y'))).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(await other.tryAcquire(req('y'))).toBe(0);
  });
});
