import type { DatabaseHandle } from '../../db/client.js';
import { jobStates, type QueueBackend } from '../../queue/port.js';
import type { InboxStore } from '../inbox/store.js';
import { CollectedMetric, Counter, Histogram, MetricsRegistry, type GaugeSample } from './metrics-registry.js';

export interface GatewayMetrics {
  registry: MetricsRegistry;
  received: Counter;
  rejected: Counter;
  ingestSeconds: Histogram;
  dispatched: Counter;
  dispatchFailed: Counter;
}

export interface MetricSources {
  db: DatabaseHandle;
  store: InboxStore;
  queue: QueueBackend;
  /** The queues whose jobs are counted by state. */
  queueNames: () => string[] | Promise<string[]>;
}

/**
 * The gateway's series: webhooks received and rejected (by source, format/reason), ingest latency, inbox
 * lag, jobs by state, and run durations by profile. Run durations come from the run history in the
 * database, so they cover runs of every worker process, not only this one's.
 */
export function createGatewayMetrics(sources: MetricSources): GatewayMetrics {
  const registry = new MetricsRegistry();
  const received = registry.register(new Counter('plentygate_webhooks_received_total', 'Webhooks accepted, by source, format and outcome (accepted, duplicate, ignored).'));
  const rejected = registry.register(new Counter('plentygate_webhooks_rejected_total', 'Webhooks refused, by source and reason.'));
  const ingestSeconds = registry.register(new Histogram(
    'plentygate_webhook_ingest_seconds', 'Time from request to answer for stored webhooks.',
    [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
  ));
  const dispatched = registry.register(new Counter('plentygate_inbox_dispatched_total', 'Inbox rows handed to the profiles.'));
  const dispatchFailed = registry.register(new Counter('plentygate_inbox_dispatch_failures_total', 'Failed attempts to hand inbox rows to the profiles (retried by the sweeper).'));

  registry.register(new CollectedMetric('plentygate_inbox_pending', 'Inbox rows not yet dispatched.', 'gauge', async () => {
    const lag = await sources.store.lag();
    return [{ value: lag.pending }];
  }));
  registry.register(new CollectedMetric('plentygate_inbox_lag_seconds', 'Age of the oldest pending inbox row.', 'gauge', async () => {
    const lag = await sources.store.lag();
    return [{ value: lag.oldestAgeS }];
  }));
  registry.register(new CollectedMetric('plentygate_jobs', 'Jobs by queue and state.', 'gauge', async () => {
    const samples: GaugeSample[] = [];
    for (const name of await sources.queueNames()) {
      const counts = await sources.queue.queue(name).counts();
      for (const state of jobStates) samples.push({ labels: { queue: name, state }, value: counts[state] ?? 0 });
    }
    return samples;
  }));
  const runs = async () => sources.db.query<{ type_id: string; n: unknown; total: unknown }>(
    `select p.type_id, count(r.id) as n, coalesce(sum(extract(epoch from r.finished_at - r.started_at)), 0) as total
     from profile_runs r join profiles p on p.id = r.profile_id
     where r.finished_at is not null group by p.type_id`,
  );
  registry.register(new CollectedMetric('plentygate_profile_run_duration_seconds_sum', 'Total duration of finished runs, by profile.', 'counter', async () =>
    (await runs()).map((r) => ({ labels: { profile: r.type_id }, value: Number(r.total) }))));
  registry.register(new CollectedMetric('plentygate_profile_run_duration_seconds_count', 'Finished runs, by profile.', 'counter', async () =>
    (await runs()).map((r) => ({ labels: { profile: r.type_id }, value: Number(r.n) }))));
  return { registry, received, rejected, ingestSeconds, dispatched, dispatchFailed };
}
