import { isRecord } from '../json-path.js';
import { parseJson, type WebhookSource } from '../reception.js';
import { receiveAdobeCommerce } from './adobe-commerce.js';
import { authenticateMagento, type MagentoAuth } from './authenticate.js';
import { receiveExtension } from './extension.js';
import { isIoEventsEnvelope, receiveIoEvents } from './io-events.js';
import { receiveStandardWebhook } from './standard-webhooks.js';

/**
 * POST /webhooks/magento: authenticate (before parsing, so a forger costs no parse and learns nothing
 * from parse errors), then parse, recognise the format by its headers and shape, and normalize. Each
 * kind of credential is one sender for the rate limit.
 */
export const magentoSource: WebhookSource<MagentoAuth> = {
  name: 'magento',
  authenticate(req, settings) {
    const auth = authenticateMagento(req, settings.magento);
    return typeof auth === 'string' ? { sender: `magento:${auth}`, method: auth } : auth;
  },
  interpret(req, { method }, settings) {
    const parsed = parseJson(req.text);
    if (!('ok' in parsed)) return parsed;
    const body = parsed.value;
    const windowS = settings.inbox.dedupeWindowS;
    if (method === 'standard-webhooks') return receiveStandardWebhook(req, body);
    if (isIoEventsEnvelope(body)) return receiveIoEvents(req, body as Record<string, unknown>, windowS);
    const adobe = method === 'adobe-signature' || req.header('x-adobe-commerce-request-id') !== undefined
      || req.query('hook') !== undefined
      || (isRecord(body) && typeof body.eventName === 'string' && isRecord(body.data));
    if (adobe) return receiveAdobeCommerce(req, body, { dedupeWindowS: windowS, signed: method === 'adobe-signature' });
    return receiveExtension(req, body, {
      eventPaths: settings.magento.eventPaths,
      keyPaths: settings.magento.keyPaths,
      dedupeWindowS: windowS,
    });
  },
};
