/** The budget store contract, run against the in-process and the Redis adapter. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
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

/** A Redis store on a connection of its own (kept in `connections` to close), as another worker process has; counts its Redis commands. */
function countedStore(connections: Redis[], options: { name: string; settleDelayMs?: number | undefined; leaseMs?: number }) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  connections.push(connection);
  const counted = { commands: 0 };
  const send = connection.sendCommand.bind(connection);
  connection.sendCommand = ((...args: Parameters<typeof send>) => {
    counted.commands += 1;
    return send(...args);
  }) as typeof connection.sendCommand;
  return { store: createRedisBudgetStore({ redis: connection, prefix, ...options }), counted };
}

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

  it('does not take a late answer from the window before a reset as the new window', async () => {
    const store = adapters[kind]!();
    await store.tryAcquire(req('first'));
    // The store's estimate: 5 calls left, the window resets within 150 ms.
    await store.settle({ slots: SLOTS, permitId: 'first', observations: obs(5, 150, 8) });
    // A call goes out before the reset; its answer (4 left in the old window) comes back late.
    expect(await store.tryAcquire(req('late'))).toBe(0);
    // Meanwhile the API's window has reset: the calls the store lets out are counted in a new window of
    // 8, and their answers report it.
    let used = 0;
    for (let i = 0; i < 10 && (await store.tryAcquire(req(`new${i}`))) === 0; i++) {
      used += 1;
      await store.settle({ slots: SLOTS, permitId: `new${i}`, observations: obs(8 - used, 2_000, 8) });
    }
    expect(used).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    await store.settle({ slots: SLOTS, permitId: 'late', observations: obs(4, 1_000, 8) });
    // What the store lets out now must fit what the API has left in its window.
    let granted = 0;
    for (let i = 0; i < 10 && (await store.tryAcquire(req(`after${i}`))) === 0; i++) granted += 1;
    expect(used + granted).toBeLessThanOrEqual(8);
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

describe('budget store (redis): settles ride with the next acquire', () => {
  if (skipWithoutRedis()) return;
  const connections: Redis[] = [];
  afterAll(() => {
    for (const c of connections) c.disconnect();
  });
  /** A store on a connection of its own, as another worker process has; counts its Redis commands. */
  const worker = (name: string, settleDelayMs?: number) => countedStore(connections, { name, settleDelayMs });

  it('sends a settle with the next acquire of the same store, one command per call; the permit counts in flight until then', async () => {
    const name = randomUUID();
    const a = worker(name, 60_000);
    const other = worker(name).store;
    expect(await a.store.tryAcquire(req('p1'))).toBe(0);
    await a.store.settle({ slots: SLOTS, permitId: 'p1', observations: obs(5, 60_000) });
    // Not sent yet: another worker still counts the call in flight and knows no calls left.
    expect(await other.inspect('short:read')).toMatchObject({ callsLeft: undefined, inFlight: 1 });
    const before = a.counted.commands;
    expect(await a.store.tryAcquire(req('p2'))).toBe(0);
    expect(a.counted.commands - before).toBe(1);
    expect(await other.inspect('short:read')).toMatchObject({ callsLeft: 5, inFlight: 1 });
  });

  it('sends a settle no acquire follows after settleDelayMs, and the settle of a 429 at once', async () => {
    const name = randomUUID();
    const quick = worker(name, 1).store;
    const other = worker(name).store;
    await quick.tryAcquire(req('p1'));
    await quick.settle({ slots: SLOTS, permitId: 'p1', observations: obs(5, 60_000) });
    await vi.waitFor(async () => expect(await other.inspect('long:read')).toMatchObject({ callsLeft: 5, inFlight: 0 }), { timeout: 5_000, interval: 5 });

    const slow = worker(name, 60_000).store;
    await slow.tryAcquire(req('p2'));
    await slow.settle({ slots: SLOTS, permitId: 'p2', observations: [], blockMs: 30_000 });
    const state = await other.inspect('route:GET /rest/x');
    expect(state.inFlight).toBe(0);
    expect(state.blockedUntil! - Date.now()).toBeGreaterThan(20_000);
    expect(await other.tryAcquire(req('p3'))).toBeGreaterThan(20_000);
  });

  it('never gives out more calls than left across workers whose settles wait for their next acquire', async () => {
    const name = randomUUID();
    const workers = [worker(name, 60_000).store, worker(name, 60_000).store, worker(name, 60_000).store];
    // The API: 6 calls left in a long window; every answer reports what is left after it.
    let remaining = 6;
    let granted = 0;
    await workers[0]!.tryAcquire(req('probe'));
    await workers[0]!.settle({ slots: SLOTS, permitId: 'probe', observations: obs(remaining, 60_000) });
    await Promise.all(workers.flatMap((store, w) => [0, 1].map(async (lane) => {
      for (let i = 0; i < 10; i++) {
        const id = `w${w}-${lane}-${i}`;
        if ((await store.tryAcquire(req(id))) > 0) continue;
        granted += 1;
        remaining -= 1;
        await store.settle({ slots: SLOTS, permitId: id, observations: obs(remaining, 60_000) });
      }
    })));
    expect(remaining).toBeGreaterThanOrEqual(0);
    expect(granted).toBeGreaterThan(0);
    for (const store of workers) await store.inspect('short:read');
    expect(await workers[1]!.inspect('short:read')).toMatchObject({ callsLeft: remaining, inFlight: 0 });
    // Once every settle is in, what is left is given out again, and nothing more.
    expect((await workers[2]!.tryAcquire(req('over'))) > 0).toBe(remaining === 0);
  });
});

describe('budget store (redis): leases', () => {
  if (skipWithoutRedis()) return;
  const connections: Redis[] = [];
  afterAll(() => {
    for (const c of connections) c.disconnect();
  });
  /** A leasing store on a connection of its own, as another worker process has; counts its script calls. */
  const worker = (name: string, options: { settleDelayMs?: number; leaseMs?: number } = {}) => countedStore(connections, { name, ...options });
  /** Calls one after the other, each acquire then settle (the API answering `left()`), as a busy worker makes them. */
  const calls = async (store: BudgetStore, n: number, left: () => number, tag: string) => {
    for (let i = 0; i < n; i++) {
      expect(await store.tryAcquire(req(`${tag}${i}`))).toBe(0);
      await store.settle({ slots: SLOTS, permitId: `${tag}${i}`, observations: obs(left(), 60_000, 1000) });
    }
  };

  it('takes permits for several calls at once while calls come fast; the others count them in flight until they are used or given back', async () => {
    const name = randomUUID();
    const a = worker(name, { leaseMs: 1_000 });
    const other = worker(name).store;
    let left = 1000;
    await calls(a.store, 1, () => --left, 'warm');
    const before = a.counted.commands;
    await calls(a.store, 40, () => --left, 'c');
    // 1, 2, 4 and then 8 permits a script call (settles ride along): far fewer than one a call.
    expect(a.counted.commands - before).toBeLessThanOrEqual(8);
    const during = await other.inspect('short:read');
    expect(during.inFlight).toBeGreaterThan(0); // leased, not yet used: held for this worker
    expect(during.callsLeft).toBeGreaterThanOrEqual(left);
    // The lease ends: its unused permits go back and the settles go out, without another acquire.
    await vi.waitFor(async () => expect(await other.inspect('short:read')).toMatchObject({ inFlight: 0, callsLeft: left }), { timeout: 5_000, interval: 50 });
  });

  it('never gives out more calls than left across leasing workers; a lease takes at most a quarter of the room', async () => {
    const name = randomUUID();
    const workers = [worker(name, { leaseMs: 60_000, settleDelayMs: 60_000 }), worker(name, { leaseMs: 60_000, settleDelayMs: 60_000 })];
    let remaining = 40;
    let granted = 0;
    await workers[0]!.store.tryAcquire(req('probe'));
    await workers[0]!.store.settle({ slots: SLOTS, permitId: 'probe', observations: obs(remaining, 60_000, 1000) });
    await Promise.all(workers.flatMap(({ store }, w) => [0, 1, 2].map(async (lane) => {
      for (let i = 0; i < 30; i++) {
        const id = `w${w}-${lane}-${i}`;
        if ((await store.tryAcquire(req(id))) > 0) continue;
        granted += 1;
        remaining -= 1;
        await store.settle({ slots: SLOTS, permitId: id, observations: obs(remaining, 60_000, 1000) });
      }
    })));
    expect(remaining).toBeGreaterThanOrEqual(0);
    expect(granted).toBeGreaterThan(10);
    // With 40 left a lease takes at most 10: what one worker holds never starves the other.
    const held = await workers[1]!.store.inspect('route:GET /rest/x');
    expect(held.inFlight).toBeLessThanOrEqual(10);
  });

  it('ends its leases on a 429: the next call waits out the block instead of using a leased permit', async () => {
    const name = randomUUID();
    const { store } = worker(name, { leaseMs: 60_000 });
    let left = 1000;
    await calls(store, 8, () => --left, 'c');
    expect(await store.tryAcquire(req('hit'))).toBe(0);
    await store.settle({ slots: SLOTS, permitId: 'hit', observations: [], blockMs: 2_000 });
    expect(await store.tryAcquire(req('next'))).toBeGreaterThan(1_000);
  });
});
