import { isRecord } from '../json-path.js';
import { bodyHashKey, type Reception, type WebhookRequest } from '../reception.js';
import { extractKeys, magentoEvent, meaningFromShape, meaningOf } from './events.js';

/**
 * Adobe Commerce Webhooks: observer payloads `{"eventName": "...", "data": {...}}` and plugin payloads
 * (e.g. `{"order": {...}}` for plugin.magento.sales.api.order_management.place). Plugin payloads carry no
 * name: the hook name may be given in the webhook URL (`?hook=plugin.magento.sales.api.order_management.place`),
 * else it is inferred from the top-level entity. Magento waits for the answer, so the reply is
 * `{"op":"success"}`.
 */
export function receiveAdobeCommerce(req: WebhookRequest, body: unknown, options: { dedupeWindowS: number; signed: boolean }): Reception {
  const requestId = req.header('x-adobe-commerce-request-id');
  const base = {
    format: 'adobe-commerce',
    // The signature covers the body, not the request id header: a signed delivery is deduplicated by its
    // body, or a replay with a new request id would pass as new.
    ...(requestId && !options.signed
      ? { dedupeKey: `adobe-request:${requestId}` }
      : bodyHashKey(req, options.dedupeWindowS, options.signed ? '' : req.query('hook') ?? '')),
    body: req.text,
    adobeReply: true,
  };
  const name = isRecord(body) && typeof body.eventName === 'string' ? body.eventName : req.query('hook') ?? req.query('event');
  const meaning = name ? meaningOf(name) : meaningFromShape(body);
  if (!meaning) return { ...base, event: null, note: `unknown event ${name ?? '(no eventName)'}` };
  return { ...base, event: magentoEvent(meaning, extractKeys(body, meaning.entity)) };
}
