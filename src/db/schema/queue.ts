import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const jobState = pgEnum('job_state', ['waiting', 'delayed', 'active', 'completed', 'dead']);

/**
 * Jobs of the embedded queue adapter (used when REDIS_URL is unset). A pending job is `waiting` or
 * `delayed`; whether it is due is decided by `run_at`, so a delayed job becomes runnable without a write.
 */
export const queueJobs = pgTable('queue_jobs', {
  queue: text('queue').notNull(),
  id: text('id').notNull(),
  /** Insertion order: the FIFO tie-break between jobs of equal priority and run time. */
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  data: jsonb('data').$type<unknown>().notNull().default(sql`'null'::jsonb`),
  state: jobState('state').notNull().default('waiting'),
  priority: integer('priority').notNull().default(0),
  attemptsMade: integer('attempts_made').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(1),
  backoff: jsonb('backoff').$type<unknown>(),
  runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
  lockedBy: text('locked_by'),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  /** Dedupe window (throttle/debounce): adds with the same id until `dedupe_until` collapse into this job. */
  dedupeId: text('dedupe_id'),
  dedupeUntil: timestamp('dedupe_until', { withTimezone: true }),
  lastError: text('last_error'),
  result: jsonb('result').$type<unknown>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('queue_jobs_pk').on(t.queue, t.id),
  index('queue_jobs_ready_idx').on(t.queue, t.state, t.priority, t.runAt),
  index('queue_jobs_dedupe_idx').on(t.queue, t.dedupeId),
]);
