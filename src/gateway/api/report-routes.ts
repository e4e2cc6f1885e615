import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AlertStore } from '../../alerts/store.js';
import type { AlertSettings } from '../../alerts/settings.js';
import { sendTestAlert } from '../../alerts/test-alert.js';
import type { AuditLog } from '../../access/audit.js';
import type { Logger } from '../../logger.js';
import { principalOf } from './auth.js';
import type { Connectors } from '../../connectors/services.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { ProfileService } from '../../profiles/service.js';
import { fixIntegrity, integrityReport } from '../../reports/integrity/report.js';
import { integrityChecks, integrityFixSchema, integrityReportSchema, type IntegrityCheck } from '../../reports/integrity/schema.js';
import { problem, problemResponse as problemOf } from '../http/problem.js';
import { commonErrors, ok, problemResponse, toJson } from './schemas.js';

const security = [{ Bearer: [] }];

const reportQuery = z.object({
  check: z.string().optional().openapi({ description: `Comma-separated: ${integrityChecks.join(', ')} (default all)` })
    .refine((v) => v === undefined || v.split(',').every((c) => (integrityChecks as readonly string[]).includes(c.trim())), `expected a comma-separated list of ${integrityChecks.join(', ')}`),
  days: z.coerce.number().int().min(1).max(365).default(7).openapi({ description: 'Compare orders created in the last n days' }),
  tolerance: z.coerce.number().min(0).max(1_000_000).default(0).openapi({ description: 'Stock differences up to this many units are not drift' }),
});

const AlertSchema = z.object({
  id: z.number().int(), kind: z.string(), key: z.string(), level: z.enum(['info', 'warning', 'error']), title: z.string(), detail: z.string(),
  repeats: z.number().int(), status: z.enum(['pending', 'sent']), createdAt: z.string(), lastSeenAt: z.string(), sentAt: z.string().nullable(),
  attempts: z.number().int(), lastError: z.string().nullable(),
}).openapi('Alert');

const noConnectors = problemResponse('This process has no connectors to Magento and PlentyONE');

const getIntegrity = createRoute({
  method: 'get', path: '/reports/integrity', tags: ['reports'], security,
  summary: 'Integrity report: orders missing in PlentyONE or with other totals, SKUs whose variation differs, stock that drifted',
  request: { query: reportQuery },
  responses: { 200: ok(integrityReportSchema, 'The report'), ...commonErrors, 503: noConnectors },
});
const fixRoute = createRoute({
  method: 'post', path: '/reports/integrity/fix', tags: ['reports'], security,
  summary: 'Run the integrity report and queue a run of the relevant profile for the records it found',
  request: { query: reportQuery },
  responses: { 202: ok(z.object({ report: integrityReportSchema, fixed: integrityFixSchema }), 'The report and the runs queued'), ...commonErrors, 503: noConnectors },
});
const listAlerts = createRoute({
  method: 'get', path: '/alerts', tags: ['alerts'], security, summary: 'Alerts raised, newest first',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50), status: z.enum(['pending', 'sent']).optional() }) },
  responses: { 200: ok(z.array(AlertSchema), 'Alerts'), ...commonErrors },
});

const testAlert = createRoute({
  method: 'post', path: '/alerts/test', tags: ['alerts'], security,
  summary: 'Raise a test alert and deliver it now over the configured channels (as plentygate alert:test)',
  responses: {
    200: ok(z.object({
      outcome: z.enum(['no-channel', 'delivered', 'not-delivered', 'deferred']), message: z.string(), exitCode: z.number().int(),
    }).openapi('TestAlertOutcome'), 'What became of it (no channel configured, delivered, refused by the channel, or waiting for the interval)'),
    ...commonErrors,
    503: problemResponse('This process has no alert dispatcher'),
  },
});

export interface ReportRouteDeps {
  db: DatabaseHandle;
  profiles: ProfileService;
  connectors?: Connectors | undefined;
  alerts?: AlertStore | undefined;
  /** The alert channels and where to log and audit a test alert (absent: /alerts/test answers 503). */
  alertSettings?: AlertSettings | undefined;
  audit?: AuditLog | undefined;
  logger?: Logger | undefined;
}

/** /reports/integrity (+ /fix) and /alerts. */
export function reportRoutes(app: OpenAPIHono, deps: ReportRouteDeps): void {
  const run = async (q: z.infer<typeof reportQuery>) => integrityReport(
    { db: deps.db, profiles: deps.profiles, connectors: deps.connectors! },
    { checks: (q.check?.split(',').map((c) => c.trim()) ?? [...integrityChecks]) as IntegrityCheck[], days: q.days, tolerance: q.tolerance },
  );
  const unavailable = (c: Parameters<typeof problemOf>[0]) =>
    problemOf(c, problem(503, 'This process was started without connectors; ask a `plentygate serve` process.')) as never;
  app.openapi(getIntegrity, async (c) => {
    if (!deps.connectors) return unavailable(c);
    return c.json(await run(c.req.valid('query')), 200);
  });
  app.openapi(fixRoute, async (c) => {
    if (!deps.connectors) return unavailable(c);
    const report = await run(c.req.valid('query'));
    return c.json({ report, fixed: await fixIntegrity(deps.profiles, report) }, 202);
  });
  app.openapi(listAlerts, async (c) => {
    const q = c.req.valid('query');
    const rows = deps.alerts ? await deps.alerts.list({ limit: q.limit, ...(q.status ? { status: q.status } : {}) }) : [];
    return c.json(toJson(rows) as z.infer<typeof AlertSchema>[], 200);
  });
  app.openapi(testAlert, async (c) => {
    const { alerts, alertSettings, audit, logger } = deps;
    if (!alerts || !alertSettings || !audit || !logger) return problemOf(c, problem(503, 'This process sends no alerts; ask a `plentygate serve` process.')) as never;
    const who = principalOf(c);
    const result = await sendTestAlert({ db: deps.db, store: alerts, settings: alertSettings, log: logger }, `${who.name} (admin API)`);
    await audit.record(who, 'alert.test', 'alerts', [{ path: 'outcome', to: result.outcome }]);
    return c.json(result, 200);
  });
}
