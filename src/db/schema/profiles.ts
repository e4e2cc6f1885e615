import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

export const profileStatus = pgEnum('profile_status', ['created', 'configured', 'tested', 'active', 'disabled']);
export const runStatus = pgEnum('run_status', ['running', 'completed', 'partial', 'failed', 'paused']);
export const runTrigger = pgEnum('run_trigger', ['manual', 'cron', 'event']);
export const runMode = pgEnum('run_mode', ['delta', 'full', 'ids']);
export const messageLevel = pgEnum('message_level', ['info', 'warn', 'error']);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** One row per profile type (the unique index enforces "at most one profile per type"). */
export const profiles = pgTable('profiles', {
  id: serial('id').primaryKey(),
  typeId: text('type_id').notNull(),
  name: text('name').notNull(),
  status: profileStatus('status').notNull().default('created'),
  /** Validated against the type's zod schema on every write; stored with defaults applied. */
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  ...timestamps,
}, (t) => [uniqueIndex('profiles_type_id_unique').on(t.typeId)]);

export const profileSchedules = pgTable('profile_schedules', {
  id: serial('id').primaryKey(),
  profileId: integer('profile_id').notNull().references(() => profiles.id, { onDelete: 'cascade' }),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  /** Optional execution window, local "HH:MM" in the schedule's time zone; a tick outside it is skipped. */
  windowStart: text('window_start'),
  windowEnd: text('window_end'),
  mode: runMode('mode').notNull().default('delta'),
  enabled: boolean('enabled').notNull().default(true),
  ...timestamps,
}, (t) => [index('profile_schedules_profile_idx').on(t.profileId)]);

/** Execution history: one row per run, counts updated as batches complete. */
export const profileRuns = pgTable('profile_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  profileId: integer('profile_id').notNull().references(() => profiles.id, { onDelete: 'cascade' }),
  trigger: runTrigger('trigger').notNull(),
  mode: runMode('mode').notNull().default('delta'),
  status: runStatus('status').notNull().default('running'),
  /** What was asked: since, ids, full… so a paused or interrupted run can resume with the same input. */
  params: jsonb('params').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  /** The queue job that runs it (shown in history, matches the dead-letter list). */
  jobId: text('job_id'),
  /**
   * Unique per run request (set when it is queued, carried by every retry and replay of its job): a retry
   * finds and resumes its run. Queue job ids alone are not enough: BullMQ's restart from 1 when Redis
   * loses its data.
   */
  requestId: text('request_id'),
  /**
   * The fencing token of the execution that owns the run: counted up whenever an execution starts or
   * resumes it, and checked by every write the run makes, so an execution that was superseded (its job
   * lease lapsed and another worker took the run over) has its writes refused instead of writing twice.
   */
  ownerToken: integer('owner_token').notNull().default(1),
  /** Where the run got to (opaque to the runner; owned by the profile type's collect stage). */
  checkpoint: jsonb('checkpoint').$type<unknown>(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  total: integer('total'),
  processed: integer('processed').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  error: text('error'),
}, (t) => [
  index('profile_runs_profile_started_idx').on(t.profileId, t.startedAt),
  index('profile_runs_status_idx').on(t.status),
  index('profile_runs_job_idx').on(t.jobId),
  uniqueIndex('profile_runs_request_idx').on(t.requestId),
]);

/** Messages of a run: record failures with their reason, skips with theirs, and run-level notes. */
export const profileRunMessages = pgTable('profile_run_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  runId: bigint('run_id', { mode: 'number' }).notNull().references(() => profileRuns.id, { onDelete: 'cascade' }),
  level: messageLevel('level').notNull(),
  recordKey: text('record_key'),
  message: text('message').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('profile_run_messages_run_idx').on(t.runId)]);

/** Per-profile state such as watermarks, keyed by name. */
export const profileState = pgTable('profile_state', {
  profileId: integer('profile_id').notNull().references(() => profiles.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.profileId, t.key] })]);
