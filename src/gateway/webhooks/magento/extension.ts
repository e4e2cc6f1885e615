import { asKey, firstScalar, readPath } from '../json-path.js';
import { bodyHashKey, type Reception, type WebhookRequest } from '../reception.js';
import { extractKeys, magentoEvent, meaningFromShape, meaningOf } from './events.js';

/**
 * Extension-style JSON (webhook extensions for Magento Open Source): the merchant's template decides the
 * shape. The event name comes from `?event=` in the webhook URL or the configured paths
 * (MAGENTO_WEBHOOK_EVENT_PATH); the entity key from MAGENTO_WEBHOOK_KEY_PATH, else from the usual fields
 * of the entity (increment_id, sku, entity_id…). A path ending in an array yields one key per element.
 */
export function receiveExtension(
  req: WebhookRequest,
  body: unknown,
  options: { eventPaths: string[]; keyPaths: string[]; dedupeWindowS: number },
): Reception {
  const name = req.query('event') ?? firstScalar(body, options.eventPaths);
  const base = {
    format: 'extension',
    ...bodyHashKey(req, options.dedupeWindowS, req.query('event') ?? ''),
    body: req.text,
  };
  const meaning = name ? meaningOf(name) : meaningFromShape(body);
  if (!meaning) return { ...base, event: null, note: `unknown event ${name ?? '(no event name)'}` };
  let keys: string[] = [];
  for (const path of options.keyPaths) {
    const found = readPath(body, path);
    keys = Array.isArray(found) ? found.map(asKey).filter((k): k is string => k !== undefined) : [asKey(found)].filter((k): k is string => k !== undefined);
    if (keys.length) break;
  }
  if (!keys.length) keys = extractKeys(body, meaning.entity);
  return { ...base, event: magentoEvent(meaning, keys) };
}
