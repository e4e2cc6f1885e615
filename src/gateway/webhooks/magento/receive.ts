import { isRecord } from '../json-path.js';
import { parseJson, type Reception, type Rejection, type WebhookRequest } from '../reception.js';
import type { GatewaySettings } from '../../settings.js';
import { receiveAdobeCommerce } from './adobe-commerce.js';
import { authenticateMagento } from './authenticate.js';
import { receiveExtension } from './extension.js';
import { isIoEventsEnvelope, receiveIoEvents } from './io-events.js';
import { receiveStandardWebhook } from './standard-webhooks.js';

/**
 * POST /webhooks/magento: authenticate (before parsing, so a forger learns nothing from parse errors),
 * parse, recognise the format by its headers and shape, and normalize.
 */
export function receiveMagento(req: WebhookRequest, settings: GatewaySettings): Reception | Rejection {
  const auth = authenticateMagento(req, settings.magento);
  if (typeof auth !== 'string') return auth;
  const parsed = parseJson(req.text);
  if (!('ok' in parsed)) return parsed;
  const body = parsed.value;
  const windowS = settings.inbox.dedupeWindowS;
  if (auth === 'standard-webhooks') return receiveStandardWebhook(req, body);
  if (isIoEventsEnvelope(body)) return receiveIoEvents(req, body as Record<string, unknown>, windowS);
  const adobe = auth === 'adobe-signature' || req.header('x-adobe-commerce-request-id') !== undefined
    || req.query('hook') !== undefined
    || (isRecord(body) && typeof body.eventName === 'string' && isRecord(body.data));
  if (adobe) return receiveAdobeCommerce(req, body, windowS);
  return receiveExtension(req, body, {
    eventPaths: settings.magento.eventPaths,
    keyPaths: settings.magento.keyPaths,
    dedupeWindowS: windowS,
  });
}
