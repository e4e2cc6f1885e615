/**
 * The queue contract: every behaviour callers rely on, run against both adapters (BullMQ on Redis,
 * embedded on the test database). Jobs added with `local` run in this process's worker at once while it
 * has a free slot (src/queue/local-runs.ts); what fails there, or cannot run there, is the queue's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertingOnDeadLetter } from '../../src/alerts/dead-letter.js';
import { NonRetryableError, RetryAfterError } from '../../src/queue/errors.js';
import type { Job, JobState, QueueBackend } from '../../src/queue/port.js';
import { skipWithoutRedis } from '../support/redis-required.js';
import { adapters, gate, sleep, waitFor, type AdapterFixture } from './helpers.js';

const fast = { type: 'fixed', delayMs: 5 } as const;
let counter = 0;
const queueName = () => `contract${++counter}`;
const nothingQueued: Record<JobState, number> = { waiting: 0, delayed: 0, active: 0, completed: 0, dead: 0 };

describe.each(adapters)('queue contract: $name', ({ setup, needsRedis }) => {
  if (needsRedis && skipWithoutRedis()) return;
  let fixture: AdapterFixture;
  let backend: QueueBackend;

  // Booting PGlite takes a while on a busy machine.
  beforeAll(async () => {
    fixture = await setup();
    backend = await fixture.backend();
  }, 180_000);
  afterAll(async () => {
    await fixture?.teardown();
  });

  it('runs an added job and keeps it completed with its data', async () => {
    const name = queueName();
    const queue = backend.queue<{ sku: string }>(name);
    const seen: Job<{ sku: string }>[] = [];
    const worker = backend.worker<{ sku: string }>(name, async (job) => { seen.push(job); });
    const { id, added } = await queue.add('sync-product', { sku: 'A-1' });
    expect(added).toBe(true);
    const info = await waitFor(async () => (await queue.get(id))?.state === 'completed' && queue.get(id), 'completion');
    expect(info).toMatchObject({ id, queue: name, name: 'sync-product', data: { sku: 'A-1' }, attemptsMade: 1, lastError: null });
    expect(info.finishedAt).toBeInstanceOf(Date);
    expect(seen.map((j) => [j.name, j.data, j.attemptsMade])).toEqual([['sync-product', { sku: 'A-1' }, 0]]);
    await worker.close();
  });

  it('treats a repeated job id as the same job', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    const first = await queue.add('order', { n: 1 }, { jobId: 'order-100' });
    const second = await queue.add('order', { n: 2 }, { jobId: 'order-100' });
    expect(first).toEqual({ id: 'order-100', added: true });
    expect(second).toEqual({ id: 'order-100', added: false });
    const runs: unknown[] = [];
    const worker = backend.worker(name, async (job) => { runs.push(job.data); });
    await waitFor(async () => (await queue.get('order-100'))?.state === 'completed', 'completion');
    expect(runs).toEqual([{ n: 1 }]);
    await worker.close();
  });

  it('retries a failing job: two failures then success is attemptsMade 3', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    const attempts: number[] = [];
    const worker = backend.worker(name, async (job) => {
      attempts.push(job.attemptsMade);
      if (job.attemptsMade < 2) throw new Error(`flaky ${job.attemptsMade}`);
      return 'ok';
    });
    const { id } = await queue.add('flaky', {}, { attempts: 5, backoff: { type: 'exponential', delayMs: 5, jitter: 0.5 } });
    const info = await waitFor(async () => { const j = await queue.get(id); return j?.state === 'completed' && j; }, 'completion');
    expect(info.attemptsMade).toBe(3);
    expect(attempts).toEqual([0, 1, 2]);
    await worker.close();
  });

  it('dead-letters a job whose attempts are used up, keeping data and last error', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    const worker = backend.worker(name, async (job) => { throw new Error(`upstream 500 on try ${job.attemptsMade + 1}`); });
    const { id } = await queue.add('doomed', { order: 7 }, { attempts: 2, backoff: fast });
    const info = await waitFor(async () => { const j = await queue.get(id); return j?.state === 'dead' && j; }, 'dead');
    expect(info).toMatchObject({ data: { order: 7 }, attemptsMade: 2, maxAttempts: 2, lastError: 'upstream 500 on try 2' });
    expect((await queue.list('dead')).map((j) => j.id)).toEqual([id]);
    await worker.close();
  });

  it('sends a NonRetryableError straight to dead after one attempt', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    let runs = 0;
    const worker = backend.worker(name, async () => { runs += 1; throw new NonRetryableError('no mapping for attribute color'); });
    const { id } = await queue.add('map', {}, { attempts: 5, backoff: fast });
    const info = await waitFor(async () => { const j = await queue.get(id); return j?.state === 'dead' && j; }, 'dead');
    expect(info.attemptsMade).toBe(1);
    expect(info.lastError).toBe('no mapping for attribute color');
    expect(runs).toBe(1);
    await worker.close();
  });

  it('waits for Retry-After instead of the backoff', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    const startedAt: number[] = [];
    const worker = backend.worker(name, async (job) => {
      startedAt.push(Date.now());
      if (job.attemptsMade === 0) throw new RetryAfterError('429 Too Many Requests', 400);
    });
    const { id } = await queue.add('throttled', {}, { attempts: 3, backoff: { type: 'fixed', delayMs: 1 } });
    await waitFor(async () => (await queue.get(id))?.state === 'completed', 'completion');
    expect(startedAt).toHaveLength(2);
    expect(startedAt[1]! - startedAt[0]!).toBeGreaterThanOrEqual(350);
    await worker.close();
  });

  it('delays a job', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    let ranAt = 0;
    const worker = backend.worker(name, async () => { ranAt = Date.now(); });
    const addedAt = Date.now();
    const { id } = await queue.add('later', {}, { delayMs: 400 });
    expect((await queue.get(id))?.state).toBe('delayed');
    expect((await queue.counts()).delayed).toBe(1);
    await waitFor(async () => (await queue.get(id))?.state === 'completed', 'completion');
    expect(ranAt - addedAt).toBeGreaterThanOrEqual(380);
    await worker.close();
  });

  it('runs jobs without a priority first, then priority 1, 2, 3', async () => {
    const name = queueName();
    const queue = backend.queue<string>(name);
    await queue.add('p', 'p3', { priority: 3 });
    await queue.add('p', 'p1', { priority: 1 });
    await queue.add('p', 'none');
    await queue.add('p', 'p2', { priority: 2 });
    expect((await queue.counts()).waiting).toBe(4);
    expect((await queue.list('waiting')).length).toBe(4);
    const order: string[] = [];
    const worker = backend.worker<string>(name, async (job) => { order.push(job.data); });
    await waitFor(() => order.length === 4, 'four runs');
    expect(order).toEqual(['none', 'p1', 'p2', 'p3']);
    await worker.close();
  });

  it('throttles: the first add in a window runs, later ones are dropped', async () => {
    const name = queueName();
    const queue = backend.queue<number>(name);
    const runs: number[] = [];
    const worker = backend.worker<number>(name, async (job) => { runs.push(job.data); });
    const dedupe = { id: 'stock-42', windowMs: 5_000, mode: 'throttle' } as const;
    const results = [];
    for (const n of [1, 2, 3]) results.push(await queue.add('stock', n, { dedupe }));
    expect(results.map((r) => r.added)).toEqual([true, false, false]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    await waitFor(() => runs.length === 1, 'one run');
    await sleep(150);
    expect(runs).toEqual([1]);
    await worker.close();
  });

  it('debounces: one run, after the last add, with the last data', async () => {
    const name = queueName();
    const queue = backend.queue<number>(name);
    const runs: number[] = [];
    const worker = backend.worker<number>(name, async (job) => { runs.push(job.data); });
    const dedupe = { id: 'product-9', windowMs: 300, mode: 'debounce' } as const;
    const results = [];
    for (const n of [1, 2, 3]) {
      results.push(await queue.add('product', n, { dedupe }));
      await sleep(50);
    }
    expect(results.map((r) => r.added)).toEqual([true, false, false]);
    await waitFor(() => runs.length === 1, 'one run');
    await sleep(400);
    expect(runs).toEqual([3]);
    expect((await queue.counts()).completed).toBe(1);
    await worker.close();
  });

  it('debounce during a run: one more run after it, with the last data', async () => {
    const name = queueName();
    const queue = backend.queue<number>(name);
    const runs: number[] = [];
    const first = gate();
    const release = gate();
    const worker = backend.worker<number>(name, async (job) => {
      runs.push(job.data);
      if (job.data === 1) {
        first.open();
        await release.promise;
      }
    }, { concurrency: 2 });
    const dedupe = { id: 'category-5', windowMs: 100, mode: 'debounce' } as const;
    await queue.add('category', 1, { dedupe });
    await first.promise;
    await queue.add('category', 2, { dedupe });
    await queue.add('category', 3, { dedupe });
    await sleep(300);
    // Never two runs for one dedupe id at once.
    expect(runs).toEqual([1]);
    release.open();
    await waitFor(() => runs.length === 2, 'the follow-up run');
    await sleep(300);
    expect(runs).toEqual([1, 3]);
    await worker.close();
  });

  it('addBulk adds a list at once, each job run with its own data; a job id given again is the same job', async () => {
    const name = queueName();
    const queue = backend.queue<{ n: number }>(name);
    await queue.add('order', { n: 0 }, { jobId: 'bulk-0' });
    const results = await queue.addBulk([
      { name: 'order', data: { n: 1 }, options: { jobId: 'bulk-1' } },
      { name: 'order', data: { n: 2 } },
      { name: 'order', data: { n: 3 }, options: { jobId: 'bulk-0' } },
      { name: 'order', data: { n: 4 }, options: { jobId: 'bulk-1' } },
      { name: 'order', data: { n: 5 }, options: { delayMs: 50, priority: 2 } },
    ]);
    expect(results.map((r) => r.added)).toEqual([true, true, false, false, true]);
    expect(results[0]!.id).toBe('bulk-1');
    expect(results[2]!.id).toBe('bulk-0');
    expect(results[3]!.id).toBe('bulk-1');
    expect(new Set(results.map((r) => r.id)).size).toBe(4);
    const runs: number[] = [];
    const worker = backend.worker<{ n: number }>(name, async (job) => { runs.push(job.data.n); });
    await waitFor(() => runs.length === 4, 'four runs');
    await sleep(150);
    expect(runs.sort()).toEqual([0, 1, 2, 5]);
    expect(await queue.addBulk([])).toEqual([]);
    await worker.close();
  });

  it('addBulk of one job has the outcome of its add: added, the same job id again, a debounced add absorbed', async () => {
    const name = queueName();
    const queue = backend.queue<string>(name);
    const debounce = { id: 'single-product-1', windowMs: 300, mode: 'debounce' } as const;
    const first = await queue.addBulk([{ name: 'order', data: 'o1', options: { jobId: 'single-1', priority: 3 } }]);
    expect(first).toEqual([{ id: 'single-1', added: true }]);
    expect(await queue.addBulk([{ name: 'order', data: 'o1 again', options: { jobId: 'single-1' } }])).toEqual([{ id: 'single-1', added: false }]);
    const [plain] = await queue.addBulk([{ name: 'order', data: 'o2' }]);
    expect(plain).toMatchObject({ added: true });
    const [p1] = await queue.addBulk([{ name: 'product', data: 'p1', options: { dedupe: debounce } }]);
    const [p2] = await queue.addBulk([{ name: 'product', data: 'p2', options: { dedupe: debounce } }]);
    expect([p1!.added, p2!.added]).toEqual([true, false]);
    expect((await queue.get('single-1'))?.data).toBe('o1');
    const runs: string[] = [];
    const worker = backend.worker<string>(name, async (job) => { runs.push(job.data); });
    await waitFor(() => runs.length === 3, 'three runs');
    await sleep(400);
    expect(runs.sort()).toEqual(['o1', 'o2', 'p2']);
    await worker.close();
  });

  it('addBulk debounces and throttles inside the list as adds one by one would', async () => {
    const name = queueName();
    const queue = backend.queue<string>(name);
    const debounce = { id: 'bulk-product-1', windowMs: 200, mode: 'debounce' } as const;
    const throttle = { id: 'bulk-stock-1', windowMs: 5_000, mode: 'throttle' } as const;
    const results = await queue.addBulk([
      { name: 'product', data: 'p1', options: { dedupe: debounce } },
      { name: 'stock', data: 's1', options: { dedupe: throttle } },
      { name: 'product', data: 'p2', options: { dedupe: debounce } },
      { name: 'stock', data: 's2', options: { dedupe: throttle } },
    ]);
    expect(results.map((r) => r.added)).toEqual([true, true, false, false]);
    expect(results[3]!.id).toBe(results[1]!.id);
    const runs: string[] = [];
    const worker = backend.worker<string>(name, async (job) => { runs.push(job.data); });
    await waitFor(() => runs.length === 2, 'two runs');
    await sleep(400);
    expect(runs.sort()).toEqual(['p2', 's1']);
    await worker.close();
  });

  it('replays a dead job, and replayAll replays every dead job', async () => {
    const name = queueName();
    const queue = backend.queue<string>(name);
    let broken = true;
    const completed: string[] = [];
    const worker = backend.worker<string>(name, async (job) => {
      if (broken) throw new NonRetryableError(`mapping missing for ${job.data}`);
      completed.push(job.data);
    });
    const a = await queue.add('x', 'a');
    const b = await queue.add('x', 'b');
    const c = await queue.add('x', 'c');
    await waitFor(async () => (await queue.counts()).dead === 3, 'three dead');
    expect(await queue.replay(a.id + '-unknown')).toBe(false);
    broken = false;
    expect(await queue.replay(a.id)).toBe(true);
    const replayed = await waitFor(async () => { const j = await queue.get(a.id); return j?.state === 'completed' && j; }, 'replayed job');
    expect(replayed.attemptsMade).toBe(1);
    expect(await queue.replay(a.id)).toBe(false);
    expect(await queue.replayAll()).toBe(2);
    await waitFor(async () => (await queue.counts()).completed === 3, 'all completed');
    expect(completed.sort()).toEqual(['a', 'b', 'c']);
    expect([b.id, c.id].length).toBe(2);
    await worker.close();
  });

  it('removes a job that is not running', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    const { id } = await queue.add('later', {}, { delayMs: 60_000 });
    expect(await queue.remove(id)).toBe(true);
    expect(await queue.get(id)).toBeNull();
    expect(await queue.remove(id)).toBe(false);
  });

  it('runs at most `concurrency` jobs at a time per worker', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    let running = 0;
    let peak = 0;
    let done = 0;
    const worker = backend.worker(name, async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(80);
      running -= 1;
      done += 1;
    }, { concurrency: 3 });
    for (let i = 0; i < 7; i += 1) await queue.add('n', i);
    await waitFor(() => done === 7, 'seven runs');
    expect(peak).toBe(3);
    await worker.close();
  });

  it('gives the jobs of a worker one signal that any number of them may listen to, without a leak warning', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const all = gate();
      let listening = 0;
      let done = 0;
      // As runs do: each job listens to its signal while it runs (runner.ts).
      const worker = backend.worker(name, async (job) => {
        const onAbort = () => {};
        job.signal.addEventListener('abort', onAbort);
        if (++listening === 12) all.open();
        await all.promise;
        job.signal.removeEventListener('abort', onAbort);
        done += 1;
      }, { concurrency: 12 });
      for (let i = 0; i < 12; i += 1) await queue.add('n', i);
      await waitFor(() => done === 12, 'twelve runs at once');
      await worker.close();
      await sleep(10);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('worker.close() waits for the job in flight to finish', async () => {
    const name = queueName();
    const queue = backend.queue(name);
    const started = gate();
    let finished = false;
    const worker = backend.worker(name, async () => {
      started.open();
      await sleep(300);
      finished = true;
    });
    const { id } = await queue.add('slow', {});
    await started.promise;
    await worker.close();
    expect(finished).toBe(true);
    expect((await queue.get(id))?.state).toBe('completed');
    // A closed worker takes no more jobs.
    const next = await queue.add('slow', {});
    await sleep(200);
    expect((await queue.get(next.id))?.state).toBe('waiting');
  });

  it('backend.close() closes every worker gracefully', async () => {
    const own = await fixture.backend();
    const name = queueName();
    const queue = own.queue(name);
    const started = gate();
    let finished = false;
    own.worker(name, async () => {
      started.open();
      await sleep(250);
      finished = true;
    });
    const { id } = await queue.add('slow', {});
    await started.promise;
    await own.close();
    expect(finished).toBe(true);
    expect((await backend.queue(name).get(id))?.state).toBe('completed');
    await expect(backend.ping()).resolves.toBeUndefined();
  });

  // `local` adds (src/queue/local-runs.ts): run in this process's worker at once, without the queue.
  it('runs a local job in this process at once, nothing queued; settled once it ran', async () => {
    const name = queueName();
    const queue = backend.queue<{ order: string }>(name);
    const seen: Job<{ order: string }>[] = [];
    const worker = backend.worker<{ order: string }>(name, async (job) => { seen.push(job); }, { concurrency: 2 });
    const result = await queue.add('export', { order: '100' }, { local: true, attempts: 3 });
    expect(result.added).toBe(true);
    expect(result.settled).toBeInstanceOf(Promise);
    await result.settled;
    expect(seen.map((j) => [j.id, j.name, j.data, j.attemptsMade, j.maxAttempts, j.inProcess])).toEqual([[result.id, 'export', { order: '100' }, 0, 3, true]]);
    expect(await queue.get(result.id)).toBeNull();
    expect(await queue.counts()).toEqual(nothingQueued);

    // In a bulk add, the local job runs here and the other one goes through the queue.
    const [here, queued] = await queue.addBulk([
      { name: 'export', data: { order: '101' }, options: { local: true } },
      { name: 'export', data: { order: '102' } },
    ]);
    expect(queued!.settled).toBeUndefined();
    await here!.settled;
    await waitFor(async () => (await queue.get(queued!.id))?.state === 'completed', 'the queued job completed');
    expect(await queue.get(here!.id)).toBeNull();
    expect(seen.map((j) => [j.data.order, j.inProcess ?? false])).toEqual([['100', true], ['101', true], ['102', false]]);
    await worker.close();
  });

  it('queues a local job that needs the queue or finds no free slot here', async () => {
    const name = queueName();
    const queue = backend.queue<{ n: number }>(name);
    // No worker for the queue in this process.
    const alone = await queue.add('run', { n: 0 }, { local: true });
    expect(alone.settled).toBeUndefined();
    expect((await queue.get(alone.id))?.state).toBe('waiting');

    const held = gate();
    const ran: [number, boolean][] = [];
    const worker = backend.worker<{ n: number }>(name, async (job) => {
      ran.push([job.data.n, job.inProcess ?? false]);
      if (job.data.n === 1) await held.promise;
    }, { concurrency: 1 });
    await waitFor(async () => (await queue.get(alone.id))?.state === 'completed', 'the waiting job run by the new worker');
    // A job id, a dedupe, a delay or a single attempt: the queue's to keep.
    const needQueue = await queue.addBulk([
      { name: 'run', data: { n: 10 }, options: { local: true, jobId: 'fixed-id' } },
      { name: 'run', data: { n: 11 }, options: { local: true, dedupe: { id: 'd', windowMs: 5, mode: 'debounce' } } },
      { name: 'run', data: { n: 12 }, options: { local: true, delayMs: 5 } },
      { name: 'run', data: { n: 13 }, options: { local: true, attempts: 1 } },
    ]);
    expect(needQueue.map((r) => r.settled)).toEqual([undefined, undefined, undefined, undefined]);
    await waitFor(async () => ran.length === 5, 'the four queued jobs run');
    // The one slot taken by a run here: the next local job is queued, and runs once the slot is free.
    const first = await queue.add('run', { n: 1 }, { local: true });
    expect(first.settled).toBeDefined();
    const second = await queue.add('run', { n: 2 }, { local: true });
    expect(second.settled).toBeUndefined();
    held.open();
    await first.settled;
    await waitFor(async () => (await queue.get(second.id))?.state === 'completed', 'the second job run from the queue');
    expect(ran.slice(5)).toEqual([[1, true], [2, false]]);
    // A closed worker takes nothing more here.
    await worker.close();
    const late = await queue.add('run', { n: 3 }, { local: true });
    expect(late.settled).toBeUndefined();
    expect((await queue.get(late.id))?.state).toBe('waiting');
  });

  it('queues a run that failed here under its id, with the attempts it has left', async () => {
    const name = queueName();
    const queue = backend.queue<{ order: string }>(name);
    const runs: [boolean, number][] = [];
    const worker = backend.worker<{ order: string }>(name, async (job) => {
      runs.push([job.inProcess ?? false, job.attemptsMade]);
      if (job.inProcess) throw new Error('PlentyONE answered 503');
    });
    const { id, settled } = await queue.add('export', { order: '200' }, { local: true, attempts: 3, backoff: fast });
    await settled;
    const info = await waitFor(async () => { const j = await queue.get(id); return j?.state === 'completed' && j; }, 'the retry completed');
    expect(info).toMatchObject({ id, data: { order: '200' }, maxAttempts: 2, attemptsMade: 1 });
    expect(runs).toEqual([[true, 0], [false, 0]]);
    await worker.close();
  });

  it('an error retrying cannot fix: queued for the one attempt that dead-letters it, with one alert', async () => {
    const name = queueName();
    const queue = backend.queue<{ order: string }>(name);
    const alerts: string[] = [];
    let runs = 0;
    const worker = backend.worker<{ order: string }>(name, alertingOnDeadLetter(async () => {
      runs++;
      throw new NonRetryableError('profile 9 does not exist');
    }, { deadLetter: async (alert) => { alerts.push(`${alert.jobId}: ${alert.error}`); } }));
    const { id, settled } = await queue.add('export', { order: '300' }, { local: true, attempts: 5, backoff: fast });
    await settled;
    const info = await waitFor(async () => { const j = await queue.get(id); return j?.state === 'dead' && j; }, 'dead');
    expect(info).toMatchObject({ maxAttempts: 1, lastError: 'profile 9 does not exist' });
    expect(runs).toBe(2);
    expect(alerts).toEqual([`${id}: profile 9 does not exist`]);
    await worker.close();
  });

  it('closing waits for runs here; one past the grace period is aborted and queued with all its attempts', async () => {
    const own = await fixture.backend({ shutdownGraceMs: 200 });
    const name = queueName();
    const queue = own.queue<{ order: string }>(name);
    const started = gate();
    own.worker<{ order: string }>(name, (job) => new Promise((_resolve, reject) => {
      started.open();
      job.signal.addEventListener('abort', () => reject(job.signal.reason as Error));
    }));
    const quick = gate();
    const result = await queue.add('export', { order: '400' }, { local: true, attempts: 4 });
    await started.promise;
    void result.settled!.then(quick.open);
    await own.close();
    await quick.promise;
    // Another process (backend) on the same store finds the job waiting for it.
    const info = await backend.queue(name).get(result.id);
    expect(info).toMatchObject({ state: 'waiting', data: { order: '400' }, maxAttempts: 4 });
  });
});
