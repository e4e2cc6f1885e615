import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * pending: accepted, not yet handed to the profiles; dispatched: handed over (the jobs it became are in
 * `jobs`); ignored: authentic but names no event plentygate acts on (kept for the record); failed: its
 * dispatch kept failing while the queue was reachable (the reason is in `last_error`; replay it once fixed).
 */
export const inboxStatus = pgEnum('inbox_status', ['pending', 'dispatched', 'ignored', 'failed']);

/**
 * Every webhook the gateway accepted, committed before it answered. The unique (source, dedupe_key)
 * turns a provider's retry into a no-op; the relay and the sweeper move pending rows to the queue.
 */
export const webhookInbox = pgTable('webhook_inbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  source: text('source').notNull(),
  /** Which wire format it arrived in (adobe-commerce, io-events, extension, standard-webhooks, plenty…). */
  format: text('format').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  /** The headers that matter (ids, timestamps, content type); never credentials. */
  headers: jsonb('headers').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  /** The body as received (secrets found in it replaced), for replays and for the record. */
  body: text('body').notNull(),
  /** The normalized event {source, entity, kind, keys}; null when ignored. */
  event: jsonb('event').$type<unknown>(),
  /** Why an ignored row was ignored (e.g. the event name). */
  note: text('note'),
  status: inboxStatus('status').notNull().default('pending'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  /** A relay or sweeper holds the row until then; an expired lease lets the sweeper take it again. */
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  /** What dispatching created: [{profileId, jobId, added}]. */
  jobs: jsonb('jobs').$type<unknown>(),
}, (t) => [
  uniqueIndex('webhook_inbox_dedupe_unique').on(t.source, t.dedupeKey),
  index('webhook_inbox_status_received_idx').on(t.status, t.receivedAt),
]);
