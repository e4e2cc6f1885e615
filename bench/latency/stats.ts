/** Nearest-rank percentiles of millisecond samples (0 for no samples). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Summary { n: number; p50: number; p95: number; p99: number; max: number }

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : 0,
  };
}
