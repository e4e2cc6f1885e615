/**
 * Counts every API call a sandbox receives, per method + matched route pattern, per status and per
 * injected fault, so tests and benchmarks can assert exact call counts. Memory is bounded: counters
 * per route pattern plus a ring buffer of the most recent calls.
 */
import type { MiddlewareHandler } from 'hono';
import { isControlPath } from './control-path.js';
import { faultOf } from './faults/tag.js';
import { matchedRoutePattern } from './route-pattern.js';

export interface RequestLogEntry {
  /** ISO timestamp of arrival. */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly route: string;
  /** 0 when no response was sent (connection reset, client gone). */
  readonly status: number;
  readonly durationMs: number;
  /** Kind of injected fault, if any. */
  readonly fault: string | null;
}

export interface RequestLogSnapshot {
  readonly since: string;
  readonly total: number;
  /** Keys "METHOD /route/:pattern". */
  readonly byRoute: Readonly<Record<string, number>>;
  readonly byMethod: Readonly<Record<string, number>>;
  /** Keys are status codes as strings; "0" = no response. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly byFault: Readonly<Record<string, number>>;
  /** Oldest first. */
  readonly recent: readonly RequestLogEntry[];
}

export class RequestLog {
  private since = new Date();
  private total = 0;
  private readonly byRoute = new Map<string, number>();
  private readonly byMethod = new Map<string, number>();
  private readonly byStatus = new Map<string, number>();
  private readonly byFault = new Map<string, number>();
  private readonly ring: RequestLogEntry[] = [];
  private ringNext = 0;

  constructor(private readonly recentLimit = 100) {}

  /** Counts a call on arrival (so calls that never get an answer are counted too). */
  count(method: string, route: string): void {
    this.total++;
    bump(this.byRoute, `${method} ${route}`);
    bump(this.byMethod, method);
  }

  /** Records the outcome of a counted call. */
  finish(entry: RequestLogEntry): void {
    bump(this.byStatus, String(entry.status));
    if (entry.fault) bump(this.byFault, entry.fault);
    if (this.recentLimit <= 0) return;
    if (this.ring.length < this.recentLimit) this.ring.push(entry);
    else this.ring[this.ringNext] = entry;
    this.ringNext = (this.ringNext + 1) % this.recentLimit;
  }

  /** Calls so far for one method + route pattern (e.g. `get('GET', '/rest/items')`), or in total. */
  get(method?: string, route?: string): number {
    if (method === undefined) return this.total;
    if (route === undefined) return this.byMethod.get(method.toUpperCase()) ?? 0;
    return this.byRoute.get(`${method.toUpperCase()} ${route}`) ?? 0;
  }

  snapshot(): RequestLogSnapshot {
    const recent = this.ring.length < this.recentLimit ? [...this.ring] : [...this.ring.slice(this.ringNext), ...this.ring.slice(0, this.ringNext)];
    return {
      since: this.since.toISOString(),
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byMethod: Object.fromEntries(this.byMethod),
      byStatus: Object.fromEntries(this.byStatus),
      byFault: Object.fromEntries(this.byFault),
      recent,
    };
  }

  reset(): void {
    this.since = new Date();
    this.total = 0;
    this.byRoute.clear();
    this.byMethod.clear();
    this.byStatus.clear();
    this.byFault.clear();
    this.ring.length = 0;
    this.ringNext = 0;
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Mount first (before faults and throttling) so refused and faulted calls are counted as well. */
export function requestLogMiddleware(log: RequestLog): MiddlewareHandler {
  return async function requestLogger(c, next) {
    if (isControlPath(c.req.path)) return next();
    const started = performance.now();
    const at = new Date().toISOString();
    const method = c.req.method;
    const route = matchedRoutePattern(c);
    log.count(method, route);
    let status = 0;
    try {
      await next();
      status = c.res.status;
    } catch (error) {
      status = 500;
      throw error;
    } finally {
      const fault = faultOf(c.req.raw);
      log.finish({
        at,
        method,
        path: c.req.path,
        route,
        status: fault === 'reset' || c.req.raw.signal.aborted ? 0 : status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        fault,
      });
    }
  };
}
