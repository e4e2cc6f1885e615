/**
 * PlentyONE API call budgets per plan, as documented (reads/writes per user per minute and per system
 * per day), plus a `test` plan with windows short enough for suites to reach the limits quickly.
 */
export const PLAN_NAMES = ['basic', 'classic', 'flex', 'plus', 'test'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

/** A route (matched pattern) with its own, usually lower, limit inside the short window. */
export interface RouteLimit {
  /** HTTP method; omitted = any method. */
  method?: string;
  /** Route pattern as the sandbox registers it, e.g. `/rest/orders/search`. */
  route: string;
  limit: number;
}

export interface ThrottlePlan {
  name: string;
  /** Per-user window ("Global-Short-Period"), 60 s on real plans. */
  shortWindowSeconds: number;
  readsPerShort: number;
  writesPerShort: number;
  /** Per-system window ("Global-Long-Period"), one day on real plans. */
  longWindowSeconds: number;
  readsPerLong: number;
  writesPerLong: number;
  /** Routes with their own limit; every other route's route limit equals the short-period limit. */
  routeLimits: RouteLimit[];
  /**
   * Routes that cost more than one unit. Observed in the field ("some calls cost 2 units") but not
   * documented for any route, so the default plans list none; benchmarks may add some.
   */
  routeCosts: Array<{ method?: string; route: string; cost: number }>;
}

const MINUTE = 60;
const DAY = 86_400;

function documented(name: string, rMin: number, rDay: number, wMin: number, wDay: number): ThrottlePlan {
  return {
    name,
    shortWindowSeconds: MINUTE,
    readsPerShort: rMin,
    writesPerShort: wMin,
    longWindowSeconds: DAY,
    readsPerLong: rDay,
    writesPerLong: wDay,
    routeLimits: [],
    routeCosts: [],
  };
}

export const PLANS: Record<PlanName, ThrottlePlan> = {
  basic: documented('basic', 80, 59_760, 40, 17_280),
  classic: documented('classic', 200, 166_000, 80, 48_000),
  flex: documented('flex', 240, 282_000, 100, 72_000),
  plus: documented('plus', 280, 282_000, 120, 72_000),
  // A few calls per short window so a suite can hit 429 in a handful of requests.
  test: {
    name: 'test',
    shortWindowSeconds: 2,
    readsPerShort: 8,
    writesPerShort: 4,
    longWindowSeconds: 60,
    readsPerLong: 400,
    writesPerLong: 200,
    routeLimits: [],
    routeCosts: [],
  },
};

/** Resolve a plan name or a partial custom plan (based on `plus`) into a full plan. */
export function resolvePlan(plan: PlanName | (Partial<ThrottlePlan> & { base?: PlanName }) | undefined): ThrottlePlan {
  if (plan === undefined) return PLANS.plus;
  if (typeof plan === 'string') {
    const found = PLANS[plan];
    if (!found) throw new Error(`Unknown PlentyONE plan "${plan}" (expected ${Object.keys(PLANS).join(', ')})`);
    return found;
  }
  const { base, ...rest } = plan;
  return { ...PLANS[base ?? 'plus'], ...rest };
}
