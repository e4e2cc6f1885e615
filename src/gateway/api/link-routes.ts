import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Connectors } from '../../connectors/services.js';
import type { DatabaseHandle } from '../../db/client.js';
import { linkAdmin } from '../../profiles/link-admin.js';
import { LinkInputError, linkEntities, type LinkEntity } from '../../profiles/link-entities.js';
import type { ProfileService } from '../../profiles/service.js';
import { problem, problemResponse as problemOf } from '../http/problem.js';
import { commonErrors, jsonBody, ok, problemResponse } from './schemas.js';
import type { AuditLog } from '../../access/audit.js';
import { auditedLinks } from '../../access/audited-links.js';
import { principalOf } from './auth.js';

const security = [{ Bearer: [] }];

export interface LinkRouteDeps {
  db: DatabaseHandle;
  profiles: ProfileService;
  connectors?: Connectors | undefined;
  /** Manual map and unmap are written to it. */
  audit: AuditLog;
}

const EntityParam = z.object({
  entity: z.enum(linkEntities).openapi({ param: { name: 'entity', in: 'path' }, description: `One of ${linkEntities.join(', ')}`, example: 'category' }),
});
const LinkSchema = z.object({
  entity: z.enum(linkEntities), magentoKey: z.string(), plentyId: z.string(), lastWrittenAt: z.string().nullable(), meta: z.unknown(),
}).openapi('EntityLink');
const MatchSchema = z.object({
  by: z.enum(['path', 'name']),
  matched: z.array(z.object({ magentoId: z.number().int(), plentyId: z.number().int(), rootId: z.number().int(), path: z.string() })),
  unmatchedMagento: z.array(z.object({ id: z.number().int(), path: z.string() })),
  unmatchedPlenty: z.array(z.object({ id: z.number().int(), path: z.string() })),
  alreadyLinked: z.number().int(),
  applied: z.boolean().optional(),
}).openapi('CategoryMatch');
const invalid = problemResponse('The request names something that does not fit (see detail)');
const noConnectors = problemResponse('This process has no connectors to Magento and PlentyONE');

const listRoute = createRoute({
  method: 'get', path: '/links/{entity}', tags: ['links'], security, summary: 'Entity links (Magento key ↔ PlentyONE id)',
  request: { params: EntityParam, query: z.object({ magento: z.string().optional(), plenty: z.string().optional(), limit: z.coerce.number().int().min(1).max(10_000).default(1000) }) },
  responses: { 200: ok(z.array(LinkSchema), 'Links'), ...commonErrors },
});
const mapRoute = createRoute({
  method: 'put', path: '/links/{entity}', tags: ['links'], security, summary: 'Link a Magento key to a PlentyONE id',
  request: { params: EntityParam, body: jsonBody(z.object({ magentoKey: z.string().min(1), plentyId: z.string().regex(/^\d+$/, 'a PlentyONE id is a number') })) },
  responses: { 200: ok(LinkSchema, 'The link'), ...commonErrors, 422: invalid },
});
const unmapRoute = createRoute({
  method: 'delete', path: '/links/{entity}', tags: ['links'], security, summary: 'Remove the link of a Magento key or a PlentyONE id',
  request: { params: EntityParam, query: z.object({ magento: z.string().optional(), plenty: z.string().optional() }) },
  responses: { 200: ok(z.object({ removed: z.boolean() }), 'Whether a link was removed'), ...commonErrors, 422: invalid },
});
const matchRoute = createRoute({
  method: 'post', path: '/links/category/match', tags: ['links'], security,
  summary: 'Propose (and with apply: store) links for categories that exist in both systems, by path of names or by name',
  request: { body: jsonBody(z.object({ by: z.enum(['path', 'name']).default('path'), apply: z.boolean().default(false) })) },
  responses: { 200: ok(MatchSchema, 'Pairs and what could not be matched'), ...commonErrors, 422: invalid, 503: noConnectors },
});
const rootRoute = createRoute({
  method: 'post', path: '/links/category/roots', tags: ['links'], security,
  summary: 'Create the PlentyONE category of a Magento root and map it in the category export\'s rootMapping',
  request: { body: jsonBody(z.object({ magentoRootId: z.number().int().positive(), name: z.string().min(1).optional() })) },
  responses: { 201: ok(z.object({ magentoRootId: z.number().int(), plentyCategoryId: z.number().int() }), 'The mapping'), ...commonErrors, 422: invalid, 503: noConnectors },
});

/** /links: list, map, unmap, category match and the "create root category" action. */
export function linkRoutes(app: OpenAPIHono, deps: LinkRouteDeps): void {
  const links = linkAdmin({ db: deps.db.db, profiles: deps.profiles, connectors: deps.connectors });
  // A LinkInputError says what to change: 422 (503 when this process has no connectors).
  const guarded = async <T>(c: Parameters<typeof problemOf>[0], fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof LinkInputError)) throw error;
      return problemOf(c, problem(/no connectors/.test(error.message) ? 503 : 422, error.message)) as never;
    }
  };

  app.openapi(listRoute, async (c) => {
    const { entity } = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(await links.list(entity as LinkEntity, { magentoKey: q.magento, plentyId: q.plenty, limit: q.limit }), 200);
  });
  app.openapi(mapRoute, async (c) => guarded(c, async () => {
    const body = c.req.valid('json');
    return c.json(await auditedLinks(links, deps.audit, principalOf(c)).map(c.req.valid('param').entity as LinkEntity, body.magentoKey, body.plentyId), 200);
  }));
  app.openapi(unmapRoute, async (c) => guarded(c, async () => {
    const q = c.req.valid('query');
    return c.json({ removed: await auditedLinks(links, deps.audit, principalOf(c)).unmap(c.req.valid('param').entity as LinkEntity, { magentoKey: q.magento, plentyId: q.plenty }) }, 200);
  }));
  app.openapi(matchRoute, async (c) => guarded(c, async () => {
    const body = c.req.valid('json');
    return c.json(await links.match('category', body.by, body.apply), 200);
  }));
  app.openapi(rootRoute, async (c) => guarded(c, async () => {
    const body = c.req.valid('json');
    return c.json(await links.createRoot(body.magentoRootId, body.name), 201);
  }));
}
