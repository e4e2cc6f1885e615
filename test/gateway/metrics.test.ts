import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createAlerts } from '../../src/alerts/alerts.js';
import { loadAlertSettings } from '../../src/alerts/settings.js';
import { createInboxStore } from '../../src/gateway/inbox/store.js';
import { countingFailedRuns, processMetrics } from '../../src/gateway/ops/process-metrics.js';
import { serveWorkerOps, workerMetricsPort } from '../../src/gateway/ops/worker-ops.js';
import { ConfigError } from '../../src/config.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { startHarness, type Harness } from './support/harness.js';
import { startTcpProxy } from './support/tcp-proxy.js';

/**
 * What `promtool check metrics` checks that matters here: every family has one TYPE, counters end in
 * `_total`, no sample name belongs to two families (the old `_sum`/`_count` counters did), histogram
 * buckets are cumulative and end at +Inf = _count. Returns the problems found.
 */
function lint(text: string): string[] {
  const problems: string[] = [];
  const types = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (types.has(m[1]!)) problems.push(`${m[1]} has two TYPE lines`);
    types.set(m[1]!, m[2]!);
    if (m[2] === 'counter' && !m[1]!.endsWith('_total')) problems.push(`counter ${m[1]} does not end in _total`);
  }
  const familyOf = (sample: string) => {
    for (const suffix of ['', '_bucket', '_sum', '_count']) {
      const base = suffix ? sample.slice(0, -suffix.length) : sample;
      if (sample.endsWith(suffix) && types.has(base) && (suffix === '' || types.get(base) === 'histogram' || types.get(base) === 'summary')) return base;
    }
    return undefined;
  };
  const buckets = new Map<string, number[]>();
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) {
      problems.push(`unparsable line: ${line}`);
      continue;
    }
    const family = familyOf(m[1]!);
    if (!family) problems.push(`sample ${m[1]} belongs to no TYPE`);
    else if (types.has(m[1]!) && family !== m[1]) problems.push(`sample ${m[1]} is claimed by two families`);
    if (m[1]!.endsWith('_bucket')) {
      const series = `${m[1]}${(m[2] ?? '').replace(/,?le="[^"]*"/, '')}`;
      buckets.set(series, [...(buckets.get(series) ?? []), Number(m[3])]);
    }
  }
  for (const [series, counts] of buckets) {
    if (counts.some((c, i) => i > 0 && c < counts[i - 1]!)) problems.push(`${series} buckets are not cumulative`);
  }
  return problems;
}

