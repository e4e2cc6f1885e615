import { Gauge, type Registry } from 'prom-client';
import { jobStates, type JobState, type QueueBackend } from '../../queue/port.js';
import { within } from './bounded.js';

/** How long a scrape waits for the queue's counts: during a Redis outage it answers with `queue_up 0` instead. */
export const QUEUE_PROBE_TIMEOUT_MS = 1000;

/**
 * `plentygate_jobs{queue,state}` and `plentygate_queue_up`: read from the queue at scrape time, bounded
 * by QUEUE_PROBE_TIMEOUT_MS. While the queue does not answer, the job gauges are left out (a stale or a
 * zero count would look like an empty queue) and `plentygate_queue_up` is 0.
 */
export function registerQueueMetrics(registry: Registry, queue: QueueBackend, queueNames: () => string[] | Promise<string[]>): void {
  type Probe = { up: true; counts: [string, Record<JobState, number>][] } | { up: false };
  let current: Promise<Probe> | undefined;
  // Both gauges are collected in parallel by one scrape: they share one probe of the queue.
  const probe = () => (current ??= (async (): Promise<Probe> => {
    try {
      const counts = await within(QUEUE_PROBE_TIMEOUT_MS, (async () => {
        const names = await queueNames();
        return Promise.all(names.map(async (name) => [name, await queue.queue(name).counts()] as [string, Record<JobState, number>]));
      })(), 'the queue gave no counts');
      return { up: true, counts };
    } catch {
      return { up: false };
    } finally {
      setTimeout(() => { current = undefined; }, 0);
    }
  })());

  new Gauge({
    name: 'plentygate_queue_up',
    help: `1 when the queue (Redis, or the embedded queue in the database) answered within ${QUEUE_PROBE_TIMEOUT_MS} ms at this scrape, else 0.`,
    registers: [registry],
    async collect() {
      this.set((await probe()).up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'plentygate_jobs',
    help: 'Jobs by queue and state (absent while plentygate_queue_up is 0).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const p = await probe();
      if (!p.up) return;
      for (const [name, counts] of p.counts) for (const state of jobStates) this.set({ queue: name, state }, counts[state] ?? 0);
    },
  });
}
