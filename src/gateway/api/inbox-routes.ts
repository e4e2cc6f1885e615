import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { DeadLetters } from '../dead-letters.js';
import type { Relay } from '../inbox/relay.js';
import type { InboxStore } from '../inbox/store.js';
import { problem, problemResponse as problemOf } from '../http/problem.js';
import { commonErrors, DeadLetterSchema, IdParam, InboxRowSchema, JobIdParam, ok, problemResponse, toJson } from './schemas.js';

const security = [{ Bearer: [] }];

const listInbox = createRoute({
  method: 'get', path: '/inbox', tags: ['inbox'], security, summary: 'Accepted webhooks, newest first',
  request: {
    query: z.object({
      status: z.enum(['pending', 'dispatched', 'ignored', 'failed']).optional(),
      source: z.enum(['magento', 'plenty']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({ description: 'Only rows with a smaller id (next page)' }),
    }),
  },
  responses: { 200: ok(z.array(InboxRowSchema), 'Inbox rows'), ...commonErrors },
});
const getInbox = createRoute({
  method: 'get', path: '/inbox/{id}', tags: ['inbox'], security, summary: 'One inbox row',
  request: { params: IdParam },
  responses: { 200: ok(InboxRowSchema, 'The row'), 404: problemResponse('No such row'), ...commonErrors, 400: problemResponse('The id is not a row id') },
});
const replayInbox = createRoute({
  method: 'post', path: '/inbox/{id}/replay', tags: ['inbox'], security, summary: 'Dispatch an accepted webhook again',
  request: { params: IdParam },
  responses: {
    202: ok(z.object({ id: z.number().int(), status: z.literal('pending') }), 'Queued for dispatch'),
    404: problemResponse('No such row, or it was ignored (names no event)'), ...commonErrors, 400: problemResponse('The id is not a row id'),
  },
});
const listDead = createRoute({
  method: 'get', path: '/dead-letters', tags: ['dead letters'], security, summary: 'Jobs that failed for good, with data and last error',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) }) },
  responses: { 200: ok(z.array(DeadLetterSchema), 'Dead jobs, most recent first'), ...commonErrors },
});
const replayDead = createRoute({
  method: 'post', path: '/dead-letters/{id}/replay', tags: ['dead letters'], security, summary: 'Run a dead job again with fresh attempts',
  request: { params: JobIdParam },
  responses: {
    202: ok(z.object({ replayed: z.number().int() }), 'Back in the queue'), 404: problemResponse('No dead job with that id'),
    ...commonErrors, 400: problemResponse('The id is not a job id'),
  },
});
const replayAllDead = createRoute({
  method: 'post', path: '/dead-letters/replay', tags: ['dead letters'], security, summary: 'Run every dead job again',
  responses: { 202: ok(z.object({ replayed: z.number().int() }), 'How many went back to the queue'), ...commonErrors },
});

export function inboxRoutes(app: OpenAPIHono, deps: { store: InboxStore; relay: Relay; deadLetters: DeadLetters }): void {
  const { store, relay, deadLetters } = deps;
  app.openapi(listInbox, async (c) => {
    const q = c.req.valid('query');
    return c.json(toJson(await store.list({ status: q.status, source: q.source, limit: q.limit, beforeId: q.before })), 200);
  });
  app.openapi(getInbox, async (c) => {
    const row = await store.get(Number(c.req.valid('param').id));
    if (!row) return problemOf(c, problem(404, 'No inbox row with that id.')) as never;
    return c.json(toJson(row), 200);
  });
  app.openapi(replayInbox, async (c) => {
    const { id } = c.req.valid('param');
    const event = await store.replay(Number(id));
    if (!event) return problemOf(c, problem(404, 'No inbox row with that id that names an event.')) as never;
    relay.notify(Number(id), event);
    return c.json({ id: Number(id), status: 'pending' as const }, 202);
  });
  app.openapi(listDead, async (c) => c.json(toJson(await deadLetters.list(c.req.valid('query'))), 200));
  app.openapi(replayDead, async (c) => {
    if (!(await deadLetters.replay(c.req.valid('param').id))) return problemOf(c, problem(404, 'No dead job with that id.')) as never;
    return c.json({ replayed: 1 }, 202);
  });
  app.openapi(replayAllDead, async (c) => c.json({ replayed: await deadLetters.replayAll() }, 202));
}
