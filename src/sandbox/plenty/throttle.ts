/**
 * Call budget of a PlentyONE system: three limit families, each answered on every response as
 * `<PREFIX>-Limit`, `<PREFIX>-Decay` (seconds until the window resets) and `<PREFIX>-Calls-Left`:
 *  - `X-Plenty-Global-Short-Period`: per user, per minute, reads and writes counted separately;
 *  - `X-Plenty-Global-Long-Period`: per system, per day, reads and writes counted separately;
 *  - `X-Plenty-Route`: per user and route, inside the short window.
 * Windows are fixed and start with their first counted call (so `Decay` counts down from the window
 * length). A refused call consumes nothing and is answered 429 with `Retry-After` and
 * `<PREFIX>-Calls-Reset` (unix seconds when the exceeded window resets) for each exceeded family.
 */
import type { ThrottlePlan } from './plans.js';

export type CallKind = 'read' | 'write';

export const FAMILY = {
  long: 'X-Plenty-Global-Long-Period',
  short: 'X-Plenty-Global-Short-Period',
  route: 'X-Plenty-Route',
} as const;
type Family = keyof typeof FAMILY;

interface Window {
  startedAt: number;
  used: number;
}

export interface WindowState {
  limit: number;
  used: number;
  callsLeft: number;
  decay: number;
}

export interface ThrottleState {
  plan: string;
  short: Record<string, Record<CallKind, WindowState>>;
  long: Record<CallKind, WindowState>;
  routes: Record<string, WindowState>;
  totals: { reads: number; writes: number; units: number; refused: number };
}

export interface ThrottleDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Seconds to wait, set when refused. */
  retryAfter?: number;
}

export function kindOf(method: string): CallKind {
  return method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD' ? 'read' : 'write';
}

export class Throttle {
  private readonly windows = new Map<string, Window>();
  private readonly totals = { reads: 0, writes: 0, units: 0, refused: 0 };

  constructor(
    readonly plan: ThrottlePlan,
    private readonly now: () => number,
  ) {}

  /** Count one call (if every family has room for it) and return the headers to answer with. */
  take(user: string, method: string, route: string): ThrottleDecision {
    const kind = kindOf(method);
    const cost = this.costOf(method, route);
    const slots = this.slots(user, kind, method, route);
    const exceeded = slots.filter((s) => s.limit - this.current(s.key, s.windowSeconds).used < cost);
    if (exceeded.length > 0) {
      this.totals.refused += 1;
      const headers = this.headersFor(slots);
      let retryAfter = 1;
      for (const s of exceeded) {
        const decay = this.decayOf(s.key, s.windowSeconds);
        retryAfter = Math.max(retryAfter, decay);
        headers[`${FAMILY[s.family]}-Calls-Reset`] = String(Math.ceil(this.now() / 1000) + decay);
      }
      headers['Retry-After'] = String(retryAfter);
      return { allowed: false, headers, retryAfter };
    }
    for (const s of slots) {
      const w = this.current(s.key, s.windowSeconds);
      if (w.used === 0) w.startedAt = this.now();
      w.used += cost;
      this.windows.set(s.key, w);
    }
    if (kind === 'read') this.totals.reads += 1;
    else this.totals.writes += 1;
    this.totals.units += cost;
    return { allowed: true, headers: this.headersFor(slots) };
  }

  /** Headers describing the budget without counting a call (used for answers that cost nothing). */
  peek(user: string, method: string, route: string): Record<string, string> {
    return this.headersFor(this.slots(user, kindOf(method), method, route));
  }

  state(): ThrottleState {
    const short: ThrottleState['short'] = {};
    const routes: ThrottleState['routes'] = {};
    for (const key of this.windows.keys()) {
      const [family, a, b] = key.split('|') as [Family, string, string];
      if (family === 'short') {
        short[a] ??= {
          read: this.windowState(`short|${a}|read`, this.plan.readsPerShort, this.plan.shortWindowSeconds),
          write: this.windowState(`short|${a}|write`, this.plan.writesPerShort, this.plan.shortWindowSeconds),
        };
      } else if (family === 'route') {
        const [method = 'GET', route = ''] = b.split(' ');
        routes[`${a} ${b}`] = this.windowState(key, this.routeLimit(kindOf(method), method, route), this.plan.shortWindowSeconds);
      }
    }
    return {
      plan: this.plan.name,
      short,
      long: {
        read: this.windowState('long|system|read', this.plan.readsPerLong, this.plan.longWindowSeconds),
        write: this.windowState('long|system|write', this.plan.writesPerLong, this.plan.longWindowSeconds),
      },
      routes,
      totals: { ...this.totals },
    };
  }

  reset(): void {
    this.windows.clear();
    Object.assign(this.totals, { reads: 0, writes: 0, units: 0, refused: 0 });
  }

  private slots(user: string, kind: CallKind, method: string, route: string) {
    const p = this.plan;
    return [
      { family: 'long' as const, key: `long|system|${kind}`, limit: kind === 'read' ? p.readsPerLong : p.writesPerLong, windowSeconds: p.longWindowSeconds },
      { family: 'short' as const, key: `short|${user}|${kind}`, limit: kind === 'read' ? p.readsPerShort : p.writesPerShort, windowSeconds: p.shortWindowSeconds },
      { family: 'route' as const, key: `route|${user}|${method.toUpperCase()} ${route}`, limit: this.routeLimit(kind, method, route), windowSeconds: p.shortWindowSeconds },
    ];
  }

  private routeLimit(kind: CallKind, method: string, route: string): number {
    const own = this.plan.routeLimits.find((r) => r.route === route && (!r.method || r.method.toUpperCase() === method.toUpperCase()));
    if (own) return own.limit;
    return kind === 'read' ? this.plan.readsPerShort : this.plan.writesPerShort;
  }

  private costOf(method: string, route: string): number {
    const c = this.plan.routeCosts.find((r) => r.route === route && (!r.method || r.method.toUpperCase() === method.toUpperCase()));
    return c?.cost ?? 1;
  }

  /** The window for a key, replaced by a fresh one once it has decayed. */
  private current(key: string, windowSeconds: number): Window {
    const w = this.windows.get(key);
    if (!w || this.now() - w.startedAt >= windowSeconds * 1000) return { startedAt: this.now(), used: 0 };
    return w;
  }

  private decayOf(key: string, windowSeconds: number): number {
    const w = this.current(key, windowSeconds);
    if (w.used === 0) return windowSeconds;
    return Math.max(1, Math.ceil((w.startedAt + windowSeconds * 1000 - this.now()) / 1000));
  }

  private windowState(key: string, limit: number, windowSeconds: number): WindowState {
    const used = this.current(key, windowSeconds).used;
    return { limit, used, callsLeft: Math.max(0, limit - used), decay: this.decayOf(key, windowSeconds) };
  }

  private headersFor(slots: ReturnType<Throttle['slots']>): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const s of slots) {
      const st = this.windowState(s.key, s.limit, s.windowSeconds);
      const prefix = FAMILY[s.family];
      headers[`${prefix}-Limit`] = String(st.limit);
      headers[`${prefix}-Decay`] = String(st.decay);
      headers[`${prefix}-Calls-Left`] = String(st.callsLeft);
    }
    return headers;
  }
}
