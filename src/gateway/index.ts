import { Hono, type ErrorHandler, type NotFoundHandler } from 'hono';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.js';
import { PROFILE_QUEUE } from '../profiles/queue-names.js';
import type { ProfileService } from '../profiles/service.js';
import type { QueueBackend } from '../queue/port.js';
import { apiApp } from './api/app.js';
import { adminUi } from './ui/index.js';
import { createRunSearch } from '../profiles/run-search.js';
import { createPickLists } from './pick-lists.js';
import { createDeadLetters, type DeadLetters } from './dead-letters.js';
import { withDeadline } from './http/deadline.js';
import { problem, problemResponse } from './http/problem.js';
import { createRelay, type Relay } from './inbox/relay.js';
import { createInboxStore, type InboxStore } from './inbox/store.js';
import { createGatewayMetrics, type GatewayMetrics } from './ops/gateway-metrics.js';
import { healthRoutes } from './ops/health.js';
import type { GatewaySettings } from './settings.js';
import { webhookRoutes } from './webhooks/routes.js';
import { createIngestLog } from './webhooks/ingest-log.js';
import type { AlertStore } from '../alerts/store.js';
import type { AlertSettings } from '../alerts/settings.js';
import type { Connectors } from '../connectors/services.js';
import type { CredentialStore } from '../credentials/store.js';
import { credentialAdmin } from '../credentials/admin.js';
import { createAuditLog } from '../access/audit.js';
import { createTokenAccess } from '../access/tokens.js';

export { loadGatewaySettings, type GatewaySettings } from './settings.js';
export { serveGateway, type ServedGateway } from './serve.js';
export { createDeadLetters, type DeadLetters } from './dead-letters.js';
export { signStandardWebhook } from './verify/standard-webhooks.js';

export interface GatewayServices {
  /** The profile service: the relay dispatches events through it, the admin API manages profiles. */
  profiles: ProfileService;
  /** For the integrity report route (absent: it answers 503). */
  connectors?: Connectors;
  /** For the alerts route. */
  alerts?: AlertStore;
  /** The alert channels, for the test alert route (absent: it says this process has none). */
  alertSettings?: AlertSettings;
  /** For the credentials routes and page (absent: they say this process has none). */
  credentials?: () => CredentialStore;
}

export interface GatewayOptions {
  db: DatabaseHandle;
  queue: QueueBackend;
  settings: GatewaySettings;
  logger: Logger;
  services: GatewayServices;
  /** Queues whose dead jobs the DLQ lists and whose jobs /metrics counts (default: the profiles queue). */
  jobQueues?: string[];
}

export interface Gateway {
  app: Hono;
  /**
   * What `serve` answers with: `app.fetch`, except that webhooks go straight to an app holding only the
   * webhook routes. The whole app's router cannot use Hono's RegExpRouter (some admin routes are beyond
   * it) and falls back to matching along its trie on every request; the webhook app's few routes are one
   * regular expression, and the answers are the same.
   */
  fetch: Hono['fetch'];
  /** Dispatches inbox rows (fast path + sweeper); `plentygate serve` starts it, and stops it on shutdown. */
  relay: Relay;
  inbox: InboxStore;
  deadLetters: DeadLetters;
  metrics: GatewayMetrics;
  /** Begins shutdown: /readyz answers 503 and new webhooks are refused with 503 so they go elsewhere. */
  stopAccepting(): void;
  /** Logs the summary of the webhooks stored since the last one (shutdown, once no request is in flight). */
  flushLog(): void;
}

/** The queue answered its ping within 2 s (a dispatch failing then is the row's fault, not an outage's). */
const queueAnswers = (queue: QueueBackend): Promise<boolean> =>
  withDeadline(queue.ping(), 2000, 'no answer').then(() => true, () => false);

