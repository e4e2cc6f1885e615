import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { configJsonSchema, configSchemaComponent } from '../../profiles/config-json-schema.js';
import type { ProfileService } from '../../profiles/service.js';
import type { AuditLog } from '../../access/audit.js';
import { auditedProfiles } from '../../access/audited-profiles.js';
import { principalOf } from './auth.js';
import {
  commonErrors, jsonBody, ok, problemResponse, ProfileDetailsSchema, ProfileRefParam, ProfileSchema, QueuedRunSchema,
  RunRequestSchema, RunSchema, ScheduleListSchema, ScheduleSchema, toJson,
} from './schemas.js';

const security = [{ Bearer: [] }];
const tags = ['profiles'];
const notFound = { 404: problemResponse('No such profile') };
const invalid = { 422: problemResponse('The config or schedule is invalid'), 400: problemResponse('The request is malformed') };

const list = createRoute({
  method: 'get', path: '/profiles', tags, security, summary: 'List profiles',
  responses: { 200: ok(z.array(ProfileSchema), 'Every profile'), ...commonErrors },
});
const create = createRoute({
  method: 'post', path: '/profiles', tags, security, summary: 'Create the profile of a type (at most one per type)',
  request: { body: jsonBody(z.object({ typeId: z.string().min(1).openapi({ example: 'plenty_customer_export' }), name: z.string().min(1).optional() })) },
  responses: { 201: ok(ProfileSchema, 'The new profile'), 409: problemResponse('The type has its profile already'), 404: problemResponse('Unknown profile type'), ...commonErrors, ...invalid },
});
const get = createRoute({
  method: 'get', path: '/profiles/{ref}', tags, security, summary: 'A profile with its config, schedules and what it still misses',
  request: { params: ProfileRefParam },
  responses: { 200: ok(ProfileDetailsSchema, 'The profile'), ...notFound, ...commonErrors },
});
const updateConfig = createRoute({
  method: 'put', path: '/profiles/{ref}/config', tags, security, summary: 'Replace the config (validated against the type schema)',
  request: {
    params: ProfileRefParam,
    body: jsonBody(z.object({ config: z.record(z.string(), z.unknown()), name: z.string().min(1).optional() })),
  },
  responses: { 200: ok(ProfileDetailsSchema, 'The updated profile'), ...notFound, ...commonErrors, ...invalid },
});
const setSchedules = createRoute({
  method: 'put', path: '/profiles/{ref}/schedules', tags, security, summary: 'Replace the schedules',
  request: { params: ProfileRefParam, body: jsonBody(ScheduleListSchema) },
  responses: { 200: ok(z.array(ScheduleSchema), 'The schedules now in force'), ...notFound, ...commonErrors, ...invalid },
});
const enable = createRoute({
  method: 'post', path: '/profiles/{ref}/enable', tags, security, summary: 'Activate (events and schedules start running it)',
  request: { params: ProfileRefParam },
  responses: { 200: ok(ProfileSchema, 'The profile'), 409: problemResponse('Not allowed from its current status'), ...notFound, ...commonErrors },
});
const disable = createRoute({
  method: 'post', path: '/profiles/{ref}/disable', tags, security, summary: 'Disable',
  request: { params: ProfileRefParam },
  responses: { 200: ok(ProfileSchema, 'The profile'), 409: problemResponse('Not allowed from its current status'), ...notFound, ...commonErrors },
});
const run = createRoute({
  method: 'post', path: '/profiles/{ref}/runs', tags, security, summary: 'Queue a run',
  request: { params: ProfileRefParam, body: jsonBody(RunRequestSchema) },
  responses: { 202: ok(QueuedRunSchema, 'The run is queued'), ...notFound, ...commonErrors, ...invalid },
});
const history = createRoute({
  method: 'get', path: '/profiles/{ref}/history', tags, security, summary: 'Recent runs, newest first',
  request: { params: ProfileRefParam, query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(20) }) },
  responses: { 200: ok(z.array(RunSchema), 'Runs'), ...notFound, ...commonErrors },
});

export function profileRoutes(app: OpenAPIHono, profiles: ProfileService, audit: AuditLog): void {
  // Changes go through the audited service: the audit log names the token that made them.
  const as = (c: Parameters<typeof principalOf>[0]) => auditedProfiles(profiles, audit, principalOf(c));
  // Each type's config schema under components/schemas (ProfileConfig_<type id>), for clients that validate before sending.
  for (const type of profiles.registry.all()) {
    app.openAPIRegistry.registerComponent('schemas', configSchemaComponent(type.id), configJsonSchema(type) as never);
  }
  app.openapi(list, async (c) => c.json(toJson(await profiles.list()), 200));
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    return c.json(toJson(await as(c).create(body.typeId, body.name)), 201);
  });
  app.openapi(get, async (c) => c.json(toJson(await profiles.get(c.req.valid('param').ref)), 200));
  app.openapi(updateConfig, async (c) => {
    const body = c.req.valid('json');
    return c.json(toJson(await as(c).updateConfig(c.req.valid('param').ref, body.config, body.name)), 200);
  });
  app.openapi(setSchedules, async (c) => c.json(toJson(await as(c).setSchedules(c.req.valid('param').ref, c.req.valid('json'))), 200));
  app.openapi(enable, async (c) => c.json(toJson(await as(c).enable(c.req.valid('param').ref)), 200));
  app.openapi(disable, async (c) => c.json(toJson(await as(c).disable(c.req.valid('param').ref)), 200));
  app.openapi(run, async (c) => {
    const body = c.req.valid('json');
    const input = { mode: body.mode, ...(body.since ? { since: body.since } : {}), ...(body.ids ? { ids: body.ids } : {}) };
    return c.json(toJson(await profiles.requestRun(c.req.valid('param').ref, { trigger: 'manual', input })), 202);
  });
  app.openapi(history, async (c) => c.json(toJson(await profiles.history(c.req.valid('param').ref, c.req.valid('query').limit)), 200));
}
