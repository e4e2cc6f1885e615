import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../../access/principal.js';
import { allows, refusal, requiredRole } from '../../access/roles.js';
import type { TokenAccess } from '../../access/tokens.js';
import { problem, problemResponse } from '../http/problem.js';

export type ApiEnv = { Variables: { principal: Principal } };

/**
 * Bearer-token authentication and roles for /api/v1. A token is one of PLENTYGATE_API_TOKENS (compared
 * in constant time, `role:` prefix or admin) or one created through the API or the app (stored hashed).
 * With none configured the API is off: 503 saying how to turn it on (a deliberate "not set up", distinct
 * from a wrong token). A token whose role does not cover the route gets 403 saying which role it needs.
 */
export function bearerAuth(access: TokenAccess): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!access.enabled) {
      return problemResponse(c, problem(503, 'The admin API is off: set PLENTYGATE_API_TOKENS to one or more comma-separated bearer tokens (admin:<token>, operator:<token>, viewer:<token>) and restart.', { type: 'urn:plentygate:problem:api-tokens-not-configured' }));
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const holder = match ? await access.authenticate(match[1]!) : undefined;
    if (!holder) {
      return problemResponse(c, problem(401, 'A valid bearer token is required.'), { 'www-authenticate': 'Bearer realm="plentygate"' });
    }
    const needed = requiredRole(c.req.method, new URL(c.req.url).pathname);
    if (!allows(holder.role, needed)) {
      return problemResponse(c, problem(403, refusal(holder.role, needed), { type: 'urn:plentygate:problem:role', role: holder.role, needed }));
    }
    c.set('principal', { name: holder.name, role: holder.role, via: 'api' });
    await next();
  };
}

/** Who sent this request (set by bearerAuth on every /api/v1 route). */
export const principalOf = (c: { get(key: never): unknown }): Principal => c.get('principal' as never) as Principal;
