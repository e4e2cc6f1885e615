import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { problem, problemResponse } from '../http/problem.js';
import type { InboxStore } from '../inbox/store.js';
import type { Relay } from '../inbox/relay.js';
import type { GatewayMetrics } from '../ops/gateway-metrics.js';
import type { GatewaySettings } from '../settings.js';
import { receiveMagento } from './magento/receive.js';
import { receivePlenty } from './plenty/receive.js';
import { createRateLimiter } from './rate-limit.js';
import { isRejection, type Reception, type Rejection, type WebhookRequest } from './reception.js';

export interface WebhookDeps {
  settings: GatewaySettings;
  store: InboxStore;
  relay: Relay;
  metrics: GatewayMetrics;
  logger: Logger;
}

type Receiver = (req: WebhookRequest, settings: GatewaySettings) => Reception | Rejection;

/** Headers kept with an inbox row: ids, timestamps and provenance, never credentials or signatures. */
const keptHeaders = [
  'content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'x-adobe-commerce-request-id',
  'x-request-id', 'x-forwarded-for', 'x-plenty-event', 'x-plenty-event-id', 'ce-id', 'ce-type',
];

const jsonType = /^(application\/(json|[\w.+-]+\+json)|text\/json)\s*(;|$)/i;

/** POST /webhooks/magento and POST /webhooks/plenty[/:entity]. */
export function webhookRoutes(deps: WebhookDeps): Hono {
  const { settings, store, relay, metrics, logger } = deps;
  const limiter = createRateLimiter(settings.rateLimit.perSecond, settings.rateLimit.burst);
  const app = new Hono();

  const handler = (source: 'magento' | 'plenty', receive: Receiver) => async (c: Context) => {
    const started = performance.now();
    const reject = (r: Rejection, headers: Record<string, string> = {}) => {
      metrics.rejected.inc({ source, reason: r.reason });
      logger.info({ source, status: r.status, reason: r.reason, ms: +(performance.now() - started).toFixed(2) }, 'webhook rejected');
      // A failed authentication says no more than that, whatever the reason was.
      const detail = r.status === 401 ? 'Authentication failed.' : r.detail;
      return problemResponse(c, problem(r.status, detail), headers);
    };

    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.length > 0 && !jsonType.test(c.req.header('content-type') ?? '')) {
      return reject({ status: 415, reason: 'content-type', detail: 'Send the webhook as application/json.' });
    }
    let url: URL | undefined;
    const req: WebhookRequest = {
      raw,
      text: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'),
      header: (name) => c.req.header(name),
      query: (name) => (url ??= new URL(c.req.url)).searchParams.get(name) ?? undefined,
      param: (name) => c.req.param(name),
      receivedAt: new Date(),
    };
    const result = receive(req, settings);
    if (isRejection(result)) return reject(result);

    const headers: Record<string, string> = {};
    for (const name of keptHeaders) {
      const v = c.req.header(name);
      if (v !== undefined) headers[name] = v;
    }
    let id: number | null;
    try {
      id = await store.insert({
        source, format: result.format, dedupeKey: result.dedupeKey, headers, body: result.body,
        event: result.event, note: result.note,
      });
    } catch (error) {
      // Not stored, so not accepted: the sender must retry.
      metrics.rejected.inc({ source, reason: 'inbox-unavailable' });
      logger.error({ source, err: (error as Error).message }, 'webhook not stored: inbox unavailable');
      return problemResponse(c, problem(503, 'The webhook could not be stored; retry later.'), { 'retry-after': '5' });
    }
    const outcome = id === null ? 'duplicate' : result.event ? 'accepted' : 'ignored';
    if (id !== null && result.event) relay.notify(id, result.event);
    const ms = performance.now() - started;
    metrics.received.inc({ source, format: result.format, outcome });
    metrics.ingestSeconds.observe({ source }, ms / 1000);
    logger.info({
      source, format: result.format, outcome, inboxId: id, entity: result.event?.entity, kind: result.event?.kind,
      keys: result.event?.keys.length, note: result.note, ms: +ms.toFixed(2),
    }, 'webhook received');
    if (result.adobeReply) return c.json({ op: 'success' }, 200);
    return c.json({ status: outcome, ...(id !== null ? { id } : {}) }, 200);
  };

  const guard = (source: 'magento' | 'plenty') => async (c: Context, next: () => Promise<void>) => {
    const wait = limiter.take(source);
    if (wait > 0) {
      metrics.rejected.inc({ source, reason: 'rate-limited' });
      return problemResponse(c, problem(429, 'Too many webhooks; retry later.'), { 'retry-after': String(wait) });
    }
    await next();
  };
  const limit = (source: 'magento' | 'plenty') => bodyLimit({
    maxSize: settings.maxBodyBytes,
    onError: (c) => {
      metrics.rejected.inc({ source, reason: 'body-too-large' });
      return problemResponse(c, problem(413, `The body exceeds ${settings.maxBodyBytes} bytes.`));
    },
  });

  app.post('/webhooks/magento', guard('magento'), limit('magento'), handler('magento', receiveMagento));
  app.post('/webhooks/plenty', guard('plenty'), limit('plenty'), handler('plenty', receivePlenty));
  app.post('/webhooks/plenty/:entity', guard('plenty'), limit('plenty'), handler('plenty', receivePlenty));
  return app;
}
