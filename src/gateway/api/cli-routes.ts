import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { RunSearch } from '../../profiles/run-search.js';
import type { ProfileService } from '../../profiles/service.js';
import { commonErrors, JobIdParam, jsonBody, ok, toJson } from './schemas.js';

const security = [{ Bearer: [] }];

const jobRun = createRoute({
  method: 'get', path: '/jobs/{id}/run', tags: ['runs'], security, summary: 'The run a queued job started (null while it waits for a worker)',
  request: { params: JobIdParam },
  responses: { 200: ok(z.object({ runId: z.number().int().nullable() }), 'The run id, or null'), ...commonErrors },
});
const clean = createRoute({
  method: 'post', path: '/runs/clean', tags: ['runs'], security, summary: 'Delete finished runs older than a number of days (all profiles, or one)',
  request: { body: jsonBody(z.object({ days: z.number().int().min(1).max(36_500), profile: z.string().min(1).max(100).optional() })) },
  responses: { 200: ok(z.object({ deleted: z.number().int() }), 'How many runs were deleted'), ...commonErrors },
});

/** What the CLI needs besides the app's routes when it works through serve: a queued job's run, history clean-up. */
export function cliRoutes(app: OpenAPIHono, deps: { profiles: ProfileService; runs: RunSearch }): void {
  app.openapi(jobRun, async (c) => c.json({ runId: (await deps.runs.byJob(c.req.valid('param').id))?.id ?? null }, 200));
  app.openapi(clean, async (c) => {
    const body = c.req.valid('json');
    const ref = body.profile === undefined ? undefined : /^\d+$/.test(body.profile) ? Number(body.profile) : body.profile;
    return c.json(toJson({ deleted: await deps.profiles.cleanHistory(body.days, ref) }), 200);
  });
}
