import { isNonRetryable } from '../queue/errors.js';
import type { Job, Processor } from '../queue/port.js';
import type { Alerts } from './alerts.js';

/**
 * Wraps a queue processor so that a job failing for the last time (attempts used up, or an error retrying
 * cannot fix) raises a dead-letter alert before the queue moves it to the dead-letter list.
 */
export function alertingOnDeadLetter<T>(
  processor: Processor<T>,
  alerts: Pick<Alerts, 'deadLetter'> | undefined,
  subjectOf: (job: Job<T>) => string | undefined = () => undefined,
): Processor<T> {
  if (!alerts) return processor;
  return async (job) => {
    try {
      return await processor(job);
    } catch (error) {
      // A shutdown abort is not a failure of the job: it is taken over, not dead-lettered. A run in
      // process before the queue held it is queued to go on, so the queue alerts if it ends dead.
      if (!job.signal.aborted && !job.inProcess && (isNonRetryable(error) || job.attemptsMade + 1 >= job.maxAttempts)) {
        const subject = subjectOf(job);
        await alerts.deadLetter({ queue: job.queue, jobId: job.id, error: error instanceof Error ? error.message : String(error), ...(subject ? { subject } : {}) });
      }
      throw error;
    }
  };
}
