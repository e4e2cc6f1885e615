/**
 * How the port's adds map onto BullMQ: the job options of one add, and the bulk add (`addBulk`, one
 * pipelined round trip) with the outcome the adds one by one would have had.
 */
import { randomUUID } from 'node:crypto';
import type { Queue as BullQueue, JobsOptions, KeepJobs } from 'bullmq';
import type { AddOptions, AddResult, BulkJob } from '../port.js';
import { retryOptions } from './strategies.js';

/** BullMQ options for one add; debounce maps onto a replacing, extending deduplication. */
export function jobOptions(options: AddOptions, jobId: string, keepCompleted: KeepJobs): JobsOptions {
  const opts: JobsOptions = { ...retryOptions(options), jobId, removeOnComplete: keepCompleted };
  if (options.priority) opts.priority = options.priority;
  if (options.delayMs) opts.delay = options.delayMs;
  const dedupe = options.dedupe;
  if (dedupe?.mode === 'throttle') {
    opts.deduplication = { id: dedupe.id, ttl: dedupe.windowMs };
  } else if (dedupe) {
    // Debounce: a delayed job with this id is replaced (new data, window restarted); an add while it
    // runs is kept (last data wins) and queued when the run ends, so runs never overlap.
    opts.deduplication = { id: dedupe.id, ttl: dedupe.windowMs, extend: true, replace: true, keepLastIfActive: true };
    opts.delay = options.delayMs ?? dedupe.windowMs;
  }
  return opts;
}

/**
 * The port's addBulk on BullMQ. What `add` looks up per job (does the job id exist, is a debounced job
 * pending) is looked up for the whole list at once; a job id or debounce id repeated later in the list
 * finds the earlier job, as it would one add after the other.
 */
export async function addBulk<T>(bull: BullQueue, keepCompleted: KeepJobs, jobs: BulkJob<T>[]): Promise<AddResult[]> {
  if (jobs.length === 0) return [];
  const jobIds = [...new Set(jobs.flatMap((j) => (j.options?.jobId ? [j.options.jobId] : [])))];
  const debounceIds = [...new Set(jobs.flatMap((j) => (j.options?.dedupe?.mode === 'debounce' ? [j.options.dedupe.id] : [])))];
  // Issued together, these go out on the connection as one pipeline.
  const [existing, pending] = await Promise.all([
    Promise.all(jobIds.map(async (id) => ((await bull.getJob(id)) ? id : undefined))),
    Promise.all(debounceIds.map(async (id) => ((await bull.getDeduplicationJobId(id)) ? id : undefined))),
  ]);
  const takenIds = new Set(existing.filter((id): id is string => id !== undefined));
  const pendingDebounce = new Set(pending.filter((id): id is string => id !== undefined));

  const results: (AddResult | undefined)[] = [];
  const toAdd: { index: number; jobId: string; absorbed: boolean; entry: { name: string; data: T; opts: JobsOptions } }[] = [];
  jobs.forEach(({ name, data, options = {} }, index) => {
    if (options.jobId && takenIds.has(options.jobId)) {
      results[index] = { id: options.jobId, added: false };
      return;
    }
    const jobId = options.jobId ?? randomUUID();
    if (options.jobId) takenIds.add(options.jobId);
    const debounce = options.dedupe?.mode === 'debounce' ? options.dedupe.id : undefined;
    const absorbed = debounce !== undefined && pendingDebounce.has(debounce);
    if (debounce !== undefined) pendingDebounce.add(debounce);
    toAdd.push({ index, jobId, absorbed, entry: { name, data, opts: jobOptions(options, jobId, keepCompleted) } });
  });
  // A single job (the relay's usual dispatch of one webhook) by BullMQ's add: addBulk wraps its adds in
  // a MULTI/EXEC transaction, which for one job costs about twice the client CPU of the add itself.
  const added = toAdd.length === 1 ? [await bull.add(toAdd[0]!.entry.name, toAdd[0]!.entry.data, toAdd[0]!.entry.opts)]
    : toAdd.length ? await bull.addBulk(toAdd.map((a) => a.entry)) : [];
  toAdd.forEach(({ index, jobId, absorbed }, i) => {
    const id = added[i]?.id ?? jobId;
    results[index] = { id, added: id === jobId && !absorbed };
  });
  return results as AddResult[];
}