async function scrape(url: string): Promise<string> {
  // Generous: the point is that it answers rather than hangs (it used to take 20 s during an outage).
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe(`/metrics (prom-client) on ${engine}`, () => {
  let db: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    db = await createTestDatabase();
    h = await startHarness({ db, env: { MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p' } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await db?.destroy();
  });

  it('passes the exposition checks, with run durations as a histogram and the default process metrics', async () => {
    // The process's series are process-wide: runs of suites that ran before in this test process count too.
    processMetrics().registry.resetMetrics();
    await h.post('/webhooks/magento', { event: 'newsletter_subscribed', id: 5 }, { authorization: `Basic ${Buffer.from('m:p').toString('base64')}` });
    processMetrics().observeRun('plenty_order_export', { status: 'completed', created: 2, updated: 1, skipped: 0, failed: 0 }, 420);
    processMetrics().observeRun('plenty_order_export', { status: 'partial', created: 0, updated: 0, skipped: 0, failed: 3 }, 7_000);
    const text = await scrape(h.url);
    expect(lint(text)).toEqual([]);
    expect(text).toContain('# TYPE plentygate_profile_run_duration_seconds histogram');
    expect(text).not.toContain('# TYPE plentygate_profile_run_duration_seconds_sum');
    expect(text).toContain('plentygate_profile_run_duration_seconds_bucket{le="0.5",profile="plenty_order_export",status="completed"} 1');
    expect(text).toContain('plentygate_profile_run_duration_seconds_bucket{le="5",profile="plenty_order_export",status="partial"} 0');
    expect(text).toContain('plentygate_profile_run_duration_seconds_count{profile="plenty_order_export",status="partial"} 1');
    expect(text).toContain('plentygate_profile_records_total{profile="plenty_order_export",outcome="failed"} 3');
    expect(text).toMatch(/^plentygate_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^plentygate_process_resident_memory_bytes \d/m);
    expect(text).toContain('# TYPE plentygate_nodejs_eventloop_lag_seconds gauge');
    expect(text).toMatch(/plentygate_webhooks_received_total\{source="magento",format="extension",outcome="ignored"\} 1/);
    expect(text).toMatch(/^plentygate_queue_up 1$/m);
    expect(text).toMatch(/^plentygate_jobs\{queue="profiles",state="dead"\} 0$/m);
    expect(text).toMatch(/^plentygate_inbox_pending \d+$/m);
  });

  it('counts inbox rows whose dispatch failed for good, which wait for a person', async () => {
    const db = await createTestDatabase();
    // No relay: the rows stay as this test leaves them.
    const h = await startHarness({ db, relay: false });
    try {
      const store = createInboxStore(db);
      const event = { source: 'magento' as const, entity: 'order', kind: 'saved', keys: ['1'] };
      const ids: number[] = [];
      for (const key of ['a', 'b', 'c']) {
        ids.push((await store.insert({ source: 'magento', format: 'standard-webhooks', dedupeKey: key, headers: {}, body: '{}', event }))!);
      }
      expect(await scrape(h.url)).toMatch(/^plentygate_inbox_failed 0$/m);
      // Two rows fail their last allowed dispatch while the queue answers; the third only a first one.
      for (const id of ids.slice(0, 2)) expect(await store.markFailed(id, 'no such queue', { limit: 1, backoffMs: 1000 })).toBe('failed');
      expect(await store.markFailed(ids[2]!, 'no such queue', { limit: 6, backoffMs: 1000 })).toBe('pending');
      const text = await scrape(h.url);
      expect(text).toMatch(/^plentygate_inbox_failed 2$/m);
      expect(text).toMatch(/^plentygate_inbox_pending 1$/m);
      expect(lint(text)).toEqual([]);
    } finally {
      await h.close();
      await db.destroy();
    }
  });

  it('counts failed runs as the worker reports them to the alerts', async () => {
    processMetrics().registry.resetMetrics();
    const alerts = countingFailedRuns(createAlerts({ db, settings: loadAlertSettings({}), log: pino({ level: 'silent' }) }));
    await alerts.runFailed({ profileId: 1, typeId: 'plenty_stock_import', runId: 7, error: 'Magento answered 503' });
    await alerts.runFailed({ profileId: 1, typeId: 'plenty_stock_import', runId: 7, error: 'Magento answered 503' });
    const text = await scrape(h.url);
    expect(text).toContain('plentygate_profile_runs_failed_total{profile="plenty_stock_import"} 2');
    expect((await alerts.store.list()).map((a) => [a.kind, a.repeats])).toEqual([['run-failed', 1]]);
  });

  it('a worker process serves its own /metrics, /healthz and /readyz on PLENTYGATE_WORKER_METRICS_PORT', async () => {
    expect(workerMetricsPort({})).toBeUndefined();
    expect(workerMetricsPort({ PLENTYGATE_WORKER_METRICS_PORT: '9464' })).toBe(9464);
    expect(() => workerMetricsPort({ PLENTYGATE_WORKER_METRICS_PORT: 'metrics' })).toThrow(ConfigError);
    const ops = await serveWorkerOps({ db, queue: h.queue, queueNames: [PROFILE_QUEUE], port: 0, hostname: '127.0.0.1' });
    try {
      processMetrics().observeRun('plenty_stock_import', { status: 'completed', created: 0, updated: 1, skipped: 0, failed: 0 }, 90);
      const text = await scrape(ops.url);
      expect(lint(text)).toEqual([]);
      expect(text).toMatch(/^plentygate_queue_up 1$/m);
      expect(text).toContain('plentygate_profile_run_duration_seconds_bucket');
      expect(text).toMatch(/^plentygate_process_start_time_seconds \d+/m);
      expect(text).not.toContain('plentygate_webhooks_received_total');
      expect((await fetch(`${ops.url}/readyz`)).status).toBe(200);
    } finally {
      await ops.close();
    }
  });
});

describe.skipIf(!process.env.REDIS_URL)('/metrics during a Redis outage', () => {
  it('answers at once with plentygate_queue_up 0 and no job counts, and recovers', async () => {
    const target = new URL(redisUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const keys = testRedisPrefix();
    const db = await createTestDatabase();
    const proxied = new URL(redisUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const h = await startHarness({ db, redis: { url: proxied.toString(), prefix: keys.prefix }, relay: false });
    try {
      expect(await scrape(h.url)).toMatch(/^plentygate_queue_up 1$/m);
      proxy.blackhole();
      const during = await scrape(h.url);
      expect(during).toMatch(/^plentygate_queue_up 0$/m);
      expect(during).not.toMatch(/^plentygate_jobs\{/m);
      // The rest is still there: the outage hides only what it must.
      expect(during).toMatch(/^plentygate_inbox_pending 0$/m);
      expect(during).toMatch(/^plentygate_process_cpu_user_seconds_total /m);
      expect(lint(during)).toEqual([]);
      proxy.restore();
      let after = '';
      for (let i = 0; i < 50 && !/^plentygate_queue_up 1$/m.test(after); i++) after = await scrape(h.url);
      expect(after).toMatch(/^plentygate_jobs\{queue="profiles",state="waiting"\} \d+$/m);
    } finally {
      proxy.restore();
      await h.close();
      await proxy.close();
      await db.destroy();
      await keys.cleanup();
    }
  }, 60_000);
});
