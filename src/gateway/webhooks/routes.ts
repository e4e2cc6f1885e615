import { Hono, type Context } from 'hono';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { limitBody } from '../http/body-limit.js';
import { headerOf, nodeIncoming, readRawBody } from '../http/node-request.js';
import { problem, problemResponse } from '../http/problem.js';
import { createGroupCommit } from '../inbox/group-commit.js';
import type { IngestLog } from './ingest-log.js';
import type { InboxStore } from '../inbox/store.js';
import type { Relay } from '../inbox/relay.js';
import type { GatewayMetrics } from '../ops/gateway-metrics.js';
import type { GatewaySettings } from '../settings.js';
import { INBOX_WRITE_TIMEOUT_MS, storable } from './limits.js';
import { magentoSource } from './magento/receive.js';
import { plentySource } from './plenty/receive.js';
import { createRateLimiter } from './rate-limit.js';
import { isAuthenticated, isRejection, type Rejection, type WebhookRequest, type WebhookSource } from './reception.js';

export interface WebhookDeps {
  settings: GatewaySettings;
  store: InboxStore;
  relay: Relay;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Stored webhooks: a debug line each and an info summary (ingest-log.ts). */
  ingestLog: IngestLog;
}

/** Headers kept with an inbox row: ids, timestamps and provenance, never credentials or signatures. */
const keptHeaders = [
  'content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'x-adobe-commerce-request-id',
  'x-request-id', 'x-forwarded-for', 'x-plenty-event', 'x-plenty-event-id', 'ce-id', 'ce-type',
];

const jsonType = /^(application\/(json|[\w.+-]+\+json)|text\/json)\s*(;|$)/i;

/**
 * The request facts of one webhook, read from Hono's context as a source module asks for them: one
 * object per webhook rather than a closure per fact (the handler runs for every webhook).
 */
class ContextRequest implements WebhookRequest {
  readonly text: string;
  readonly receivedAt = new Date();
  #url: URL | undefined;

  constructor(private readonly c: Context, readonly raw: Buffer, private readonly headers: IncomingHttpHeaders | undefined) {
    this.text = raw.toString('utf8');
  }

  header(name: string): string | undefined {
    return headerOf(this.c, this.headers, name);
  }

  query(name: string): string | undefined {
    return (this.#url ??= new URL(this.c.req.url)).searchParams.get(name) ?? undefined;
  }

  param(name: string): string | undefined {
    return this.c.req.param(name);
  }
}

/**
 * POST /webhooks/magento and POST /webhooks/plenty[/:entity]. The order of work bounds what an
 * unauthenticated caller costs: body limit, authentication on the raw bytes, the rate limit of the
 * authenticated sender, and only then content type, parsing and the inbox write.
 */
export function webhookRoutes(deps: WebhookDeps): Hono {
  const { settings, store, relay, metrics, logger, ingestLog } = deps;
  const limiter = createRateLimiter(settings.rateLimit.perSecond, settings.rateLimit.burst);
  // Concurrent webhooks share one insert statement; each is answered once its own row is committed.
  // The write may take INBOX_WRITE_TIMEOUT_MS before the webhook is answered 503.
  const inbox = createGroupCommit({ store, ...settings.inbox.batch, timeoutMs: INBOX_WRITE_TIMEOUT_MS });
  const app = new Hono();

  /** A refusal: counted, logged, and answered as a problem (a failed authentication says no more than that). */
  const reject = (c: Context, source: WebhookSource, started: number, r: Rejection, headers: Record<string, string> = {}) => {
    metrics.rejected.inc({ source: source.name, reason: r.reason });
    logger.info({ source: source.name, status: r.status, reason: r.reason, ms: +(performance.now() - started).toFixed(2) }, 'webhook rejected');
    const detail = r.status === 401 ? 'Authentication failed.' : r.detail;
    return problemResponse(c, problem(r.status, detail), headers);
  };

  const handler = <M extends string>(source: WebhookSource<M>) => async (c: Context) => {
    const started = performance.now();
    const incoming = nodeIncoming(c);
    const req = new ContextRequest(c, await readRawBody(c, incoming), incoming?.headers);
    const auth = source.authenticate(req, settings);
    if (!isAuthenticated(auth)) return reject(c, source, started, auth);
    // Counted per authenticated sender: unsigned traffic never uses up a valid sender's budget.
    const wait = limiter.take(auth.sender);
    if (wait > 0) {
      return reject(c, source, started, { status: 429, reason: 'rate-limited', detail: 'Too many webhooks; retry later.' }, { 'retry-after': String(wait) });
    }
    if (req.raw.length > 0 && !jsonType.test(req.header('content-type') ?? '')) {
      return reject(c, source, started, { status: 415, reason: 'content-type', detail: 'Send the webhook as application/json.' });
    }
    const interpreted = source.interpret(req, auth, settings);
    const result = isRejection(interpreted) ? interpreted : storable(interpreted);
    if (isRejection(result)) return reject(c, source, started, result);

    const headers: Record<string, string> = {};
    for (const name of keptHeaders) {
      const v = req.header(name);
      if (v !== undefined) headers[name] = v;
    }
    let id: number | null;
    try {
      id = await inbox.insert({
        source: source.name, format: result.format, dedupeKey: result.dedupeKey, alsoDuplicateOf: result.alsoDuplicateOf,
        duplicateWithinS: settings.inbox.dedupeWindowS, headers, body: result.body, event: result.event, note: result.note,
      });
    } catch (error) {
      // Not stored (or not known to be), so not accepted: the sender must retry; a late write makes the
      // retry a duplicate.
      metrics.rejected.inc({ source: source.name, reason: 'inbox-unavailable' });
      logger.error({ source: source.name, err: (error as Error).message }, 'webhook not stored: inbox unavailable');
      return problemResponse(c, problem(503, 'The webhook could not be stored; retry later.'), { 'retry-after': '5' });
    }
    const outcome = id === null ? 'duplicate' : result.event ? 'accepted' : 'ignored';
    if (id !== null && result.event) relay.notify(id, result.event);
    const ms = performance.now() - started;
    metrics.received.inc({ source: source.name, format: result.format, outcome });
    metrics.ingestSeconds.observe({ source: source.name }, ms / 1000);
    ingestLog.stored({
      source: source.name, format: result.format, outcome, inboxId: id, entity: result.event?.entity, kind: result.event?.kind,
      keys: result.event?.keys.length, note: result.note, ms,
    });
    if (result.adobeReply) return c.json({ op: 'success' }, 200);
    return c.json({ status: outcome, ...(id !== null ? { id } : {}) }, 200);
  };

  const limit = (source: 'magento' | 'plenty') => limitBody(settings.maxBodyBytes, () => metrics.rejected.inc({ source, reason: 'body-too-large' }));

  app.post('/webhooks/magento', limit('magento'), handler(magentoSource));
  app.post('/webhooks/plenty', limit('plenty'), handler(plentySource));
  app.post('/webhooks/plenty/:entity', limit('plenty'), handler(plentySource));
  return app;
}
