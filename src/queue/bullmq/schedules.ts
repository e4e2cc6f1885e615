/**
 * Cron schedules as BullMQ job schedulers: they live in Redis, so a tick fires once however many worker
 * processes run. The scheduler owns every job scheduler of its queue: sync removes the ones not listed.
 */
import type { Queue as BullQueue, KeepJobs } from 'bullmq';
import type { ScheduleDriver, ScheduleSpec } from '../port.js';
import { encodePattern, retryOptions } from './strategies.js';

export class BullmqSchedules implements ScheduleDriver {
  constructor(private readonly queue: (name: string) => BullQueue, private readonly keepCompleted: KeepJobs) {}

  async sync(queueName: string, specs: ScheduleSpec[]): Promise<void> {
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
      // Upserting an unchanged scheduler would reset its next job; every process reloads periodically.
      if (current && current.pattern === pattern && current.tz === spec.timezone && current.name === spec.jobName
        && JSON.stringify(current.template?.data ?? {}) === JSON.stringify(data)) continue;
      await bull.upsertJobScheduler(spec.id, { pattern, tz: spec.timezone }, {
        name: spec.jobName,
        data,
        opts: { ...retryOptions(undefined), removeOnComplete: this.keepCompleted },
      });
    }
  }

  /** Nothing ticks in this process: the schedulers stay in Redis for the other processes. */
  async stop(): Promise<void> {}
}
