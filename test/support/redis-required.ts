/**
 * For suites that need Redis. A machine with only Node has none: those suites are skipped there,
 * with the reason shown. `.ci/run` sets PLENTYGATE_TEST_REQUIRE_REDIS=1: CI must have Redis, so there a
 * Redis that does not answer fails the run instead of skipping. (Not the common `CI` variable: a hosted
 * runner with only Node sets that too, and should skip like any other machine.)
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { it } from 'vitest';
import { redisUrl } from './redis.js';

/** `redis://user:secret@host` → `redis://user:***@host`, for messages. */
const shown = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/** Why Redis cannot be used, or undefined when it answers a PING. */
async function probe(url: string): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, NOAUTH…) says more than "Connection is closed".
  let cause: Error | undefined;
  redis.on('error', (error: Error) => { cause ??= error; });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${shown(url)} does not answer (${(cause ?? (error as Error)).message})`;
  } finally {
    redis.disconnect();
  }
}

const requireRedis = process.env.PLENTYGATE_TEST_REQUIRE_REDIS === '1';

/** Why the suites that need Redis are skipped in this run (probed once per test file), or undefined. */
export const redisMissing: string | undefined = await probe(redisUrl);
if (redisMissing) {
  if (requireRedis) throw new Error(`${redisMissing}: PLENTYGATE_TEST_REQUIRE_REDIS is set (start Redis, or set REDIS_URL)`);
  console.warn(`${redisMissing}: the suites that need Redis are skipped`);
}

/**
 * Why the suites that start a Redis of their own (to stop it mid-test) cannot run here, or undefined:
 * they need the `redis-server` program on PATH.
 */
export const redisServerMissing: string | undefined = (process.env.PATH ?? '').split(delimiter).some((dir) => {
  try {
    accessSync(join(dir, 'redis-server'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
})
  ? undefined
  : 'the redis-server program is not on PATH';
if (redisServerMissing && requireRedis) throw new Error(`${redisServerMissing}: PLENTYGATE_TEST_REQUIRE_REDIS is set (install Redis)`);

/** A test that starts its own `redis-server`: skipped, with the reason in its name, when there is none. */
export function itWithRedisServer(name: string, body: () => Promise<void>, timeout?: number): void {
  if (redisServerMissing) it.skip(`${name} (skipped: ${redisServerMissing})`, body);
  else it(name, body, timeout);
}

/**
 * Why the suites that run plentygate on PostgreSQL + Redis across processes cannot run here, or
 * undefined: they need both named explicitly, and Redis answering.
 */
export const distributedMissing: string | undefined =
  !process.env.DATABASE_URL || !process.env.REDIS_URL
    ? 'needs DATABASE_URL and REDIS_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres and redis://127.0.0.1:6379)'
    : redisMissing && `needs Redis: ${redisMissing}`;

/** Inside a `describe` that needs Redis: when Redis is missing, one skipped test says why, and true. */
export function skipWithoutRedis(): boolean {
  if (redisMissing) it.skip(`needs Redis: ${redisMissing}`, () => {});
  return redisMissing !== undefined;
}

/** A test that needs Redis: skipped, with the reason in its name, when Redis does not answer. */
export function itWithRedis(name: string, body: () => Promise<void>): void {
  if (redisMissing) it.skip(`${name} (needs Redis: ${redisMissing})`, body);
  else it(name, body);
}
