import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** REDIS_URL, else a Redis on this machine's default port (the suites that need it skip when it is not there). */
export const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Deletes every key under a prefix (a test file's or a benchmark's own). A Redis that cannot be
 * reached holds none of them: nothing to do (the suites that needed it were skipped).
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    try {
      await redis.connect();
    } catch {
      return;
    }
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A key prefix of this test file's own, and a cleanup that deletes every key under it. */
export function testRedisPrefix(): { prefix: string; cleanup: () => Promise<void> } {
  const prefix = `pgtest-${randomBytes(5).toString('hex')}`;
  return { prefix, cleanup: () => deleteRedisKeys(redisUrl, prefix) };
}
