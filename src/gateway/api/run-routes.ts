import type { AuditLog } from '../../access/audit.js';
import { auditedProfiles } from '../../access/audited-profiles.js';
import { principalOf } from './auth.js';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { RunSearch } from '../../profiles/run-search.js';
import type { ProfileService } from '../../profiles/service.js';
import { replayDeadBetween } from '../dead-letter-range.js';
import type { DeadLetters } from '../dead-letters.js';
import { problem, problemResponse as problemOf } from '../http/problem.js';
import {
  commonErrors, jsonBody, ok, problemResponse, ProfileDetailsSchema, ProfileRefParam, QueuedRunSchema, RunSchema, ScheduleSchema, toJson,
} from './schemas.js';

const security = [{ Bearer: [] }];
const timestamp = z.string().datetime({ offset: true, message: 'expected an ISO 8601 instant such as 2026-12-01T00:00:00Z' });
const RunIdParam = z.object({
  runId: z.string().regex(/^\d{1,15}$/, 'expected a run id (a number)').openapi({ param: { name: 'runId', in: 'path' }, example: '17' }),
});
const RunMessageSchema = z.object({
  id: z.number().int(), level: z.enum(['info', 'warn', 'error']), recordKey: z.string().nullable(), message: z.string(), createdAt: z.string(),
}).openapi('RunMessage');
const RunDetailsSchema = RunSchema.extend({ messages: z.array(RunMessageSchema) }).openapi('RunDetails');
const ConfigDocumentSchema = z.object({
  typeId: z.string(), name: z.string(), config: z.record(z.string(), z.unknown()), schedules: z.array(ScheduleSchema),
}).openapi('ConfigDocument');
const notFound = { 404: problemResponse('No such run or profile') };
const TestRequestSchema = z.object({
  execute: z.boolean().default(false).openapi({ description: 'First dry-run the profile on a sample against both systems (nothing written); the profile is marked tested only when that succeeds' }),
  sample: z.number().int().min(1).max(500).optional().openapi({ description: 'Records the test run examines (default 10)' }),
}).openapi('TestRequest');
const TestedProfileSchema = ProfileDetailsSchema.extend({
  testRun: z.object({ runId: z.number().int(), summary: z.string() }).optional().openapi({ description: 'The test run, with execute (see GET /runs/{runId})' }),
}).openapi('TestedProfile');

