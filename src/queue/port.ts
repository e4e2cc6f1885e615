/**
 * The queue port. Two adapters implement it side by side: BullMQ on Redis (`bullmq/`) and an embedded
 * adapter persisted in plentygate's own database (`embedded/`), chosen by whether REDIS_URL is set.
 * One contract suite (test/queue/contract.test.ts) runs against both, so callers never care which.
 */

/**
 * waiting: ready to run; delayed: runs later (delay, backoff or debounce); active: a worker has it;
 * completed: done; dead: failed for good (attempts exhausted or a NonRetryableError) and kept, with its
 * data and last error, until replayed or removed.
 */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead';
export const jobStates: readonly JobState[] = ['waiting', 'delayed', 'active', 'completed', 'dead'];

export interface BackoffOptions {
  type: 'exponential' | 'fixed';
  /** Base delay: fixed delay, or the first retry's delay for exponential (doubling per attempt). */
  delayMs: number;
  /** 0..1: the share of each delay that is randomised, so retries of many jobs do not align. */
  jitter?: number;
}

export interface DedupeOptions {
  /** Jobs added with the same dedupe id inside the window collapse into one. */
  id: string;
  windowMs: number;
  /**
   * throttle: the first add wins and runs at once; later adds in the window are dropped.
   * debounce: the job runs `windowMs` after the LAST add, with the last add's data. An add while the job
   * runs queues one follow-up run (last data wins) that starts after it: runs of one id never overlap.
   */
  mode: 'throttle' | 'debounce';
}

export interface AddOptions {
  /** Idempotent add: while a job with this id exists (in any state), adding it again is a no-op. */
  jobId?: string;
  dedupe?: DedupeOptions;
  delayMs?: number;
  /** 1 is the highest priority; larger numbers run later; jobs without a priority run before prioritised ones (BullMQ semantics). */
  priority?: number;
  /** Total attempts including the first (default 3). */
  attempts?: number;
  backoff?: BackoffOptions;
  /**
   * The caller keeps what the job stands for durable until `settled` (the relay keeps the inbox row
   * pending), so the job may run in this process at once instead of travelling through the queue: when
   * this process has a worker for the queue with a free slot (`local-runs.ts`). Jobs with a job id, a
   * dedupe, a delay or a single attempt are always queued.
   */
  local?: boolean;
}

export interface AddResult {
  id: string;
  /**
   * False when the add was absorbed by an existing job (same job id, a throttle window, or a pending
   * debounced job that took the new data). On BullMQ a debounce replaces the pending job, so `id` is new.
   */
  added: boolean;
  /**
   * Set when a `local` job runs in this process: resolves once it completed here or, having failed here,
   * was queued (under `id`) to be retried; rejects when it could be neither (the caller's record of it is
   * then what brings it back).
   */
  settled?: Promise<void>;
}

export interface JobInfo<T = unknown> {
  id: string;
  queue: string;
  name: string;
  data: T;
  state: JobState;
  /** Runs so far: failed ones, the final (completed) one, and runs lost to a worker that died mid-job. */
  attemptsMade: number;
  maxAttempts: number;
  /** The message of the job's last failure (null if it never failed); always set on a dead job. */
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface Job<T = unknown> {
  id: string;
  queue: string;
  name: string;
  data: T;
  /** Attempts made before this one (0 on the first run). */
  attemptsMade: number;
  maxAttempts: number;
  /** Aborted when the worker is shutting down past its grace period. */
  signal: AbortSignal;
  /** Run in this process before any queue held it (a `local` add): a failure is queued for a retry, never dead-lettered here. */
  inProcess?: boolean;
}

export type Processor<T = unknown> = (job: Job<T>) => Promise<unknown>;

export interface ListOptions {
  limit?: number;
  offset?: number;
}

/** One job of `addBulk`: what `add` takes. */
export interface BulkJob<T = unknown> {
  name: string;
  data: T;
  options?: AddOptions;
}

export interface Queue<T = unknown> {
  readonly name: string;
  add(name: string, data: T, options?: AddOptions): Promise<AddResult>;
  /**
   * Adds several jobs in one round trip (BullMQ `addBulk`; one transaction on the embedded adapter), with
   * the outcome `add` called for each in list order would have: a repeated job id or dedupe id later in
   * the list is absorbed by the earlier job. Results in list order.
   */
  addBulk(jobs: BulkJob<T>[]): Promise<AddResult[]>;
  get(id: string): Promise<JobInfo<T> | null>;
  counts(): Promise<Record<JobState, number>>;
  list(state: JobState, options?: ListOptions): Promise<JobInfo<T>[]>;
  /** Moves a dead job back to waiting with a fresh set of attempts. False if it is not dead. */
  replay(id: string): Promise<boolean>;
  /** Replays every dead job; returns how many. */
  replayAll(): Promise<number>;
  remove(id: string): Promise<boolean>;
}

export interface WorkerOptions {
  /** Jobs processed at the same time by this worker (default 1). */
  concurrency?: number;
}

export interface Worker {
  /** Stops taking jobs, waits for in-flight ones to finish (up to the backend's grace period), then resolves. */
  close(): Promise<void>;
}

/** A cron schedule feeding a queue (see scheduler.ts); ticks outside `window` are skipped. */
export interface ScheduleSpec {
  id: string;
  /** 5 fields, or 6 with seconds first. */
  cron: string;
  /** IANA time zone the cron and the window are read in, e.g. 'Europe/Berlin'. */
  timezone: string;
  /** Local "HH:MM" bounds, start inclusive, end exclusive; start > end wraps midnight. */
  window?: { start: string; end: string } | undefined;
  jobName: string;
  data: unknown;
  /** Retry of each tick's job (attempts, backoff); the queue's defaults when absent. */
  retry?: Pick<AddOptions, 'attempts' | 'backoff'> | undefined;
}

/**
 * The adapter part of the scheduler. BullMQ keeps job schedulers in Redis (a tick fires once however many
 * processes run); the embedded adapter ticks in-process and adds each tick with the idempotent job id
 * `<scheduleId>:<tick epoch ms>` so processes sharing PostgreSQL add it once.
 */
export interface ScheduleDriver {
  /** Makes `specs` (already validated) the complete set of schedules of `queue`: adds, updates, removes. */
  sync(queue: string, specs: ScheduleSpec[]): Promise<void>;
  /** Stops this process's part in ticking `queue` (BullMQ: nothing runs in-process; schedules stay in Redis). */
  stop(queue: string): Promise<void>;
}

export interface QueueBackend {
  readonly kind: 'bullmq' | 'embedded';
  readonly schedules: ScheduleDriver;
  queue<T = unknown>(name: string): Queue<T>;
  worker<T = unknown>(name: string, processor: Processor<T>, options?: WorkerOptions): Worker;
  /** Reachability for /readyz. */
  ping(): Promise<void>;
  /** Closes workers (gracefully), this process's schedule timers and its Redis connection; not the database handle. */
  close(): Promise<void>;
}
