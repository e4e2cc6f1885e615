/**
 * How BullMQ workers take jobs (src/queue/bullmq/fetch.ts): a lone job costs one BZPOPMIN and one
 * moveToActive, and fewer fetches lose nothing: no job waits for the idle timeout (5 s), jobs run side
 * by side up to the concurrency, a delayed job runs on time, several processes share one queue.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createQueueBackend } from '../../src/queue/index.js';
import type { QueueBackend } from '../../src/queue/port.js';
import { countRedisCommands } from '../support/redis-commands.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { skipWithoutRedis } from '../support/redis-required.js';
import { gate, sleep, waitFor } from './helpers.js';

describe('BullMQ workers: fewer fetches', () => {
  if (skipWithoutRedis()) return;
  const { prefix, cleanup } = testRedisPrefix();
  const opened: QueueBackend[] = [];
  /** A backend on a Redis connection of its own, as each process has. */
  const backend = async () => {
    const b = await createQueueBackend({ redisUrl, prefix });
    opened.push(b);
    return b;
  };
  afterAll(async () => {
    await Promise.all(opened.map((b) => b.close()));
    await cleanup();
  });

  it('takes a lone job with one BZPOPMIN and one moveToActive (BullMQ alone: two and three)', async () => {
    const b = await backend();
    const queue = b.queue<number>('lone');
    const done: number[] = [];
    b.worker<number>('lone', async (job) => { done.push(job.data); }, { concurrency: 16 });
    await queue.add('warm', 0);
    await waitFor(() => done.length === 1, 'the warm-up job');
    await sleep(100);
    const counter = countRedisCommands();
    for (let i = 1; i <= 5; i++) {
      await queue.add('job', i);
      await waitFor(() => done.length === i + 1, `job ${i}`);
      await sleep(50); // the worker is idle again, blocked on its next BZPOPMIN
    }
    const { byName } = counter.take();
    const moves = (byName.get('moveToActive') ?? 0) + (byName.get('plentygate_moveToActive') ?? 0);
    expect(moves).toBe(5);
    // The BZPOPMIN each job woke was sent before the count began; after each job, one more.
    expect(byName.get('bzpopmin')).toBe(5);
    expect(byName.get('plentygate_moveToFinished')).toBe(5);
  });

  it('runs jobs that arrive one by one side by side, up to the concurrency', async () => {
    const b = await backend();
    const queue = b.queue<number>('side-by-side');
    const hold = gate();
    const started: number[] = [];
    b.worker<number>('side-by-side', async (job) => {
      started.push(job.data);
      await hold.promise;
    }, { concurrency: 4 });
    for (let i = 0; i < 4; i++) {
      await queue.add('job', i);
      await sleep(30);
    }
    await waitFor(() => started.length === 4, 'four jobs running at once', 2_000);
    hold.open();
  });

  it('runs a delayed job on time after taking a job that emptied the queue', async () => {
    const b = await backend();
    const queue = b.queue<string>('delayed');
    const ranAt = new Map<string, number>();
    b.worker<string>('delayed', async (job) => { ranAt.set(job.data, Date.now()); }, { concurrency: 4 });
    await sleep(100);
    const added = Date.now();
    await queue.add('later', 'later', { delayMs: 500 });
    await queue.add('now', 'now');
    await waitFor(() => ranAt.size === 2, 'both jobs', 10_000);
    // The idle block (drainDelay) is 5 s: the delayed job's time must not be lost with the fetch saved.
    expect(ranAt.get('later')! - added).toBeGreaterThanOrEqual(500);
    expect(ranAt.get('later')! - added).toBeLessThan(1_500);
  });

  it('loses no job to a saved fetch: three processes, bursts and single adds, every job started within a second', async () => {
    const backends = await Promise.all([backend(), backend(), backend()]);
    const startedAfter = new Map<number, number>();
    const addedAt = new Map<number, number>();
    let runs = 0;
    for (const b of backends) {
      b.worker<number>('shared', async (job) => {
        runs += 1;
        startedAfter.set(job.data, Date.now() - addedAt.get(job.data)!);
        await sleep(job.data % 7 * 3);
      }, { concurrency: 3 });
    }
    const queue = backends[0]!.queue<number>('shared');
    let n = 0;
    for (let round = 0; round < 40; round++) {
      // A burst, or a single job, then a pause of 0–25 ms (the worker idle, busy, or in between).
      const size = round % 3 === 0 ? 6 : 1;
      await Promise.all(Array.from({ length: size }, () => {
        const id = n++;
        addedAt.set(id, Date.now());
        return queue.add('job', id);
      }));
      await sleep((round * 7) % 26);
    }
    await waitFor(() => startedAfter.size === n, `all ${n} jobs`, 15_000);
    expect(runs).toBe(n);
    expect(Math.max(...startedAfter.values())).toBeLessThan(1_000);
  });
});
