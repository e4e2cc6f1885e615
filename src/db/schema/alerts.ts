import { bigserial, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const alertLevel = pgEnum('alert_level', ['info', 'warning', 'error']);
/** pending: not yet delivered on every configured channel; sent: delivered. */
export const alertStatus = pgEnum('alert_status', ['pending', 'sent']);

/**
 * Alerts raised by runs, workers and the gateway, kept in the database so that batching and suppression
 * hold across processes and nothing raised is lost to a restart. A repeat of the same `key` within the
 * suppression window bumps `repeats` on the existing row instead of adding one.
 */
export const alerts = pgTable('alerts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** run-failed, record-failing, dead-letter, inbox-lag, plenty-budget, integrity, test. */
  kind: text('kind').notNull(),
  /** Repeats of one key within the suppression window are one alert. */
  key: text('key').notNull(),
  level: alertLevel('level').notNull(),
  title: text('title').notNull(),
  detail: text('detail').notNull().default(''),
  repeats: integer('repeats').notNull().default(0),
  status: alertStatus('status').notNull().default('pending'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  /** Per channel, so a batch that reached one channel and not the other is only retried on the other. */
  emailedAt: timestamp('emailed_at', { withTimezone: true }),
  postedAt: timestamp('posted_at', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  /** A dispatcher holds the row until then while it sends; a crashed one's rows are taken again after. */
  claimedUntil: timestamp('claimed_until', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
}, (t) => [
  index('alerts_status_idx').on(t.status, t.id),
  index('alerts_key_idx').on(t.key, t.createdAt),
]);

/** One row: when the last alert message went out, so all processes together send one per interval. */
export const alertDispatch = pgTable('alert_dispatch', {
  id: integer('id').primaryKey(),
  lastBatchAt: timestamp('last_batch_at', { withTimezone: true }),
});

/** Failures per record since its last "failing N times" alert (rows idle past the retention go). */
export const alertRecordFailures = pgTable('alert_record_failures', {
  profileId: integer('profile_id').notNull(),
  recordKey: text('record_key').notNull(),
  failures: integer('failures').notNull().default(0),
  lastError: text('last_error'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.profileId, t.recordKey] })]);
