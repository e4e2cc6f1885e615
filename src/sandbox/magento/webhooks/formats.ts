import { randomUUID } from 'node:crypto';
import type { WebhookTarget } from './config.js';
import type { WebhookEvent } from './events.js';
import { rsaSign, standardSignature, type WebhookKeyPair } from './signing.js';

export interface RenderedWebhook {
  headers: Record<string, string>;
  body: string;
}

export interface RenderContext {
  keys: WebhookKeyPair;
  /** Stable id of this sandbox "instance" (I/O Events `source`). */
  instanceId: string;
  now: () => number;
}

/** Renders one event for one target in the target's format. */
export function renderWebhook(target: WebhookTarget, event: WebhookEvent, ctx: RenderContext): RenderedWebhook {
  switch (target.format) {
    case 'commerce-webhooks':
      return commerceWebhook(target, event, ctx);
    case 'io-events':
      return ioEvent(target, event, ctx);
    case 'extension':
      return extensionHook(target, event);
    case 'standard':
      return standardHook(target, event, ctx);
  }
}

/**
 * Adobe Commerce Webhooks: observers post `{eventName, data: {<key>: {...}, data_object: {}}}`,
 * plugins post their arguments (`{order: {...}}` for the order place plugin). Signed with RSA-SHA256
 * over the raw body when signing is on; every call carries `x-adobe-commerce-request-id`.
 */
function commerceWebhook(target: WebhookTarget, event: WebhookEvent, ctx: RenderContext): RenderedWebhook {
  const isPlugin = event.commerceMethod.startsWith('plugin.');
  const payload = isPlugin
    ? { [event.dataKey]: event.entity }
    : { eventName: event.commerceMethod.slice('observer.'.length), data: { [event.dataKey]: event.entity, data_object: {} } };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-adobe-commerce-request-id': randomUUID(),
    ...target.headers,
  };
  if (target.sign) headers['x-adobe-commerce-webhook-signature'] = rsaSign(body, ctx.keys.privateKeyPem);
  return { headers, body };
}

/**
 * Adobe I/O Events for Commerce: CloudEvents-like envelope (cf. examples/io-event-product-save.json).
 * Both digital-signature headers carry an RSA-SHA256 signature made with the sandbox key.
 */
function ioEvent(target: WebhookTarget, event: WebhookEvent, ctx: RenderContext): RenderedWebhook {
  const eventId = randomUUID();
  const payload = {
    specversion: '1.0',
    id: randomUUID(),
    source: `urn:uuid:${ctx.instanceId}`,
    type: `com.adobe.commerce.observer.${event.ioEvent}`,
    datacontenttype: 'application/json',
    time: new Date(ctx.now()).toISOString(),
    eventid: eventId,
    event_id: eventId,
    recipient_client_id: 'plentygate-sandbox',
    recipientclientid: 'plentygate-sandbox',
    data: {
      key: randomUUID(),
      value: event.entity,
      source: 'plentygate_sandbox.Stage',
      _metadata: {
        commerceEdition: 'Adobe Commerce',
        commerceVersion: '2.4.7',
        eventsClientVersion: '1.12.1',
        storeId: String(event.storeId),
        websiteId: event.storeId === 0 ? '0' : '1',
        storeGroupId: event.storeId === 0 ? '0' : '1',
      },
    },
  };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...target.headers };
  if (target.sign) {
    const signature = rsaSign(body, ctx.keys.privateKeyPem);
    headers['x-adobe-digital-signature-1'] = signature;
    headers['x-adobe-digital-signature-2'] = signature;
    headers['x-adobe-public-key1-path'] = '/_sandbox/webhooks/public-key.pem';
    headers['x-adobe-public-key2-path'] = '/_sandbox/webhooks/public-key.pem';
  }
  return { headers, body };
}

/**
 * Extension style (Magento Open Source webhook extensions): one call per hook, a merchant-made
 * template with values as strings, Basic auth, no signature.
 */
function extensionHook(target: WebhookTarget, event: WebhookEvent): RenderedWebhook {
  const payload = { hook: event.hook, event: event.type, store_id: String(event.storeId), [event.dataKey]: event.entity };
  const headers: Record<string, string> = { 'content-type': 'application/json', ...target.headers };
  if (target.basicAuth) {
    const { username, password } = target.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return { headers, body: JSON.stringify(payload) };
}

/**
 * plentygate's own signed format, for a small custom observer module in Magento (the gateway
 * accepts the same format):
 *
 *   POST <url>
 *   content-type: application/json
 *   webhook-id: msg_<uuid>                  unique per message (dedupe key)
 *   webhook-timestamp: <unix seconds>
 *   webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>
 *     key = base64-decoded secret after "whsec_"
 *
 *   {"type":"order.saved","timestamp":"2025-01-01T00:00:00.000Z","data":{"entity_id":1,"increment_id":"000000001"}}
 *
 * `type` is `<entity>.<kind>`: product.saved|deleted, category.saved, source_item.saved,
 * customer.saved|deleted, order.placed|saved, shipment.saved, invoice.saved. `data` only names the entity
 * (sku, ids, store_code); receivers fetch the current state from the API.
 */
function standardHook(target: WebhookTarget, event: WebhookEvent, ctx: RenderContext): RenderedWebhook {
  const id = `msg_${randomUUID().replace(/-/g, '')}`;
  const now = ctx.now();
  const timestamp = Math.floor(now / 1000);
  const body = JSON.stringify({ type: event.type, timestamp: new Date(now).toISOString(), data: event.keys });
  return {
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature(target.secret ?? '', id, timestamp, body),
      ...target.headers,
    },
    body,
  };
}
