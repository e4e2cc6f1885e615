/**
 * Admin API of the mapping layer: the fields a type's mapping may use (pick lists for the app) and dry
 * runs (what a run would do, against both systems, writing nothing; src/mapping/dry-run.ts).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { mappingFields } from '../../profiles/config-json-schema.js';
import type { ProfileService } from '../../profiles/service.js';
import { commonErrors, jsonBody, ok, problemResponse, ProfileRefParam, RunRequestSchema, toJson } from './schemas.js';

const security = [{ Bearer: [] }];
const tags = ['profiles'];

const FieldSchema = z.object({
  name: z.string(), type: z.string(), description: z.string(), perLanguage: z.boolean().optional(),
}).openapi('MappingField');
const FieldsSchema = z.object({ typeId: z.string(), source: z.array(FieldSchema), target: z.array(FieldSchema) }).openapi('MappingFields');
const DryRunRequestSchema = RunRequestSchema.extend({
  limit: z.number().int().min(1).max(500).default(10).openapi({ description: 'Records to examine' }),
}).openapi('DryRunRequest');
const DryRunRecordSchema = z.object({
  key: z.string(),
  action: z.enum(['create', 'update', 'unchanged', 'skip', 'fail', 'write']),
  reason: z.string().optional(),
  targetId: z.string().optional(),
  diff: z.array(z.object({ field: z.string(), before: z.unknown().optional(), after: z.unknown() })),
  mapped: z.array(z.object({ field: z.string(), language: z.string().optional(), before: z.unknown().optional(), after: z.unknown() })),
});
const DryRunReportSchema = z.object({
  runId: z.number().int(), profileId: z.number().int(), typeId: z.string(), limit: z.number().int(),
  preview: z.boolean().openapi({ description: 'False: the type has no preview stage; records show as "write" without a diff' }),
  counts: z.record(z.string(), z.number().int()),
  records: z.array(DryRunRecordSchema),
  error: z.string().optional(),
  mappingErrors: z.number().int(),
}).openapi('DryRunReport');

const fields = createRoute({
  method: 'get', path: '/profile-types/{typeId}/mapping-fields', tags, security, summary: 'The source and target fields a type\'s mapping may use',
  request: { params: z.object({ typeId: z.string().regex(/^[a-z_]{1,100}$/).openapi({ param: { name: 'typeId', in: 'path' }, example: 'plenty_order_export' }) }) },
  responses: { 200: ok(FieldsSchema, 'Declared fields'), 404: problemResponse('Unknown profile type'), ...commonErrors },
});
const dryRun = createRoute({
  method: 'post', path: '/profiles/{ref}/dry-run', tags, security,
  summary: 'Dry run: collect, transform, map and validate against both systems, write nothing, report per record what would change',
  request: { params: ProfileRefParam, body: jsonBody(DryRunRequestSchema) },
  responses: { 200: ok(DryRunReportSchema, 'The report (also stored as a run of the history)'), 404: problemResponse('No such profile'), ...commonErrors },
});

export function mappingRoutes(app: OpenAPIHono, profiles: ProfileService): void {
  app.openapi(fields, (c) => c.json(mappingFields(profiles.registry.get(c.req.valid('param').typeId)) as z.infer<typeof FieldsSchema>, 200));
  app.openapi(dryRun, async (c) => {
    const { limit, ...body } = c.req.valid('json');
    const input = { mode: body.mode, ...(body.since ? { since: body.since } : {}), ...(body.ids ? { ids: body.ids } : {}) };
    return c.json(toJson(await profiles.dryRun(c.req.valid('param').ref, input, limit)), 200);
  });
}
