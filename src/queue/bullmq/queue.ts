/**
 * The BullMQ adapter's Queue. BullMQ's states map onto the port's: failed (kept) is `dead`; prioritized,
 * and waiting-children count as `waiting`. Dedupe maps onto BullMQ 6 `deduplication`.
 */
import { randomUUID } from 'node:crypto';
import type { Queue as BullQueue, Job as BullJob, JobState as BullState, JobType, KeepJobs } from 'bullmq';
import type { AddOptions, AddResult, BulkJob, JobInfo, JobState, ListOptions, Queue } from '../port.js';
import { jobStates } from '../port.js';
import { addBulk, jobOptions } from './add-jobs.js';

const bullTypes: Record<JobState, JobType[]> = {
  waiting: ['waiting', 'prioritized', 'waiting-children'],
  delayed: ['delayed'],
  active: ['active'],
  completed: ['completed'],
  dead: ['failed'],
};

function portState(state: BullState | 'unknown'): JobState | undefined {
  for (const s of jobStates) if ((bullTypes[s] as string[]).includes(state)) return s;
  return undefined;
}

/**
 * Runs so far, the port's way: BullMQ's attemptsMade counts retried failures only (not the final run,
 * nor an UnrecoverableError); attemptsStarted counts every run, including one lost to a crashed worker.
 */
function attemptsMade(job: BullJob, state: JobState): number {
  return state === 'active' ? Math.max(0, job.attemptsStarted - 1) : job.attemptsStarted;
}

function toJobInfo<T>(queue: string, job: BullJob, state: JobState): JobInfo<T> {
  return {
    id: job.id ?? '',
    queue,
    name: job.name,
    data: job.data as T,
    state,
    attemptsMade: attemptsMade(job, state),
    maxAttempts: job.opts.attempts ?? 1,
    lastError: job.failedReason ? job.failedReason : null,
    createdAt: new Date(job.timestamp),
    finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

export class BullmqQueue<T> implements Queue<T> {
  constructor(
    readonly name: string,
    private readonly bull: BullQueue,
    private readonly keepCompleted: KeepJobs,
    /** Throws while Redis is not connected, so a call fails at once instead of waiting for its return. */
    private readonly available: () => void = () => {},
  ) {}

  async add(name: string, data: T, options: AddOptions = {}): Promise<AddResult> {
    this.available();
    // BullMQ answers a duplicate job id with the existing job and no sign of it; look first. Two
    // processes adding the same id at the same instant still create one job, both told `added`.
    if (options.jobId && (await this.bull.getJob(options.jobId))) return { id: options.jobId, added: false };
    const jobId = options.jobId ?? randomUUID();
    // A debounced add replacing a pending job is absorbed by it (see DedupeOptions).
    const dedupe = options.dedupe;
    const pendingBefore = dedupe?.mode === 'debounce' ? await this.bull.getDeduplicationJobId(dedupe.id) : null;
    const job = await this.bull.add(name, data, jobOptions(options, jobId, this.keepCompleted));
    const id = job.id ?? jobId;
    return { id, added: id === jobId && !pendingBefore };
  }

  async addBulk(jobs: BulkJob<T>[]): Promise<AddResult[]> {
    this.available();
    return addBulk(this.bull, this.keepCompleted, jobs);
  }

  async get(id: string): Promise<JobInfo<T> | null> {
    this.available();
    // State first: a job read before its state could show a final state without its final fields.
    const state = portState(await this.bull.getJobState(id));
    const job = state && (await this.bull.getJob(id));
    return state && job ? toJobInfo<T>(this.name, job, state) : null;
  }

  async counts(): Promise<Record<JobState, number>> {
    this.available();
    const raw = await this.bull.getJobCounts(...jobStates.flatMap((s) => bullTypes[s]));
    return Object.fromEntries(jobStates.map((s) => [s, bullTypes[s].reduce((n, t) => n + (raw[t] ?? 0), 0)])) as Record<JobState, number>;
  }

  async list(state: JobState, options: ListOptions = {}): Promise<JobInfo<T>[]> {
    this.available();
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 100;
    // BullMQ pages each of several types separately: fetch enough of each, then page the union.
    const jobs = await this.bull.getJobs(bullTypes[state], 0, offset + limit - 1, true);
    return jobs.filter(Boolean).slice(offset, offset + limit).map((job) => toJobInfo<T>(this.name, job, state));
  }

  async replay(id: string): Promise<boolean> {
    this.available();
    const job = await this.bull.getJob(id);
    if (!job || (await job.getState()) !== 'failed') return false;
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  async replayAll(): Promise<number> {
    this.available();
    let replayed = 0;
    for (;;) {
      const page = await this.bull.getFailed(0, 199);
      if (!page.length) return replayed;
      for (const job of page) {
        if (!job) continue;
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        replayed += 1;
      }
    }
  }

  async remove(id: string): Promise<boolean> {
    this.available();
    if (!(await this.bull.getJob(id))) return false;
    return (await this.bull.remove(id)) === 1;
  }
}
