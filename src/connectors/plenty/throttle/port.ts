/**
 * The throttle's storage port: where the budget of a PlentyONE system is kept, in-process or shared by
 * every worker through Redis. Both adapters implement the same rules (see memory-store.ts, which is
 * the readable reference; redis-store.ts runs the same steps atomically in Lua):
 *
 * acquire — for each slot of the call:
 *  - a 429 blocked it (`blockedUntil` in the future): wait for that;
 *  - its known window has passed (`resetAt` ≤ now): forget `callsLeft` (the next answer tells it);
 *  - nothing known: let one probe call through at a time, the others poll until it answers;
 *  - otherwise `callsLeft − in flight − reserve` must leave room for the call, else wait until `resetAt`.
 *  All slots fit → the permit is counted in flight (with an expiry, so a crashed worker's calls do
 *  not hold the budget forever) and the call may go.
 *
 * settle — the answer's headers update each slot: a new window (nothing known, or the known window
 *  has passed) takes the answer's values if the call was sent after the last window's estimated reset
 *  (an earlier call's late answer may come from the old window and report more calls left than the new
 *  one has after the calls made since; it is dropped, and the next call probes); within the same window
 *  calls left only go down and the reset time only moves earlier, because answers arrive out of order
 *  and `Decay` is rounded up to seconds (so every estimate is at or after the true reset; the earliest
 *  is the best). A 429 blocks the call's slots for `Retry-After`. The permit leaves the in-flight count.
 */
import type { BudgetObservation } from './budget.js';

export interface AcquireRequest {
  slots: string[];
  permitId: string;
  /** How long the permit counts as in flight at most (the call's timeout plus a margin). */
  ttlMs: number;
  /** Calls kept back in every window. */
  reserve: number;
  /** Poll interval while a probe call is out (the answer to wait for has no known time). */
  probeWaitMs: number;
}

export interface SettleRequest {
  slots: string[];
  permitId: string;
  observations: BudgetObservation[];
  /** Set on a 429: block the call's slots this long. */
  blockMs?: number;
}

export interface BudgetSlotState {
  limit?: number;
  callsLeft?: number;
  /** Epoch ms. */
  resetAt?: number;
  blockedUntil?: number;
  inFlight: number;
}

export interface BudgetStore {
  /** 0 when the permit was taken, else milliseconds to wait before asking again. */
  tryAcquire(req: AcquireRequest): Promise<number>;
  settle(req: SettleRequest): Promise<void>;
  /** The state of one slot (tests and diagnostics). */
  inspect(slot: string): Promise<BudgetSlotState>;
}
