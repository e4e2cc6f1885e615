import { z } from '@hono/zod-openapi';
import { unstorableReason } from '../http/storable-text.js';
import { MAX_RUN_IDS, MAX_SCHEDULES } from './limits.js';

/** Shapes of the admin API, named so they appear under components/schemas of the OpenAPI document. */

export const ProblemSchema = z.object({
  type: z.string().openapi({ example: 'about:blank' }),
  title: z.string().openapi({ example: 'Not Found' }),
  status: z.number().int().openapi({ example: 404 }),
  detail: z.string().optional(),
  problems: z.array(z.string()).optional().openapi({ description: 'Each thing that was wrong, when there are several' }),
}).openapi('Problem');

const timestamp = z.string().openapi({ format: 'date-time', example: '2026-01-31T12:00:00.000Z' });

export const ProfileSchema = z.looseObject({
  id: z.number().int(),
  typeId: z.string().openapi({ example: 'plenty_item_export' }),
  name: z.string(),
  status: z.enum(['created', 'configured', 'tested', 'active', 'disabled']),
  config: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  updatedAt: timestamp,
}).openapi('Profile');

export const ScheduleSchema = z.object({
  id: z.number().int().optional(),
  cron: z.string().openapi({ example: '*/15 * * * *' }),
  timezone: z.string().optional().openapi({ example: 'Europe/Berlin' }),
  window: z.object({ start: z.string(), end: z.string() }).optional(),
  mode: z.enum(['delta', 'full']).optional(),
  enabled: z.boolean().optional(),
}).openapi('Schedule');

export const ProfileDetailsSchema = ProfileSchema.extend({
  entity: z.string(),
  direction: z.string(),
  missing: z.array(z.string()).openapi({ description: 'What the config still lacks before the profile can run' }),
  implemented: z.boolean(),
  schedules: z.array(ScheduleSchema),
}).openapi('ProfileDetails');

export const RunSchema = z.looseObject({
  id: z.number().int(),
  profileId: z.number().int(),
  trigger: z.enum(['manual', 'cron', 'event']),
  mode: z.enum(['delta', 'full', 'ids']),
  status: z.enum(['running', 'completed', 'partial', 'failed', 'paused']),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
}).openapi('Run');

/** Text PostgreSQL can store: no NUL, no unpaired surrogate. */
const storableText = (what: string) => z.string().superRefine((v, ctx) => {
  const why = unstorableReason(v);
  if (why) ctx.addIssue({ code: 'custom', message: `${what} ${why}` });
});

export const RunRequestSchema = z.object({
  mode: z.enum(['delta', 'full', 'ids']).default('delta'),
  since: storableText('since').optional().openapi({ description: 'delta: changes since this instant (ISO 8601) instead of the watermark' }),
  ids: z.array(storableText('an id').pipe(z.string().min(1).max(255)))
    .max(MAX_RUN_IDS, `at most ${MAX_RUN_IDS} ids per run; for more, run a delta or full sync`)
    .optional().openapi({ description: `ids: exactly these source keys (at most ${MAX_RUN_IDS})` }),
}).openapi('RunRequest');

export const ScheduleListSchema = z.array(ScheduleSchema)
  .max(MAX_SCHEDULES, `at most ${MAX_SCHEDULES} schedules per profile`)
  .openapi({ description: `At most ${MAX_SCHEDULES} schedules per profile` });

export const QueuedRunSchema = z.object({
  profileId: z.number().int(),
  jobId: z.string(),
  added: z.boolean().openapi({ description: 'False when an identical job was already queued' }),
}).openapi('QueuedRun');

export const NormalizedEventSchema = z.object({
  source: z.enum(['magento', 'plenty']),
  entity: z.string().openapi({ example: 'order' }),
  kind: z.string().openapi({ example: 'saved' }),
  keys: z.array(z.string()).openapi({ example: ['000000123'] }),
}).openapi('NormalizedEvent');

export const InboxRowSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  format: z.string().openapi({ example: 'adobe-commerce' }),
  dedupeKey: z.string(),
  status: z.enum(['pending', 'dispatched', 'ignored', 'failed']).openapi({
    description: 'failed: its dispatch failed repeatedly while the queue answered (see lastError); replay it once fixed',
  }),
  event: NormalizedEventSchema.nullable(),
  note: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  receivedAt: timestamp,
  attempts: z.number().int().openapi({ description: 'Dispatches that failed while the queue answered (the row is marked failed at the limit)' }),
  lastError: z.string().nullable(),
  dispatchedAt: timestamp.nullable(),
  jobs: z.unknown(),
}).openapi('InboxRow');

export const DeadLetterSchema = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  data: z.unknown(),
  attemptsMade: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
}).openapi('DeadLetter');

const MAX_PROFILE_ID = 2_147_483_647; // profiles.id is a PostgreSQL integer

export const ProfileRefParam = z.object({
  ref: z.string()
    .regex(/^(\d{1,10}|[A-Za-z][A-Za-z0-9_.-]{0,99})$/, 'expected a profile id (a number) or a profile type id (letters, digits, _), e.g. plenty_item_export')
    .refine((v) => !/^\d+$/.test(v) || Number(v) <= MAX_PROFILE_ID, `a profile id is at most ${MAX_PROFILE_ID}`)
    .openapi({ param: { name: 'ref', in: 'path' }, description: 'Profile id or type id', example: 'plenty_item_export' }),
});

/** An inbox row id: a bigint, kept within what JSON numbers carry exactly. */
export const IdParam = z.object({
  id: z.string()
    .regex(/^\d{1,16}$/, 'expected an inbox row id (a number)')
    .refine((v) => Number(v) <= Number.MAX_SAFE_INTEGER, `an inbox row id is at most ${Number.MAX_SAFE_INTEGER}`)
    .openapi({ param: { name: 'id', in: 'path' }, example: '42' }),
});

/** A job id: any text but control characters (job ids are strings, e.g. `dead-1` or `profiles/17`). */
export const JobIdParam = z.object({
  id: z.string().min(1).max(255).regex(/^[^\u0000-\u001f\u007f]+$/, 'expected a job id without control characters')
    .openapi({ param: { name: 'id', in: 'path' }, example: '17' }),
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
export const ok = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
export const problemResponse = (description: string) => ({ content: { 'application/problem+json': { schema: ProblemSchema } }, description });
export const commonErrors = {
  400: problemResponse('The request is malformed (each problem listed)'),
  401: problemResponse('Missing or wrong bearer token'),
  403: problemResponse('The token\'s role does not allow this (the detail names the role needed)'),
  413: problemResponse('The body is larger than the admin API accepts'),
  503: problemResponse('The admin API is off (no PLENTYGATE_API_TOKENS)'),
};

/** Dates become ISO strings, as they will on the wire. */
export function toJson<T>(value: T): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(JSON.stringify(value));
}
