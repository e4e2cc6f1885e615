/** The in-process budget store: one process, no Redis (the embedded runtime, tests). */
import type { AcquireRequest, BudgetSlotState, BudgetStore, SettleRequest } from './port.js';

interface Slot {
  limit?: number;
  callsLeft?: number;
  resetAt?: number;
  blockedUntil?: number;
  /** When the last known window was forgotten (its estimated reset): answers to calls sent before may be from it. */
  since: number;
  /** permit id → when it was taken and when it expires (epoch ms). */
  inFlight: Map<string, { at: number; expiry: number }>;
}

export function createMemoryBudgetStore(now: () => number = Date.now): BudgetStore {
  const slots = new Map<string, Slot>();
  const slotOf = (key: string): Slot => {
    let s = slots.get(key);
    if (!s) slots.set(key, (s = { since: 0, inFlight: new Map() }));
    return s;
  };
  const liveInFlight = (s: Slot, t: number): number => {
    for (const [id, p] of s.inFlight) if (p.expiry <= t) s.inFlight.delete(id);
    return s.inFlight.size;
  };
  const forgetPassed = (s: Slot, t: number): void => {
    if (s.resetAt === undefined || s.resetAt > t) return;
    s.since = s.resetAt;
    s.callsLeft = undefined;
    s.resetAt = undefined;
  };

  return {
    async tryAcquire(req: AcquireRequest): Promise<number> {
      const t = now();
      let wait = 0;
      for (const key of req.slots) {
        const s = slotOf(key);
        const inFlight = liveInFlight(s, t);
        if (s.blockedUntil !== undefined && s.blockedUntil > t) wait = Math.max(wait, s.blockedUntil - t);
        forgetPassed(s, t);
        if (s.callsLeft === undefined) {
          if (inFlight > 0) wait = Math.max(wait, req.probeWaitMs);
        } else if (s.callsLeft - inFlight - req.reserve < 1) {
          wait = Math.max(wait, s.resetAt !== undefined ? s.resetAt - t : req.probeWaitMs);
        }
      }
      if (wait > 0) return wait;
      for (const key of req.slots) slotOf(key).inFlight.set(req.permitId, { at: t, expiry: t + req.ttlMs });
      return 0;
    },

    async settle(req: SettleRequest): Promise<void> {
      const t = now();
      // A permit unknown here (expired, or never taken) counts as sent before any reset.
      const sentAt = req.slots.map((key) => slotOf(key).inFlight.get(req.permitId)?.at).find((at) => at !== undefined) ?? 0;
      for (const key of req.slots) {
        const s = slotOf(key);
        s.inFlight.delete(req.permitId);
        if (req.blockMs !== undefined && req.blockMs > 0) s.blockedUntil = Math.max(s.blockedUntil ?? 0, t + req.blockMs);
      }
      for (const o of req.observations) {
        const s = slotOf(o.slot);
        const resetAt = t + o.resetInMs;
        s.limit = o.limit;
        forgetPassed(s, t);
        if (s.callsLeft === undefined || s.resetAt === undefined) {
          // Only a call sent after the last reset reports the new window: an earlier one's answer may be
          // from the old window, with more calls left than the new one has after the calls made since.
          if (sentAt >= s.since) {
            s.callsLeft = o.callsLeft;
            s.resetAt = resetAt;
          }
        } else {
          s.callsLeft = Math.min(s.callsLeft, o.callsLeft);
          s.resetAt = Math.min(s.resetAt, resetAt);
        }
      }
    },

    async inspect(key: string): Promise<BudgetSlotState> {
      const s = slotOf(key);
      return { limit: s.limit, callsLeft: s.callsLeft, resetAt: s.resetAt, blockedUntil: s.blockedUntil, inFlight: liveInFlight(s, now()) };
    },
  };
}
