import { asKey, isRecord } from '../json-path.js';
import type { Reception, WebhookRequest } from '../reception.js';
import { extractKeys, magentoEvent, meaningOf } from './events.js';

/**
 * plentygate's own signed format, for a custom Magento observer module (Standard Webhooks headers;
 * see src/gateway/README.md for the payload a module emits):
 *   {"type": "order.saved", "timestamp": "2026-01-31T12:00:00Z",
 *    "data": {"keys": ["000000123"], "observer": "sales_order_save_after", "store": "default"}}
 * `type` is `<entity>.<kind>` or a Magento event name; `data.keys` (or `data.key`) names the entities.
 */
export function receiveStandardWebhook(req: WebhookRequest, body: unknown): Reception {
  const base = { format: 'standard-webhooks', dedupeKey: `webhook-id:${req.header('webhook-id')}`, body: req.text };
  const type = isRecord(body) && typeof body.type === 'string' ? body.type : undefined;
  const data = isRecord(body) && isRecord(body.data) ? body.data : {};
  const observer = typeof data.observer === 'string' ? data.observer : undefined;
  const meaning = (type && meaningOf(type)) || (observer && meaningOf(observer)) || undefined;
  if (!meaning) return { ...base, event: null, note: `unknown event ${type ?? '(no type)'}` };
  let keys: string[] = [];
  if (Array.isArray(data.keys)) keys = data.keys.map(asKey).filter((k): k is string => k !== undefined);
  else if (asKey(data.key) !== undefined) keys = [asKey(data.key)!];
  else keys = extractKeys({ data }, meaning.entity);
  return { ...base, event: magentoEvent(meaning, keys) };
}
