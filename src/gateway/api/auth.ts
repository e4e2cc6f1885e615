import type { MiddlewareHandler } from 'hono';
import { problem, problemResponse } from '../http/problem.js';
import { matchesAny } from '../verify/constant-time.js';

/**
 * Bearer-token authentication for /api/v1. Tokens come from PLENTYGATE_API_TOKENS and are compared in
 * constant time against every configured token. With none configured the API is off: 503 with a problem
 * saying how to turn it on (a deliberate "not set up", distinct from a wrong token).
 */
export function bearerAuth(tokens: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (tokens.length === 0) {
      return problemResponse(c, problem(503, 'The admin API is off: set PLENTYGATE_API_TOKENS to one or more comma-separated bearer tokens and restart.', { type: 'urn:plentygate:problem:api-tokens-not-configured' }));
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !matchesAny(match[1]!, tokens)) {
      return problemResponse(c, problem(401, 'A valid bearer token is required.'), { 'www-authenticate': 'Bearer realm="plentygate"' });
    }
    await next();
  };
}
