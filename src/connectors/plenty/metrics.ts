/**
 * Counts of PlentyONE calls by route and status, retries, logins and throttling waits. The client
 * keeps them in memory (`client.stats()`); a `PlentyMetrics` sink forwards each event (e.g. to the
 * gateway's Prometheus registry).
 */
export interface CallEvent {
  method: string;
  /** Route pattern. */
  route: string;
  /** HTTP status; 0 when there was no answer (timeout, reset). */
  status: number;
  durationMs: number;
}

export interface PlentyMetrics {
  call?(event: CallEvent): void;
  /** A call waited for the throttle. */
  wait?(ms: number): void;
  retry?(event: { method: string; route: string; reason: string }): void;
  login?(): void;
}

export interface CallStats {
  /** Keys `"GET /rest/items/variations 200"`. */
  calls: Record<string, number>;
  /** Keys status codes as strings; "0" = no answer. */
  byStatus: Record<string, number>;
  total: number;
  retries: number;
}

export class CallCounter {
  private readonly calls = new Map<string, number>();
  private readonly statuses = new Map<string, number>();
  private total = 0;
  private retries = 0;

  constructor(private readonly sink?: PlentyMetrics) {}

  call(e: CallEvent): void {
    this.total += 1;
    bump(this.calls, `${e.method} ${e.route} ${e.status}`);
    bump(this.statuses, String(e.status));
    this.sink?.call?.(e);
  }

  retry(method: string, route: string, reason: string): void {
    this.retries += 1;
    this.sink?.retry?.({ method, route, reason });
  }

  snapshot(): CallStats {
    return { calls: Object.fromEntries(this.calls), byStatus: Object.fromEntries(this.statuses), total: this.total, retries: this.retries };
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
