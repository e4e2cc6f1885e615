import { createQueueBackend } from '../../src/queue/index.js';
import type { QueueBackend } from '../../src/queue/port.js';
import { createTestDatabase } from '../support/db.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';

/** Waits until `check` returns a truthy value (polling), or fails with `what` after `timeoutMs`. */
type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve handle, to hold a processor until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

export interface AdapterFixture {
  /** A backend on the shared store of this fixture (same Redis prefix / same database). */
  backend(options?: { leaseMs?: number; shutdownGraceMs?: number }): Promise<QueueBackend>;
  teardown(): Promise<void>;
}

/** Both adapters; `needsRedis`: the suite skips it (saying why) when Redis does not answer. */
export const adapters: { name: 'bullmq' | 'embedded'; needsRedis: boolean; setup: () => Promise<AdapterFixture> }[] = [
  {
    name: 'bullmq',
    needsRedis: true,
    setup: async () => {
      const { prefix, cleanup } = testRedisPrefix();
      const opened: QueueBackend[] = [];
      return {
        backend: async (options = {}) => {
          const backend = await createQueueBackend({ redisUrl, prefix, ...options });
          opened.push(backend);
          return backend;
        },
        teardown: async () => {
          await Promise.all(opened.map((b) => b.close()));
          await cleanup();
        },
      };
    },
  },
  {
    name: 'embedded',
    needsRedis: false,
    setup: async () => {
      const db = await createTestDatabase();
      const opened: QueueBackend[] = [];
      return {
        backend: async (options = {}) => {
          const backend = await createQueueBackend({ db, pollIntervalMs: 50, ...options });
          opened.push(backend);
          return backend;
        },
        teardown: async () => {
          await Promise.all(opened.map((b) => b.close()));
          await db.destroy();
        },
      };
    },
  },
];
