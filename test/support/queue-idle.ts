import type { QueueBackend } from '../../src/queue/port.js';
import { HISTORY_CLEANUP_JOB, PROFILE_QUEUE } from '../../src/profiles/queue-names.js';

/**
 * Jobs of the profile queue that are still work: waiting, running, or delayed — but not the next tick
 * of a schedule (a cron run or the nightly history cleanup), which BullMQ keeps as a delayed job at all
 * times and which would make a queue with schedules never look idle.
 */
export async function pendingWork(queue: QueueBackend): Promise<number> {
  const q = queue.queue(PROFILE_QUEUE);
  const counts = await q.counts();
  if (counts.delayed === 0) return counts.waiting + counts.active;
  const delayed = await q.list('delayed', { limit: 10_000 });
  const work = delayed.filter((job) => job.name !== HISTORY_CLEANUP_JOB && (job.data as { trigger?: string } | undefined)?.trigger !== 'cron');
  return counts.waiting + counts.active + work.length;
}
