/**
 * Holds the active fault rules of one sandbox and decides, per request, what to inject.
 * Probabilities and random latencies come from one seeded stream, so a test that sends the same
 * requests in the same order sees the same faults.
 */
import { Rng } from '../../generator/prng.js';
import { FaultRuleError, parseFaultRule, parseFaultSpec, pathMatcher } from './rules.js';
import type { FaultRule, FaultRuleInput, MixVariant } from './rules.js';

export interface FaultRuleState {
  readonly rule: FaultRule;
  /** Matching requests seen (including skipped ones and lost probability draws). */
  readonly matched: number;
  /** Times the fault was injected. */
  readonly fired: number;
  /** True once `times` (or a burst's `count`) is used up. */
  readonly exhausted: boolean;
  /** Mix rules: how often each of its faults was picked, by label ("error 502", "reset after write"). */
  readonly picked?: Readonly<Record<string, number>>;
}

/**
 * Terminal faults replace or break the response; latency only delays it. A mix rule is never injected
 * itself: the variant it picked is.
 */
export type TerminalFault = Exclude<FaultRule, { kind: 'latency' | 'mix' }> | MixVariant;

export interface FaultPlan {
  readonly delayMs: number;
  readonly action: TerminalFault | null;
}

interface ActiveRule {
  rule: FaultRule;
  method: Set<string> | null;
  path: RegExp;
  matched: number;
  fired: number;
  picked: Map<string, number>;
}

export interface FaultControllerOptions {
  /** Seed of the probability stream (default 1). */
  readonly seed?: number;
  /** Initial rules: objects or CLI spec strings. */
  readonly rules?: readonly (FaultRuleInput | string)[];
}

export class FaultController {
  private rules: ActiveRule[] = [];
  private rng: Rng;
  private seed: number;
  private nextId = 1;

  constructor(options: FaultControllerOptions = {}) {
    this.seed = options.seed ?? 1;
    this.rng = new Rng(this.seed);
    for (const r of options.rules ?? []) this.add(r);
  }

  /** Validates and adds a rule (a rule with an existing id replaces it). Throws FaultRuleError. */
  add(input: FaultRuleInput | string): FaultRule {
    const parsed = typeof input === 'string' ? parseFaultSpec(input) : parseFaultRule(input);
    const id = parsed.id ?? `f${this.nextId++}`;
    const rule = { ...parsed, id } as FaultRule;
    const active: ActiveRule = {
      rule,
      method: rule.method === '*' ? null : new Set(rule.method.split(',')),
      path: pathMatcher(rule.path),
      matched: 0,
      fired: 0,
      picked: new Map(),
    };
    const existing = this.rules.findIndex((r) => r.rule.id === id);
    if (existing >= 0) this.rules[existing] = active;
    else this.rules.push(active);
    return rule;
  }

  /** Adds several rules atomically: all are validated before any is added. */
  addAll(inputs: readonly (FaultRuleInput | string)[]): FaultRule[] {
    const issues = [];
    for (const [i, input] of inputs.entries()) {
      try {
        if (typeof input === 'string') parseFaultSpec(input);
        else parseFaultRule(input);
      } catch (error) {
        if (!(error instanceof FaultRuleError)) throw error;
        issues.push(...error.issues.map((issue) => ({ ...issue, path: [String(i), issue.path].filter(Boolean).join('.') })));
      }
    }
    if (issues.length > 0) throw new FaultRuleError(issues);
    return inputs.map((input) => this.add(input));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length < before;
  }

  /** Removes all rules and returns how many there were. */
  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  /** Restarts the probability stream (optionally with a new seed). */
  reseed(seed = this.seed): void {
    this.seed = seed;
    this.rng = new Rng(seed);
  }

  get currentSeed(): number {
    return this.seed;
  }

  list(): FaultRuleState[] {
    return this.rules.map((r) => ({
      rule: r.rule, matched: r.matched, fired: r.fired, exhausted: isExhausted(r),
      ...(r.rule.kind === 'mix' ? { picked: Object.fromEntries(r.picked) } : {}),
    }));
  }

  /**
   * Decides the faults for one request: the sum of all firing latency rules, then the first
   * firing terminal rule in insertion order (later terminal rules do not see the request).
   */
  plan(method: string, path: string): FaultPlan {
    let delayMs = 0;
    let action: TerminalFault | null = null;
    const m = method.toUpperCase();
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.kind !== 'latency' && action !== null) continue;
      if (isExhausted(active)) continue;
      if (active.method !== null && !active.method.has(m)) continue;
      if (!active.path.test(path)) continue;
      active.matched++;
      if (active.matched <= rule.skip) continue;
      if (rule.probability < 1 && this.rng.next() >= rule.probability) continue;
      active.fired++;
      if (rule.kind === 'latency') {
        delayMs += rule.maxMs === undefined ? rule.ms : this.rng.int(rule.ms, rule.maxMs);
      } else if (rule.kind === 'mix') {
        action = this.pick(rule.faults);
        const label = labelOf(action);
        active.picked.set(label, (active.picked.get(label) ?? 0) + 1);
      } else {
        action = rule;
      }
    }
    return { delayMs, action };
  }

  private pick(variants: readonly MixVariant[]): MixVariant {
    const total = variants.reduce((sum, v) => sum + v.weight, 0);
    let draw = this.rng.next() * total;
    for (const v of variants) {
      draw -= v.weight;
      if (draw < 0) return v;
    }
    return variants[variants.length - 1]!;
  }
}

function labelOf(v: MixVariant): string {
  const base = v.kind === 'error' || v.kind === 'fail-after-write' ? `${v.kind} ${v.status}` : v.kind;
  if ('afterWrite' in v && v.afterWrite) return `${base} after write`;
  return 'lateWrite' in v && v.lateWrite ? `${base} late write` : base;
}

function isExhausted(active: ActiveRule): boolean {
  const { rule } = active;
  const limit = rule.kind === 'burst429' ? Math.min(rule.count, rule.times ?? Infinity) : rule.times;
  return limit !== undefined && active.fired >= limit;
}
