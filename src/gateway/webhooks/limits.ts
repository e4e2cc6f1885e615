import { createHash } from 'node:crypto';
import { storableText, unstorableReason } from '../http/storable-text.js';
import type { Reception, Rejection } from './reception.js';

/** Limits on what one webhook may ask for and how long it may take (documented in src/gateway/README.md). */

/**
 * Entity keys one event may name. Above it the event becomes a delta sync of its entity: a webhook is a
 * hint, and the delta run picks up every changed entity without one job per key.
 */
export const MAX_KEYS_PER_EVENT = 500;

/**
 * How long the inbox write may take before the webhook is answered 503 with Retry-After. A database that
 * stopped answering would otherwise hold the sender until the driver's connect timeout (30 s and more),
 * past the 15–30 s after which senders give up. A write that completes later is kept: the retry is then
 * answered as a duplicate.
 */
export const INBOX_WRITE_TIMEOUT_MS = 5_000;

/** Longest dedupe key stored as it is; longer ones are stored as their hash (a btree entry is bounded). */
const MAX_DEDUPE_KEY_CHARS = 200;
const MAX_NOTE_CHARS = 500;

function safeDedupeKey(key: string): string {
  if (key.length <= MAX_DEDUPE_KEY_CHARS && unstorableReason(key) === undefined) return key;
  const colon = key.indexOf(':');
  const prefix = colon > 0 && colon < 40 ? key.slice(0, colon + 1) : '';
  return `${prefix}sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * Makes an authentic reception storable, or says why it cannot be: keys the database cannot hold are
 * refused with a 400 naming the key (a 503 would make the sender retry forever), an over-long or
 * unstorable provider id is stored as its hash, a note is cleaned, and an event naming more than
 * MAX_KEYS_PER_EVENT keys becomes a delta sync of its entity.
 */
export function storable(reception: Reception): Reception | Rejection {
  let { event, note } = reception;
  if (event) {
    for (let i = 0; i < event.keys.length; i++) {
      const why = unstorableReason(event.keys[i]!);
      if (why) {
        return { status: 400, reason: 'unstorable-key', detail: `Entity key ${i + 1} of the event ${why}; entity keys must be plain text.` };
      }
    }
    if (event.keys.length > MAX_KEYS_PER_EVENT) {
      note = `${event.keys.length} keys exceed the limit of ${MAX_KEYS_PER_EVENT} per event: a delta sync of ${event.entity} instead`;
      event = { ...event, keys: [] };
    }
  }
  if (note !== undefined) note = storableText(note).slice(0, MAX_NOTE_CHARS);
  const result: Reception = { ...reception, event, note, dedupeKey: safeDedupeKey(reception.dedupeKey) };
  if (reception.alsoDuplicateOf) result.alsoDuplicateOf = reception.alsoDuplicateOf.map(safeDedupeKey);
  return result;
}
