/**
 * A token bucket per authenticated sender (a source and the credential it used), in memory: each
 * gateway process limits what it accepts; behind a load balancer the effective limit is the sum.
 * Only authenticated requests take tokens. `perSecond` 0 disables the limit.
 */
export interface RateLimiter {
  /** Takes a token; returns 0 when allowed, else the seconds to wait. */
  take(sender: string): number;
}

export function createRateLimiter(perSecond: number, burst: number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const capacity = Math.max(burst, perSecond, 1);
  return {
    take(sender) {
      if (perSecond <= 0) return 0;
      const now = performance.now();
      let b = buckets.get(sender);
      if (!b) buckets.set(sender, (b = { tokens: capacity, at: now }));
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}
