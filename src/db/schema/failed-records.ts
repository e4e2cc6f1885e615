import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { profiles } from './profiles.js';

/**
 * Records that failed in a run and are tried again by the profile's later delta and full runs
 * (`retry.failedRecords`), until they succeed, reach the attempt limit or grow too old. A record that
 * succeeds (in any run) loses its row; one given up keeps it with `gave_up_at` so it is not retried.
 */
export const profileFailedRecords = pgTable('profile_failed_records', {
  profileId: integer('profile_id').notNull().references(() => profiles.id, { onDelete: 'cascade' }),
  recordKey: text('record_key').notNull(),
  /** What a run for named records collects to try it again (a variation id for a stock SKU; else the key). */
  retryId: text('retry_id').notNull(),
  attempts: integer('attempts').notNull().default(1),
  reason: text('reason').notNull(),
  firstFailedAt: timestamp('first_failed_at', { withTimezone: true }).notNull().defaultNow(),
  lastFailedAt: timestamp('last_failed_at', { withTimezone: true }).notNull().defaultNow(),
  gaveUpAt: timestamp('gave_up_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.profileId, t.recordKey] }),
  index('profile_failed_records_due_idx').on(t.profileId, t.gaveUpAt, t.lastFailedAt),
]);
