import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditLog } from '../../access/audit.js';
import { roleDuties, roles } from '../../access/roles.js';
import type { TokenAccess } from '../../access/tokens.js';
import type { CredentialAdmin } from '../../credentials/admin.js';
import { problem, problemResponse as problemOf } from '../http/problem.js';
import { principalOf } from './auth.js';
import { commonErrors, jsonBody, ok, problemResponse, toJson } from './schemas.js';

const security = [{ Bearer: [] }];
const timestamp = z.string().openapi({ format: 'date-time' });
const RoleSchema = z.enum(roles).openapi({ description: 'viewer: read; operator: also run, pause, resume, test, replay; admin: also config, schedules, status, credentials, links, tokens' });

const MeSchema = z.object({ name: z.string(), role: RoleSchema, may: z.string() }).openapi('Me');
const AuditEntrySchema = z.object({
  id: z.number().int(), at: timestamp, actor: z.string(), role: z.string(), via: z.enum(['api', 'app', 'cli']).or(z.string()),
  action: z.string().openapi({ example: 'profile.config' }), target: z.string().openapi({ example: 'profile 3 (Order export)' }),
  changes: z.array(z.object({ path: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })).openapi({ description: 'Changed fields; secrets appear as "[secret]", never their value' }),
}).openapi('AuditEntry');
const TokenSchema = z.object({ id: z.number().int(), name: z.string(), role: RoleSchema, createdBy: z.string(), createdAt: timestamp, lastUsedAt: timestamp.nullable() }).openapi('ApiToken');
const CredentialSchema = z.object({ name: z.string(), kind: z.string(), baseUrl: z.string(), identity: z.string(), updatedAt: timestamp }).openapi('Credential');
const ConnectionTestSchema = z.object({ name: z.string(), ok: z.boolean(), message: z.string(), kind: z.string().optional(), baseUrl: z.string().optional() }).openapi('ConnectionTest');
const NameParam = z.object({ name: z.string().min(1).max(64).openapi({ param: { name: 'name', in: 'path' }, example: 'plenty' }) });
const noCredentials = { 503: problemResponse('This process has no credential store (or the admin API is off)') };

