import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Session tokens of external APIs, shared by every process of a deployment (PlentyONE limits
 * concurrent sessions, so workers must not each log in). One row per credential name; the token is
 * sealed with the credentials key (see src/crypto), never stored in clear.
 */
export const connectorTokens = pgTable('connector_tokens', {
  /** e.g. `plenty:<credential name>`. */
  key: text('key').primaryKey(),
  /** `v1:<iv>:<tag>:<ciphertext>` of the token JSON, associated data = key. */
  secret: text('secret').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
