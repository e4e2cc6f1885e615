import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseHandle } from '../../db/client.js';
import type { QueueBackend } from '../../queue/port.js';
import type { InboxStore } from '../inbox/store.js';
import { within } from './bounded.js';
import { registerQueueMetrics } from './queue-metrics.js';

export interface GatewayMetrics {
  /** This gateway's series; /metrics serves them together with the process's (process-metrics.ts). */
  registry: Registry;
  received: Counter<'source' | 'format' | 'outcome'>;
  rejected: Counter<'source' | 'reason'>;
  ingestSeconds: Histogram<'source'>;
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

// A scrape during a database outage answers without the inbox gauges rather than waiting for the pool.
const INBOX_PROBE_TIMEOUT_MS = 1000;

/**
 * The gateway's series (prom-client): webhooks received and rejected (by source, format/reason), ingest
 * latency, inbox lag, jobs by state and whether the queue answers.
 */
export function createGatewayMetrics(sources: MetricSources): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const received = new Counter({
    name: 'plentygate_webhooks_received_total', help: 'Webhooks accepted, by source, format and outcome (accepted, duplicate, ignored).',
    labelNames: ['source', 'format', 'outcome'] as const, registers,
  });
  const rejected = new Counter({
    name: 'plentygate_webhooks_rejected_total', help: 'Webhooks refused, by source and reason.', labelNames: ['source', 'reason'] as const, registers,
  });
  const ingestSeconds = new Histogram({
    name: 'plentygate_webhook_ingest_seconds', help: 'Time from request to answer for stored webhooks.',
    labelNames: ['source'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1], registers,
  });
  const dispatched = new Counter({ name: 'plentygate_inbox_dispatched_total', help: 'Inbox rows handed to the profiles.', registers });
  const dispatchFailed = new Counter({
    name: 'plentygate_inbox_dispatch_failures_total', help: 'Failed attempts to hand inbox rows to the profiles (retried by the sweeper).', registers,
  });

  let lag: Promise<{ pending: number; failed: number; oldestAgeS: number } | undefined> | undefined;
  const inboxLag = () => (lag ??= within(INBOX_PROBE_TIMEOUT_MS, sources.store.lag())
    .catch(() => undefined)
    .finally(() => setTimeout(() => { lag = undefined; }, 0)));
  new Gauge({
    name: 'plentygate_inbox_pending', help: 'Inbox rows not yet dispatched (NaN while the database does not answer).', registers,
    async collect() {
      this.set((await inboxLag())?.pending ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'plentygate_inbox_lag_seconds', help: 'Age of the oldest pending inbox row (NaN while the database does not answer).', registers,
    async collect() {
      this.set((await inboxLag())?.oldestAgeS ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'plentygate_inbox_failed',
    help: 'Inbox rows whose dispatch failed after every attempt: they wait for a person (GET /api/v1/inbox?status=failed, then replay; NaN while the database does not answer).',
    registers,
    async collect() {
      this.set((await inboxLag())?.failed ?? Number.NaN);
    },
  });
  registerQueueMetrics(registry, sources.queue, sources.queueNames);
  return { registry, received, rejected, ingestSeconds, dispatched, dispatchFailed };
}