const me = createRoute({
  method: 'get', path: '/me', tags: ['access'], security, summary: 'The token this request was made with: its name and role',
  responses: { 200: ok(MeSchema, 'Who you are'), ...commonErrors },
});
const auditList = createRoute({
  method: 'get', path: '/audit', tags: ['access'], security, summary: 'The audit log: who changed config, schedules, status, credentials and tokens, newest first',
  request: {
    query: z.object({
      target: z.string().max(200).optional().openapi({ description: 'Start of the target, e.g. "profile 3" or "credential"' }),
      action: z.string().max(100).optional(), actor: z.string().max(200).optional(),
      since: timestamp.optional(), before: timestamp.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: { 200: ok(z.array(AuditEntrySchema), 'Entries'), ...commonErrors },
});
const tokenList = createRoute({
  method: 'get', path: '/tokens', tags: ['access'], security, summary: 'Tokens created through the API or the app (never the tokens themselves)',
  responses: { 200: ok(z.array(TokenSchema), 'Tokens'), ...commonErrors },
});
const tokenCreate = createRoute({
  method: 'post', path: '/tokens', tags: ['access'], security, summary: 'Create a token with a role; the answer is the only time the token is shown',
  request: { body: jsonBody(z.object({ name: z.string().min(1).max(80), role: RoleSchema })) },
  responses: { 201: ok(TokenSchema.extend({ token: z.string() }), 'The token (store it now)'), 422: problemResponse('Bad name'), ...commonErrors },
});
const tokenRevoke = createRoute({
  method: 'delete', path: '/tokens/{id}', tags: ['access'], security, summary: 'Revoke a token (its sessions end at once)',
  request: { params: z.object({ id: z.coerce.number().int().min(1).max(2147483647).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: ok(TokenSchema, 'The revoked token'), 404: problemResponse('No such token'), ...commonErrors },
});
const credentialList = createRoute({
  method: 'get', path: '/credentials', tags: ['credentials'], security, summary: 'Stored credentials: name, kind, URL, identity (never a secret)',
  responses: { 200: ok(z.array(CredentialSchema), 'Credentials'), ...commonErrors, ...noCredentials },
});
const credentialSet = createRoute({
  method: 'put', path: '/credentials/{name}', tags: ['credentials'], security,
  summary: 'Store a credential (encrypted): {kind:"plenty", baseUrl, username, password} or {kind:"magento", baseUrl, auth:{type:"bearer", token}}',
  request: { params: NameParam, body: jsonBody(z.record(z.string(), z.unknown())) },
  responses: { 200: ok(CredentialSchema, 'Stored (the secret is not echoed)'), 422: problemResponse('The credential is invalid (each problem listed)'), ...commonErrors, ...noCredentials },
});
const credentialDelete = createRoute({
  method: 'delete', path: '/credentials/{name}', tags: ['credentials'], security, summary: 'Delete a credential',
  request: { params: NameParam },
  responses: { 200: ok(z.object({ removed: z.boolean() }), 'Whether it existed'), ...commonErrors, ...noCredentials },
});
const credentialTest = createRoute({
  method: 'post', path: '/credentials/{name}/test', tags: ['credentials'], security,
  summary: 'Test the connection: one read that needs a valid login; says what is wrong when it fails',
  request: { params: NameParam },
  responses: { 200: ok(ConnectionTestSchema, 'The outcome (ok false with the reason when it failed)'), ...commonErrors, ...noCredentials },
});

export interface AccessRouteDeps {
  access: TokenAccess;
  audit: AuditLog;
  /** Absent where the process has no credential store: the credential routes answer 503. */
  credentials?: CredentialAdmin | undefined;
}

/** Who am I, the audit log, tokens, and credentials. */
export function accessRoutes(app: OpenAPIHono, deps: AccessRouteDeps): void {
  const { access, audit } = deps;
  app.openapi(me, (c) => {
    const who = principalOf(c);
    return c.json({ name: who.name, role: who.role, may: roleDuties[who.role] }, 200);
  });
  app.openapi(auditList, async (c) => {
    const q = c.req.valid('query');
    return c.json(toJson(await audit.list({
      target: q.target, action: q.action, actor: q.actor, limit: q.limit,
      since: q.since ? new Date(q.since) : undefined, before: q.before ? new Date(q.before) : undefined,
    })), 200);
  });
  app.openapi(tokenList, async (c) => c.json(toJson(await access.list()), 200));
  app.openapi(tokenCreate, async (c) => {
    const body = c.req.valid('json');
    const who = principalOf(c);
    const { token, stored } = await access.create(body.name, body.role, who.name);
    await audit.record(who, 'token.create', `token ${stored.name}`, [{ path: 'role', to: stored.role }]);
    return c.json(toJson({ ...stored, token }), 201);
  });
  app.openapi(tokenRevoke, async (c) => {
    const revoked = await access.revoke(c.req.valid('param').id);
    if (!revoked) return problemOf(c, problem(404, `No token with id ${c.req.valid('param').id}.`)) as never;
    await audit.record(principalOf(c), 'token.revoke', `token ${revoked.name}`, [{ path: 'role', from: revoked.role }]);
    return c.json(toJson(revoked), 200);
  });

  const credentials = () => {
    if (!deps.credentials) throw Object.assign(new Error('This process has no credential store.'), { status: 503 });
    return deps.credentials;
  };
  app.openapi(credentialList, async (c) => c.json(toJson(await credentials().list()), 200));
  app.openapi(credentialSet, async (c) => {
    const { name } = c.req.valid('param');
    return c.json(toJson(await credentials().set(principalOf(c), name, c.req.valid('json'))), 200);
  });
  app.openapi(credentialDelete, async (c) => c.json({ removed: await credentials().remove(principalOf(c), c.req.valid('param').name) }, 200));
  app.openapi(credentialTest, async (c) => c.json(await credentials().test(c.req.valid('param').name), 200));
}
