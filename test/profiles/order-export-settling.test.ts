import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import type { RunRequest } from '../../src/profiles/runner.js';
import { createProfileService, type ProfileService } from '../../src/profiles/service.js';
import { startProfileWorker } from '../../src/profiles/worker.js';
import { createQueueBackend } from '../../src/queue/index.js';
import type { Queue, QueueBackend, Worker } from '../../src/queue/port.js';
import { engine } from '../support/db.js';
import { testRedisPrefix } from '../support/redis.js';
import { waitFor } from '../queue/helpers.js';
import { sandboxOrderConfig, startOrderExportHarness, type OrderExportHarness } from './order-export-harness.js';

/**
 * The settling period through the real queue: an order event inside the period becomes one delayed
 * job per order (never a skip that waits for a schedule), and that job exports the order when the
 * period ends. Embedded queue on the test database, or BullMQ when REDIS_URL is set.
 */
const withRedis = Boolean(process.env.REDIS_URL);
const { settlingSeconds: _noDelay, ...defaultSettling } = sandboxOrderConfig as { settlingSeconds?: number } & Record<string, unknown>;

describe(`order settling through the queue (${engine}, ${withRedis ? 'BullMQ' : 'embedded queue'})`, () => {
  let h: OrderExportHarness;
  let backend: QueueBackend;
  let worker: Worker;
  let service: ProfileService;
  let queue: Queue<RunRequest>;
  const redis = testRedisPrefix();

  beforeAll(async () => {
    h = await startOrderExportHarness(defaultSettling);
    backend = await createQueueBackend({ db: h.db, redisUrl: process.env.REDIS_URL, prefix: redis.prefix, pollIntervalMs: 50, shutdownGraceMs: 2_000 });
    const registry = await builtinRegistry();
    service = createProfileService({ db: h.db.db, registry, queue: backend });
    await service.test(h.profile.id);
    await service.enable(h.profile.id);
    worker = startProfileWorker({ db: h.db.db, queue: backend, registry, log: pino({ level: 'silent' }), services: { connectors: h.connectors } });
    queue = backend.queue<RunRequest>(PROFILE_QUEUE);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await backend?.close();
    await h?.close();
    if (withRedis) await redis.cleanup();
  });

  const event = (key: string, kind: 'placed' | 'saved') =>
    service.dispatchEvent({ source: 'magento', entity: 'order', kind, keys: [key] }, { debounceMs: 0 });
  const runsFor = async (key: string) => (await h.db.query<{ id: number; status: string; skipped: number; created: number; params: { ids?: string[] } }>(
    `select id, status, skipped, created, params from profile_runs where profile_id = $1 and trigger <> 'cron' order by id`, [h.profile.id]))
    .filter((r) => r.params.ids?.includes(key) && (r.status === 'completed' || r.status === 'partial'));
  const laterJobs = async (key: string) => (await queue.list('delayed', { limit: 1000 }))
    .filter((j) => j.id.startsWith(`later-${h.profile.id}-`) && j.data.input.ids?.includes(key));

  it('at the default settling period (60 s) an order event is delayed, once per order, not skipped', { timeout: 30_000 }, async () => {
    const profile = await service.get(h.profile.id);
    expect((profile.config as { settlingSeconds: number }).settlingSeconds).toBe(60);
    // Nothing here waits for a schedule: the order's own delayed job is what exports it.

    const { incrementId } = await h.placeOrder({ items: [{ sku: 'PG-0000010', qty: 1 }], email: 'settle.default@example.com' });
    await event(incrementId, 'placed');
    const [run] = await waitFor(async () => {
      const runs = await runsFor(incrementId);
      return runs.length ? runs : undefined;
    }, `the event run of order ${incrementId}`);
    expect(run).toMatchObject({ status: 'completed', skipped: 1, created: 0 });
    const [message] = await h.messages(run!.id);
    expect(message).toMatchObject({ level: 'info', recordKey: incrementId });
    expect(message!.message).toMatch(/^Placed \d+ s ago, inside the settling period of 60 s \(settlingSeconds\): a run at \S+Z exports it\.$/);

    const [job, ...more] = await laterJobs(incrementId);
    expect(more).toEqual([]);
    expect(job!.data).toMatchObject({ profileId: h.profile.id, trigger: 'event', input: { mode: 'ids', ids: [incrementId] } });
    expect(h.ordersFor(incrementId)).toEqual([]);
    // The statement that read the order's link took no claim for an order still settling (nothing to give up).
    expect(await h.db.query(`select entity_type from entity_links where magento_key = $1`, [incrementId])).toEqual([]);

    // The order's next webhook (saved) inside the period: another run, still one delayed job.
    await event(incrementId, 'saved');
    await waitFor(async () => (await runsFor(incrementId)).length >= 2, 'the second event run');
    expect((await laterJobs(incrementId)).map((j) => j.id)).toEqual([job!.id]);
    expect(h.ordersFor(incrementId)).toEqual([]);
    await queue.remove(job!.id);
  });

  it('the delayed job exports the order when the period ends, with no schedule', { timeout: 30_000 }, async () => {
    const settlingSeconds = 3;
    await service.updateConfig(h.profile.id, { ...defaultSettling, settlingSeconds });
    const placed = await h.placeOrder({ items: [{ sku: 'PG-0000011', qty: 2 }], email: 'settle.short@example.com' });
    await event(placed.incrementId, 'placed');
    await waitFor(async () => (await laterJobs(placed.incrementId)).length === 1, 'the delayed job');
    expect(h.ordersFor(placed.incrementId)).toEqual([]);
    // Done when: in PlentyONE within the settling period plus 10 s.
    await waitFor(() => h.ordersFor(placed.incrementId).length > 0, `order ${placed.incrementId} in PlentyONE`, (settlingSeconds + 10) * 1000);
    // The delayed job's run finishes (it records the order it created) a moment after the write.
    const runs = await waitFor(async () => {
      const done = await runsFor(placed.incrementId);
      return done.some((r) => r.created > 0) ? done : undefined;
    }, 'the run of the delayed job');
    expect(runs.reduce((n, r) => n + r.created, 0)).toBe(1);
    expect(h.ordersFor(placed.incrementId)).toHaveLength(1);
  });
});
