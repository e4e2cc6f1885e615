import { pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Connection credentials, encrypted with AES-256-GCM (see src/crypto); never stored or logged in clear. */
export const credentials = pgTable('credentials', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** `v1:<iv>:<tag>:<ciphertext>`, base64 parts. */
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credentials_name_unique').on(t.name)]);

/** Small key/value facts about the installation itself (e.g. that the profile seed ran). */
export const meta = pgTable('plentygate_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
