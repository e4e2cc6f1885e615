import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The route pattern ("/rest/items/:id") of the handler that serves (or would serve) this request.
 * Hono matches all routes up front, so this also works in a middleware that answers early (a fault,
 * a throttle 429). Handlers take one argument, middleware two (Hono's own heuristic); method-specific
 * routes win over `use`/`all` registrations.
 */
export function matchedRoutePattern(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i];
    if (r && r.handler.length < 2 && r.method !== 'ALL') return r.path;
  }
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i];
    if (r && r.handler.length < 2) return r.path;
  }
  return UNMATCHED_ROUTE;
}