const listRuns = createRoute({
  method: 'get', path: '/runs', tags: ['runs'], security, summary: 'Runs of every profile, newest first, filtered',
  request: {
    query: z.object({
      profile: z.coerce.number().int().min(1).max(2_147_483_647).optional().openapi({ description: 'Profile id' }),
      status: z.enum(['running', 'completed', 'partial', 'failed', 'paused']).optional(),
      trigger: z.enum(['manual', 'cron', 'event']).optional(),
      from: timestamp.optional().openapi({ description: 'Started at or after' }),
      to: timestamp.optional().openapi({ description: 'Started before' }),
      before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({ description: 'Only runs with a smaller id (next page)' }),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: { 200: ok(z.array(RunSchema), 'Runs'), ...commonErrors },
});
const getRun = createRoute({
  method: 'get', path: '/runs/{runId}', tags: ['runs'], security, summary: 'One run with its messages (per-record errors included)',
  request: { params: RunIdParam },
  responses: { 200: ok(RunDetailsSchema, 'The run'), ...notFound, ...commonErrors },
});
const pauseRun = createRoute({
  method: 'post', path: '/runs/{runId}/pause', tags: ['runs'], security, summary: 'Ask a running run to stop after its current batch',
  request: { params: RunIdParam },
  responses: { 200: ok(z.object({ paused: z.boolean().openapi({ description: 'False when the run was not running' }) }), 'Asked'), ...notFound, ...commonErrors },
});
const resumeRun = createRoute({
  method: 'post', path: '/runs/{runId}/resume', tags: ['runs'], security, summary: 'Continue a paused or failed run from its checkpoint',
  request: { params: RunIdParam },
  responses: { 202: ok(QueuedRunSchema, 'Queued'), 409: problemResponse('The run is not paused or failed'), ...notFound, ...commonErrors },
});
const testProfile = createRoute({
  method: 'post', path: '/profiles/{ref}/test', tags: ['profiles'], security, summary: 'Test a configured profile (then it can be enabled)',
  request: {
    params: ProfileRefParam,
    // Optional: without a body the profile is marked tested once its config is complete (as before).
    body: { ...jsonBody(TestRequestSchema), required: false },
  },
  responses: { 200: ok(TestedProfileSchema, 'The profile, now tested'), 422: problemResponse('The config is incomplete, or the test run did not succeed (the detail names its run)'), 409: problemResponse('Not allowed from its current status'), ...notFound, ...commonErrors },
});
const exportConfig = createRoute({
  method: 'get', path: '/profiles/{ref}/export', tags: ['profiles'], security, summary: 'The config and schedules as a document (as profile:config:export writes it)',
  request: { params: ProfileRefParam },
  responses: { 200: ok(ConfigDocumentSchema, 'The document'), ...notFound, ...commonErrors },
});
const importConfig = createRoute({
  method: 'post', path: '/profiles/import', tags: ['profiles'], security, summary: 'Apply an exported document to the profile of its type',
  request: { body: jsonBody(ConfigDocumentSchema.partial().extend({ typeId: z.string() })) },
  responses: { 200: ok(ProfileDetailsSchema, 'The profile'), 422: problemResponse('The config or schedules are invalid'), ...notFound, ...commonErrors },
});
const replayRange = createRoute({
  method: 'post', path: '/dead-letters/replay-range', tags: ['dead letters'], security, summary: 'Run again the dead jobs that failed within a time range',
  request: { body: jsonBody(z.object({ from: timestamp, to: timestamp })) },
  responses: { 202: ok(z.object({ replayed: z.number().int() }), 'How many went back to the queue'), ...commonErrors },
});

/** Runs across profiles, run details, pause/resume, profile test and config export/import, dead letters by time range. */
export function runRoutes(app: OpenAPIHono, deps: { profiles: ProfileService; runs: RunSearch; deadLetters: DeadLetters; audit: AuditLog }): void {
  const { profiles, runs } = deps;
  const as = (c: Parameters<typeof principalOf>[0]) => auditedProfiles(profiles, deps.audit, principalOf(c));
  app.openapi(listRuns, async (c) => {
    const q = c.req.valid('query');
    return c.json(toJson(await runs.search({
      profileId: q.profile, status: q.status, trigger: q.trigger, from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined, beforeId: q.before, limit: q.limit,
    })), 200);
  });
  app.openapi(getRun, async (c) => c.json(toJson(await profiles.run(Number(c.req.valid('param').runId))), 200));
  app.openapi(pauseRun, async (c) => c.json({ paused: await profiles.pauseRun(Number(c.req.valid('param').runId)) }, 200));
  app.openapi(resumeRun, async (c) => c.json(toJson(await profiles.resumeRun(Number(c.req.valid('param').runId))), 202));
  app.openapi(testProfile, async (c) => {
    const body: Partial<z.infer<typeof TestRequestSchema>> = c.req.valid('json') ?? {};
    const options = { execute: body.execute ?? false, ...(body.sample ? { sample: body.sample } : {}) };
    return c.json(toJson(await as(c).test(c.req.valid('param').ref, options)), 200);
  });
  app.openapi(exportConfig, async (c) => c.json(toJson(await profiles.exportConfig(c.req.valid('param').ref)), 200));
  app.openapi(importConfig, async (c) => c.json(toJson(await as(c).importConfig(c.req.valid('json'))), 200));
  app.openapi(replayRange, async (c) => {
    const { from, to } = c.req.valid('json');
    if (new Date(from) >= new Date(to)) return problemOf(c, problem(400, 'The range is empty: from must be before to.')) as never;
    return c.json({ replayed: await replayDeadBetween(deps.deadLetters, new Date(from), new Date(to)) }, 202);
  });
}
