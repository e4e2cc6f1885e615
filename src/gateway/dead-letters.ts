import type { JobInfo, QueueBackend } from '../queue/port.js';

/**
 * The dead-letter list: jobs that used up their attempts (or failed for good), with their data and last
 * error, across the job queues. Shared by the admin API and `plentygate dlq:list | dlq:replay`.
 */
export interface DeadLetters {
  list(options?: { limit?: number; offset?: number }): Promise<JobInfo[]>;
  /** Replays one dead job by id (looked up in every queue, or `queue/id`); false if none is dead. */
  replay(id: string): Promise<boolean>;
  /** Replays every dead job; returns how many. */
  replayAll(): Promise<number>;
}

export function createDeadLetters(backend: QueueBackend, queueNames: readonly string[]): DeadLetters {
  const split = (id: string): [string[], string] => {
    const slash = id.indexOf('/');
    if (slash > 0 && queueNames.includes(id.slice(0, slash))) return [[id.slice(0, slash)], id.slice(slash + 1)];
    return [[...queueNames], id];
  };
  return {
    async list(options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
      const out: JobInfo[] = [];
      for (const name of queueNames) out.push(...(await backend.queue(name).list('dead', { limit: limit + (options.offset ?? 0) })));
      out.sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0));
      return out.slice(options.offset ?? 0, (options.offset ?? 0) + limit);
    },
    async replay(id) {
      const [names, jobId] = split(id);
      for (const name of names) if (await backend.queue(name).replay(jobId)) return true;
      return false;
    },
    async replayAll() {
      let n = 0;
      for (const name of queueNames) n += await backend.queue(name).replayAll();
      return n;
    },
  };
}
