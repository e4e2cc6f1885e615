import { testRedisPrefix } from '../../support/redis.js';
import { startHarness, type Harness } from './harness.js';

/**
 * A harness on the queue the suite runs on: BullMQ under its own Redis prefix (deleted on close) when
 * REDIS_URL is set, else the embedded queue in the test database.
 */
export async function startQueueHarness(env: Record<string, string>): Promise<Harness> {
  const redis = testRedisPrefix();
  const h = await startHarness({ env, ...(process.env.REDIS_URL ? { redis: { url: process.env.REDIS_URL, prefix: redis.prefix } } : {}) });
  return {
    ...h,
    async close() {
      await h.close();
      await redis.cleanup();
    },
  };
}
