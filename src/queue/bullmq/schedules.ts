/**
 * Cron schedules as BullMQ job schedulers: they live in Redis, so a tick fires once however many worker
 * processes run. The scheduler owns every job scheduler of its queue: sync removes the ones not listed.
 */
import type { Queue as BullQueue, KeepJobs } from 'bullmq';
import type { ScheduleDriver, ScheduleSpec } from '../port.js';
import { encodePattern, retryOptions } from './strategies.js';

export class BullmqSchedules implements ScheduleDriver {
  constructor(
    private readonly queue: (name: string) => BullQueue,
    private readonly keepCompleted: KeepJobs,
    /** Throws while Redis is not connected: the scheduler's next reload applies the schedules. */
    private readonly available: () => void = () => {},
  ) {}

  async sync(queueName: string, specs: ScheduleSpec[]): Promise<void> {
    this.available();
    const bull = this.queue(queueName);
    const existing = new Map((await bull.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
    const wanted = new Set(specs.map((s) => s.id));
    for (const key of existing.keys()) {
      if (!wanted.has(key)) await bull.removeJobScheduler(key);
    }
    for (const spec of specs) {
      const pattern = encodePattern(spec);
      const data = spec.data ?? {};
      const current = existing.get(spec.id);
      const retry = retryOptions(spec.retry);
      // Upserting an unchanged scheduler would reset its next job; every process reloads periodically.
      if (current && current.pattern === pattern && current.tz === spec.timezone && current.name === spec.jobName
        && JSON.stringify(current.template?.data ?? {}) === JSON.stringify(data)
        && sameRetry(current.template?.opts, retry)) continue;
      await bull.upsertJobScheduler(spec.id, { pattern, tz: spec.timezone }, {
        name: spec.jobName,
        data,
        opts: { ...retry, removeOnComplete: this.keepCompleted },
      });
    }
  }

  /** Nothing ticks in this process: the schedulers stay in Redis for the other processes. */
  async stop(): Promise<void> {}
}

function sameRetry(stored: { attempts?: number; backoff?: unknown } | undefined, wanted: ReturnType<typeof retryOptions>): boolean {
  const a = (typeof stored?.backoff === 'object' && stored.backoff !== null ? stored.backoff : {}) as { type?: string; delay?: number; jitter?: number };
  const b = wanted.backoff as { type?: string; delay?: number; jitter?: number };
  return stored?.attempts === wanted.attempts && a.type === b.type && a.delay === b.delay && (a.jitter ?? 0) === (b.jitter ?? 0);
}
