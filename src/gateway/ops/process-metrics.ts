import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Alerts } from '../../alerts/alerts.js';

/**
 * The series of this process, whatever it runs: Node's default process metrics (CPU, memory, event
 * loop lag, handles, GC) and the profile runs this process's workers finished. Every `serve` and
 * `worker` exposes them; Prometheus adds the processes up.
 */
export interface ProcessMetrics {
  registry: Registry;
  runDurationSeconds: Histogram<'profile' | 'status'>;
  runRecords: Counter<'profile' | 'outcome'>;
  runsFailed: Counter<'profile'>;
  /** Called by the profile worker when a run ends (also a paused one). */
  observeRun(typeId: string, result: { status: string; created: number; updated: number; skipped: number; failed: number }, durationMs: number): void;
}

let shared: ProcessMetrics | undefined;

/** One per process: default metrics must be registered once, and every gateway and worker of it shares them. */
export function processMetrics(): ProcessMetrics {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'plentygate_' });
  const runDurationSeconds = new Histogram({
    name: 'plentygate_profile_run_duration_seconds',
    help: 'Duration of profile runs (one attempt each) finished by this process, by profile type and final status.',
    labelNames: ['profile', 'status'] as const,
    // From one-record event runs (milliseconds) to full reconciliations (an hour and more).
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14_400],
    registers: [registry],
  });
  const runRecords = new Counter({
    name: 'plentygate_profile_records_total',
    help: 'Records handled by runs of this process, by profile type and outcome (created, updated, skipped, failed).',
    labelNames: ['profile', 'outcome'] as const,
    registers: [registry],
  });
  const runsFailed = new Counter({
    name: 'plentygate_profile_runs_failed_total',
    help: 'Run attempts of this process that ended failed (each is retried by the queue until its attempts are used up), by profile type.',
    labelNames: ['profile'] as const,
    registers: [registry],
  });
  shared = {
    registry, runDurationSeconds, runRecords, runsFailed,
    observeRun(typeId, result, durationMs) {
      runDurationSeconds.observe({ profile: typeId, status: result.status }, durationMs / 1000);
      for (const outcome of ['created', 'updated', 'skipped', 'failed'] as const) {
        if (result[outcome] > 0) runRecords.inc({ profile: typeId, outcome }, result[outcome]);
      }
    },
  };
  return shared;
}

/** The alerts a worker reports to, counting each failed run in `plentygate_profile_runs_failed_total` on the way. */
export function countingFailedRuns(alerts: Alerts): Alerts {
  return {
    ...alerts,
    runFailed(event) {
      processMetrics().runsFailed.inc({ profile: event.typeId });
      return alerts.runFailed(event);
    },
  };
}
