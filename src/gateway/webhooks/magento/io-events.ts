import { asKey, isRecord } from '../json-path.js';
import { bodyHashKey, type Reception, type WebhookRequest } from '../reception.js';
import { extractKeys, magentoEvent, meaningOf } from './events.js';

/** Adobe I/O Events for Commerce: `{id, type: "com.adobe.commerce.observer.<event>", data: {key, value}}`. */
export function isIoEventsEnvelope(body: unknown): boolean {
  return isRecord(body) && typeof body.type === 'string' && body.type.startsWith('com.adobe.commerce.')
    && ('specversion' in body || 'data' in body);
}

export function receiveIoEvents(req: WebhookRequest, body: Record<string, unknown>, dedupeWindowS: number): Reception {
  const id = asKey(body.id) ?? asKey(body.event_id) ?? asKey(body.eventid);
  const base = {
    format: 'io-events',
    ...(id ? { dedupeKey: `io-event:${id}` } : bodyHashKey(req, dedupeWindowS)),
    body: req.text,
  };
  const type = String(body.type);
  const meaning = meaningOf(type);
  if (!meaning) return { ...base, event: null, note: `unknown event ${type}` };
  return { ...base, event: magentoEvent(meaning, extractKeys(body, meaning.entity)) };
}
