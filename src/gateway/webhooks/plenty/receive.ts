import type { GatewaySettings } from '../../settings.js';
import { verifyPlentySignKey } from '../../verify/plenty-sign-key.js';
import { asKey, isRecord } from '../json-path.js';
import { bodyHashKey, parseJson, type Reception, type Rejection, type WebhookRequest } from '../reception.js';
import { plentyEntities, plentyEvent, type PlentyEntity } from './events.js';

/**
 * POST /webhooks/plenty[/:entity]: PlentyONE webhook subscriptions (checked with their sign key, wherever
 * it sits) and simple authenticated callbacks of other PlentyONE automations (the same key as a header,
 * a query parameter or a bearer token). An empty body is allowed: a bare callback asks for a delta sync.
 */
export function receivePlenty(req: WebhookRequest, settings: GatewaySettings): Reception | Rejection {
  const pathEntity = req.param('entity');
  if (pathEntity !== undefined && !(plentyEntities as readonly string[]).includes(pathEntity)) {
    return { status: 404, reason: 'unknown-endpoint', detail: `No PlentyONE endpoint for "${pathEntity}"; use one of ${plentyEntities.join(', ')}.` };
  }
  const parsed = parseJson(req.text, {});
  if (!('ok' in parsed)) return parsed;
  const body = parsed.value;
  const signKey = settings.plenty.signKey;
  if (!signKey) return { status: 401, reason: 'not-configured' };
  const auth = verifyPlentySignKey(
    { header: req.header, query: req.query, body, rawBody: req.raw },
    signKey,
  );
  if (!auth.ok) return { status: 401, reason: 'sign-key-invalid' };

  const stored = auth.bodyPaths.length ? redact(body, auth.bodyPaths) : req.text;
  const providerId = req.header('x-plenty-event-id') ?? req.header('x-webhook-id')
    ?? (isRecord(body) ? asKey(body.eventId) ?? asKey(body.event_id) ?? asKey(body.uuid) : undefined);
  return {
    format: 'plenty',
    dedupeKey: providerId ? `event-id:${providerId}` : bodyHashKey(req, settings.inbox.dedupeWindowS, pathEntity ?? ''),
    body: stored,
    event: plentyEvent(body, {
      nameHeader: req.header('x-plenty-event'),
      pathEntity: pathEntity as PlentyEntity | undefined,
      fallback: settings.plenty.defaultEntity,
    }),
  };
}

/** The body with the sign key replaced, so the inbox never stores it. */
function redact(body: unknown, paths: string[][]): string {
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const path of paths) {
    let target: Record<string, unknown> = copy;
    for (const p of path.slice(0, -1)) target = target[p] as Record<string, unknown>;
    target[path[path.length - 1]!] = '[redacted]';
  }
  return JSON.stringify(copy);
}
