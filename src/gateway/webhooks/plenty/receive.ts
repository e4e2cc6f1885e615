import { verifyPlentySignKey, type PlentySignKeyMethod } from '../../verify/plenty-sign-key.js';
import { asKey, isRecord } from '../json-path.js';
import { redactSecret } from '../json-strings.js';
import { bodyHashKey, parseJson, type Reception, type WebhookSource } from '../reception.js';
import { plentyEntities, plentyEvent, type PlentyEntity } from './events.js';

/**
 * POST /webhooks/plenty[/:entity]: PlentyONE webhook subscriptions (checked with their sign key, wherever
 * it sits) and simple authenticated callbacks of other PlentyONE automations (the same key as a header,
 * a query parameter or a bearer token). An empty body is allowed: a bare callback asks for a delta sync.
 * The key is checked on the raw request (a body field by a linear scan), the body parsed only after.
 */
export const plentySource: WebhookSource<PlentySignKeyMethod> = {
  name: 'plenty',
  authenticate(req, settings) {
    const pathEntity = req.param('entity');
    if (pathEntity !== undefined && !(plentyEntities as readonly string[]).includes(pathEntity)) {
      return { status: 404, reason: 'unknown-endpoint', detail: `No PlentyONE endpoint for "${pathEntity}"; use one of ${plentyEntities.join(', ')}.` };
    }
    const signKey = settings.plenty.signKey;
    if (!signKey) return { status: 401, reason: 'not-configured' };
    const auth = verifyPlentySignKey({ header: (name) => req.header(name), query: (name) => req.query(name), text: req.text, rawBody: req.raw }, signKey);
    // One sign key: one sender.
    return auth.method ? { sender: 'plenty', method: auth.method } : { status: 401, reason: 'sign-key-invalid' };
  },
  interpret(req, { method }, settings) {
    const parsed = parseJson(req.text, {});
    if (!('ok' in parsed)) return parsed;
    const body = parsed.value;
    const pathEntity = req.param('entity');
    // An HMAC covers the body only: an id from a header could be changed to replay it, so a signed
    // delivery is deduplicated by its body (an id inside the body is covered, so it counts).
    const bodyId = isRecord(body) ? asKey(body.eventId) ?? asKey(body.event_id) ?? asKey(body.uuid) : undefined;
    const providerId = method === 'hmac' ? bodyId : req.header('x-plenty-event-id') ?? req.header('x-webhook-id') ?? bodyId;
    const dedupe: Pick<Reception, 'dedupeKey' | 'alsoDuplicateOf'> = providerId
      ? { dedupeKey: `event-id:${providerId}` }
      : bodyHashKey(req, settings.inbox.dedupeWindowS, method === 'hmac' ? '' : pathEntity ?? '');
    return {
      format: 'plenty',
      ...dedupe,
      // The inbox never stores the key, wherever in the body it sits.
      body: redactSecret(req.text, settings.plenty.signKey!),
      event: plentyEvent(body, {
        nameHeader: req.header('x-plenty-event'),
        pathEntity: pathEntity as PlentyEntity | undefined,
        fallback: settings.plenty.defaultEntity,
      }),
    };
  },
};
