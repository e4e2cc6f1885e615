import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { RunSearch } from '../../profiles/run-search.js';
import type { ProfileService } from '../../profiles/service.js';
import type { DeadLetters } from '../dead-letters.js';
import { limitBody } from '../http/body-limit.js';
import { problem, problemResponse } from '../http/problem.js';
import type { Relay } from '../inbox/relay.js';
import type { InboxStore } from '../inbox/store.js';
import { bearerAuth } from './auth.js';
import { docsRoutes } from './docs-assets.js';
import { inboxRoutes } from './inbox-routes.js';
import { linkRoutes } from './link-routes.js';
import { ADMIN_MAX_BODY_BYTES } from './limits.js';
import { profileRoutes } from './profile-routes.js';
import { mappingRoutes } from './mapping-routes.js';
import { runRoutes } from './run-routes.js';
import { collectRoutes } from './collect-routes.js';
import type { PickLists } from '../pick-lists.js';
import { reportRoutes, type ReportRouteDeps } from './report-routes.js';
import { accessRoutes } from './access-routes.js';
import { cliRoutes } from './cli-routes.js';
import type { TokenAccess } from '../../access/tokens.js';
import type { AuditLog } from '../../access/audit.js';
import type { CredentialAdmin } from '../../credentials/admin.js';

export interface ApiDeps {
  /** The tokens and their roles (PLENTYGATE_API_TOKENS and stored ones). */
  access: TokenAccess;
  /** Where every change is written, with who made it. */
  audit: AuditLog;
  /** Credentials without secrets, set, delete, test (absent: those routes answer 503). */
  credentials?: CredentialAdmin | undefined;
  profiles: ProfileService;
  store: InboxStore;
  relay: Relay;
  deadLetters: DeadLetters;
  /** Runs across profiles (the run list of the API and the admin app). */
  runs: RunSearch;
  /** Collected configuration data (pick lists), shared with the admin app. */
  pickLists: PickLists;
  logger: Logger;
  /** Integrity reports and alerts. */
  reports: ReportRouteDeps;
}

/**
 * The admin API: /api/v1 (bearer tokens), its OpenAPI document at /api/openapi.json and Swagger UI at
 * /api/docs (both public: they describe the API, they do not grant access). Errors are problem+json;
 * errors of the profile host carry their HTTP status (404 unknown profile, 409, 422 invalid config).
 */
export function apiApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const problems = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        return problemResponse(c, problem(400, 'The request is invalid.', { problems }));
      }
      return undefined;
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' });

  // Every admin route: a large body is refused before it is read, whoever sends it.
  app.use('/api/*', limitBody(ADMIN_MAX_BODY_BYTES));
  const v1 = new OpenAPIHono({ defaultHook: app.defaultHook });
  v1.use('*', bearerAuth(deps.access));
  profileRoutes(v1, deps.profiles, deps.audit);
  mappingRoutes(v1, deps.profiles);
  inboxRoutes(v1, deps);
  runRoutes(v1, deps);
  collectRoutes(v1, deps);
  reportRoutes(v1, deps.reports);
  linkRoutes(v1, { ...deps.reports, audit: deps.audit });
  accessRoutes(v1, deps);
  cliRoutes(v1, deps);
  app.route('/api/v1', v1);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'plentygate admin API', version: '1', description: 'Profiles, schedules, runs, the webhook inbox and dead letters, credentials, tokens and the audit log. Every route needs a bearer token; its role (viewer, operator, admin) decides what it may change (403 names the role needed).' },
  });
  docsRoutes(app);

  app.onError((error, c) => {
    const e = error as Error & { status?: unknown; problems?: unknown };
    // The lifecycle refuses a move (e.g. enabling an untested profile): a conflict with the current state.
    if (e.name === 'LifecycleError') return problemResponse(c, problem(409, e.message));
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 600 ? e.status : 500;
    if (status >= 500) deps.logger.error({ err: e }, 'admin API error');
    const extra = Array.isArray(e.problems) ? { problems: e.problems as string[] } : {};
    const detail = status >= 500 ? 'Something went wrong; see the gateway log.' : e.message;
    return problemResponse(c, problem(status, detail, extra));
  });
  app.notFound((c) => problemResponse(c, problem(404, `No route ${c.req.method} ${new URL(c.req.url).pathname}.`)));
  return app;
}