/**
 * The front door: webhooks (verify → inbox → answer → relay), the admin API, health and metrics.
 * It runs no business logic; the relay hands each accepted event to the profile service.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { db, queue, settings, logger, services } = options;
  const jobQueues = options.jobQueues ?? [PROFILE_QUEUE];
  const inbox = createInboxStore(db);
  const metrics = createGatewayMetrics({ db, store: inbox, queue, queueNames: () => jobQueues });
  const relay = createRelay({
    store: inbox,
    dispatcher: services.profiles,
    logger,
    debounceMs: settings.debounceMs,
    sweepDelayMs: settings.inbox.sweepDelayMs,
    sweepIntervalMs: settings.inbox.sweepIntervalMs,
    retentionHours: settings.inbox.retentionHours,
    dispatchTimeoutMs: settings.inbox.dispatchTimeoutMs,
    queueReachable: () => queueAnswers(queue),
    onDispatched: () => metrics.dispatched.inc(),
    onFailed: () => metrics.dispatchFailed.inc(),
  });
  const deadLetters = createDeadLetters(queue, jobQueues);
  let accepting = true;

  const app = new Hono();
  const webhooks = new Hono();
  // Not async: an accepted webhook goes on to its route without another promise and await of its own.
  webhooks.use('/webhooks/*', (c, next) => (accepting ? next()
    : Promise.resolve(problemResponse(c, problem(503, 'Shutting down; retry.'), { 'retry-after': '1', connection: 'close' }))));
  const ingestLog = createIngestLog(logger);
  webhooks.route('/', webhookRoutes({ settings, store: inbox, relay, metrics, logger, ingestLog }));
  app.route('/', webhooks);
  app.route('/', healthRoutes({ db, queue, registry: metrics.registry, accepting: () => accepting }));
  const runs = createRunSearch(db.db);
  const pickLists = createPickLists(services.connectors);
  const access = createTokenAccess(db.db, settings.apiTokenEntries);
  const audit = createAuditLog(db.db);
  const credentials = services.credentials
    ? credentialAdmin({ store: lazyStore(services.credentials), connectors: services.connectors, audit })
    : undefined;
  app.route('/', apiApp({ access, audit, credentials, profiles: services.profiles, store: inbox, relay, deadLetters, runs, pickLists, logger,
    reports: { db, profiles: services.profiles, connectors: services.connectors, alerts: services.alerts, alertSettings: services.alertSettings, audit, logger } }));
  app.route('/', adminUi({
    tokens: settings.apiTokens, access, audit, credentials, db, connectors: services.connectors, profiles: services.profiles, runs, store: inbox, relay, deadLetters, queue, jobQueues, logger,
    pickLists,
  }));
  const notFound: NotFoundHandler = (c) => problemResponse(c, problem(404, `No route ${c.req.method} ${new URL(c.req.url).pathname}.`));
  const onError: ErrorHandler = (error, c) => {
    logger.error({ err: error }, 'gateway error');
    return problemResponse(c, problem(500, 'Something went wrong; see the gateway log.'));
  };
  app.notFound(notFound).onError(onError);
  // The webhook routes on their own, for `fetch`: the same handlers, misses and errors as in `app`.
  const webhookApp = new Hono().route('/', webhooks).notFound(notFound).onError(onError);

  return {
    app, relay, inbox, deadLetters, metrics,
    fetch: (request, ...rest) => (isWebhookPath(request.url) ? webhookApp : app).fetch(request, ...rest),
    stopAccepting() {
      accepting = false;
    },
    flushLog: ingestLog.flush,
  };
}

/** The path of a request URL (`http://host/path`) begins with /webhooks/ (as Hono finds a path, without decoding). */
function isWebhookPath(url: string): boolean {
  return url.startsWith('/webhooks/', url.indexOf('/', url.indexOf(':') + 4));
}

/** The credential store opened on first use (it needs the secret key, which a gateway without credentials never asks for). */
function lazyStore(open: () => CredentialStore): CredentialStore {
  return new Proxy({} as CredentialStore, { get: (_t, key: keyof CredentialStore) => open()[key] });
}
