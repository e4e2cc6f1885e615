import { bigserial, index, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Admin API tokens created in the app or the API (besides those of PLENTYGATE_API_TOKENS). Only a
 * SHA-256 of the token is stored: the token is shown once when it is created and cannot be read back.
 * A token of 32 random bytes needs no slow hash (nothing to guess); revoking deletes the row.
 */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** viewer, operator or admin (src/gateway/access/roles.ts). */
  role: text('role').notNull(),
  /** Hex SHA-256 of the token. */
  tokenHash: text('token_hash').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
}, (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), uniqueIndex('api_tokens_name_unique').on(t.name)]);

/**
 * Who changed what: every change to a profile's config, schedules or status, to credentials, tokens and
 * links, from the API, the app or the CLI. `changes` never holds a secret value (see access/audit.ts).
 */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  /** The token's name (or "cli"), as shown to people. */
  actor: text('actor').notNull(),
  role: text('role').notNull(),
  /** api, app or cli. */
  via: text('via').notNull(),
  /** e.g. profile.config, profile.schedules, profile.enable, credential.set, token.create. */
  action: text('action').notNull(),
  /** What was changed: "profile 3 (Order export)", "credential plenty". */
  target: text('target').notNull(),
  /** The changed fields: [{ path, from?, to? }], secrets as "[secret]". */
  changes: jsonb('changes').notNull().default([]),
}, (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_target_idx').on(t.target, t.at)]);
