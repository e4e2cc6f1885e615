/**
 * Paces PlentyONE calls from the budget the answers report, so the API does not have to refuse them:
 * before a call it waits (on the shared budget store) until every budget the call draws on has room;
 * after the answer it records the headers. A 429 blocks the call's budgets for `Retry-After`.
 * Counts waits, so a run can tell how much throttling cost it.
 */
import { randomUUID } from 'node:crypto';
import type { BudgetObservation, ThrottleCall } from './budget.js';
import { slotsOf } from './budget.js';
import { createMemoryBudgetStore } from './memory-store.js';
import type { BudgetStore } from './port.js';

export interface ThrottleOptions {
  /** Calls kept back in every window (for the merchant's own use of the API); default 0. */
  reserve?: number;
  /** Poll interval while the first call of a window is out; default 25 ms. */
  probeWaitMs?: number;
  /** Longest single sleep before asking the store again (another worker may free budget); default 1 s. */
  maxSleepMs?: number;
}

export interface ThrottleStats {
  /** Calls that had to wait before going out. */
  waits: number;
  /** Total milliseconds spent waiting. */
  waitedMs: number;
  /** 429 answers seen. */
  throttled: number;
}

export interface Permit {
  readonly id: string;
  readonly slots: string[];
  readonly call: ThrottleCall;
  /** How long acquire() waited for this permit. */
  waitedMs: number;
}

export class PlentyThrottle {
  private readonly counters: ThrottleStats = { waits: 0, waitedMs: 0, throttled: 0 };
  private readonly reserve: number;
  private readonly probeWaitMs: number;
  private readonly maxSleepMs: number;

  constructor(
    readonly store: BudgetStore = createMemoryBudgetStore(),
    options: ThrottleOptions = {},
  ) {
    this.reserve = options.reserve ?? 0;
    this.probeWaitMs = options.probeWaitMs ?? 25;
    this.maxSleepMs = options.maxSleepMs ?? 1000;
  }

  /** Waits until the call fits the budget; `ttlMs` bounds how long it may count as in flight. */
  async acquire(call: ThrottleCall, ttlMs: number, signal?: AbortSignal): Promise<Permit> {
    const s = slotsOf(call);
    const permit: Permit = { id: randomUUID(), slots: [s.long, s.short, s.route], call, waitedMs: 0 };
    let started: number | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const wait = await this.store.tryAcquire({ slots: permit.slots, permitId: permit.id, ttlMs, reserve: this.reserve, probeWaitMs: this.probeWaitMs });
      if (wait <= 0) break;
      started ??= performance.now();
      await sleep(Math.min(wait, this.maxSleepMs), signal);
    }
    if (started !== undefined) {
      permit.waitedMs = Math.round(performance.now() - started);
      this.counters.waits += 1;
      this.counters.waitedMs += permit.waitedMs;
    }
    return permit;
  }

  /** Records an answer's budget headers (none for a call that got no answer); `retryAfterMs` on a 429. */
  async settle(permit: Permit, observations: BudgetObservation[], retryAfterMs?: number): Promise<void> {
    if (retryAfterMs !== undefined) this.counters.throttled += 1;
    await this.store.settle({ slots: permit.slots, permitId: permit.id, observations, blockMs: retryAfterMs });
  }

  stats(): ThrottleStats {
    return { ...this.counters };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
