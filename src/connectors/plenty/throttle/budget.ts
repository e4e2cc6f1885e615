/**
 * What PlentyONE says about its call budget, and which budgets a call draws on.
 *
 * Every answer carries three limit families, each as `<PREFIX>-Limit`, `<PREFIX>-Decay` (seconds until
 * the window resets) and `<PREFIX>-Calls-Left`: the per-system day (`Global-Long-Period`), the per-user
 * minute (`Global-Short-Period`), both counting reads and writes apart, and the per-route window
 * (`Route`). A call draws on one slot of each family: `long:read`, `short:read`, `route:GET /rest/...`.
 */
export const FAMILIES = {
  long: 'X-Plenty-Global-Long-Period',
  short: 'X-Plenty-Global-Short-Period',
  route: 'X-Plenty-Route',
} as const;
export type Family = keyof typeof FAMILIES;
const LOWERCASE = Object.fromEntries(Object.entries(FAMILIES).map(([family, prefix]) => [family, prefix.toLowerCase()])) as Record<Family, string>;
export type CallKind = 'read' | 'write';

export interface ThrottleCall {
  method: string;
  /** Route pattern, e.g. `/rest/items/variations` or `/rest/orders/{orderId}`. */
  route: string;
}

/** One family's state as an answer reported it. */
export interface BudgetObservation {
  slot: string;
  limit: number;
  callsLeft: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

export function kindOf(method: string): CallKind {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'read' : 'write';
}

/** The budget slots a call draws on, in family order long, short, route. */
export function slotsOf(call: ThrottleCall): Record<Family, string> {
  const kind = kindOf(call.method);
  return { long: `long:${kind}`, short: `short:${kind}`, route: `route:${call.method.toUpperCase()} ${call.route}` };
}

/**
 * Reads the three families from an answer's headers (`header`: a header by its lowercase name); families
 * that are absent or unreadable are skipped.
 */
export function observeHeaders(call: ThrottleCall, header: (name: string) => string | null | undefined): BudgetObservation[] {
  const slots = slotsOf(call);
  const out: BudgetObservation[] = [];
  for (const family of Object.keys(FAMILIES) as Family[]) {
    const prefix = LOWERCASE[family];
    const limit = Number(header(`${prefix}-limit`) ?? Number.NaN);
    const left = Number(header(`${prefix}-calls-left`) ?? Number.NaN);
    const decay = Number(header(`${prefix}-decay`) ?? Number.NaN);
    if (!Number.isFinite(left) || !Number.isFinite(decay)) continue;
    out.push({ slot: slots[family], limit: Number.isFinite(limit) ? limit : left, callsLeft: left, resetInMs: Math.max(0, decay) * 1000 });
  }
  return out;
}
