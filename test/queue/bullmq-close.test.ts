/**
 * A BullMQ worker closed while Redis is coming back (its connections between two reconnect attempts)
 * closes once Redis is back. BullMQ waits for the blocking connection's 'end', which ioredis never
 * emits for a connection without a socket: before, such a close waited for ever, and so did the
 * shutdown of `serve` or `worker` after a Redis restart.
 */
import { afterAll, describe, expect } from 'vitest';
import { createQueueBackend } from '../../src/queue/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { itWithRedisServer } from '../support/redis-required.js';
import { startRedis, stopRedis } from '../support/redis-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * A BullMQ worker (shutdown grace `graceMs`) on a Redis server of its own, which goes away while the
 * worker waits for a job (its blocking connection in BZPOPMIN); what `onError` reported is in `errors`,
 * and `restart` brings Redis back on the same port.
 */
async function workerLosingRedis(graceMs: number) {
  const port = await freePort();
  let redis = await startRedis(port);
  cleanups.push(() => stopRedis(redis));
  const errors: string[] = [];
  const backend = await createQueueBackend({
    redisUrl: `redis://127.0.0.1:${port}`, prefix: 'close-test', shutdownGraceMs: graceMs, onError: (e) => errors.push(String(e)),
  });
  cleanups.push(() => backend.close());
  const worker = backend.worker('close-test', async () => {});
  await backend.ping();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await stopRedis(redis);
  return { worker, errors, restart: async () => { redis = await startRedis(port); } };
}

describe('closing a BullMQ worker after a Redis restart', () => {
  itWithRedisServer('closes once Redis is back instead of waiting for ever', async () => {
    const { worker, errors, restart } = await workerLosingRedis(60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await restart();
    // At once, while ioredis still waits for its next attempt.
    const started = Date.now();
    await worker.close();
    // Within the wait for Redis to come back (3 s), far inside the grace period it would otherwise hang past.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(errors.filter((e) => e.includes('did not close'))).toEqual([]);
  }, 60_000);

  itWithRedisServer('with Redis down for good, closes within its bound and says so when BullMQ did not let go', async () => {
    const { worker, errors } = await workerLosingRedis(500);
    const started = Date.now();
    await worker.close();
    const tookMs = Date.now() - started;
    // 3 s for Redis to come back, the 0.5 s grace, 3 s for BullMQ to let go: bounded, not for ever.
    expect(tookMs).toBeLessThan(15_000);
    // Whether BullMQ lets go depends on where ioredis is in its reconnect attempts when the close comes
    // (a connection with a socket ends, one between attempts never does): usually it hangs and the close
    // reports it; once in CI (2026-12-06) it let go and nothing was reported. Either way the report
    // matches what happened: given only once the close had waited out all three (6.5 s), and never
    // missing from a close that took that long (8 s leaves the event loop a moment to come back).
    const reported = errors.filter((e) => e.includes('did not close'));
    expect(reported.length).toBeLessThanOrEqual(1);
    for (const e of reported) expect(e).toBe('Error: queue worker close-test did not close (Redis unreachable); its jobs are taken over once their locks expire');
    if (reported.length) expect(tookMs).toBeGreaterThanOrEqual(6_400);
    if (tookMs >= 8_000) expect(reported).toHaveLength(1);
  }, 60_000);
});
