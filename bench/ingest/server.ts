/**
 * The server side of the ingest benchmark, in its own process. BENCH_MODE=gateway serves the real
 * gateway (verification, inbox insert, relay to the profile service) on PostgreSQL + Redis;
 * BENCH_MODE=bare serves a bare Hono handler doing the same single-row insert, the baseline.
 * Prints `READY <url>`; on SIGTERM closes and exits.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { openDatabase } from '../../src/db/client.js';
import { createGateway } from '../../src/gateway/index.js';
import { serveGateway } from '../../src/gateway/serve.js';
import { loadGatewaySettings } from '../../src/gateway/settings.js';
import { createLogger } from '../../src/logger.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { createProfileService } from '../../src/profiles/service.js';
import { createQueueBackend } from '../../src/queue/index.js';

const env = process.env;
const db = await openDatabase({ url: env.DATABASE_URL, max: Number(env.BENCH_POOL ?? 10) });
let close: () => Promise<void>;

if (env.BENCH_MODE === 'bare') {
  const app = new Hono();
  app.post('/webhooks/magento', async (c) => {
    const body = await c.req.text();
    await db.query(
      `insert into bench_bare_inbox (source, format, dedupe_key, headers, body, event, status)
       values ($1, $2, $3, $4, $5, $6, 'pending')`,
      ['magento', 'bare', c.req.header('webhook-id') ?? '', '{}', body, null],
    );
    return c.json({ status: 'accepted' });
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  close = () => new Promise((resolve) => server.close(() => resolve()));
} else {
  const queue = await createQueueBackend({ redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX, db });
  const registry = await builtinRegistry();
  const profiles = createProfileService({ db: db.db, registry, queue });
  const logger = createLogger(env.LOG_LEVEL ?? 'info');
  const gateway = createGateway({ db, queue, settings: loadGatewaySettings(env), logger, services: { profiles } });
  // BENCH_RELAY=off measures ingestion alone (rows stay pending), to see what dispatching costs.
  const served = await serveGateway(gateway, { relay: env.BENCH_RELAY !== 'off' });
  process.stdout.write(`READY ${served.url}\n`);
  close = async () => {
    await served.close(5000);
    await queue.close();
  };
}

// Garbage collection pauses of the main thread so far (V8's performance entries): young-generation
// (scavenge) and full (mark-compact) collections counted apart, their summed and longest pause in µs.
const gc = { minor: 0, major: 0, pauseUs: 0, longestUs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
    else gc.minor++;
    const us = Math.round(entry.duration * 1000);
    gc.pauseUs += us;
    // The longest since the last report: the measured window's, as the report before it starts that window.
    gc.longestUs = Math.max(gc.longestUs, us);
  }
}).observe({ entryTypes: ['gc'] });

// The benchmark asks for this process's CPU time (all threads) and its collections before and after the
// measured requests; with BENCH_CPU_PROF=<folder> the V8 CPU profile of that window is written there, with
// BENCH_ALLOC_PROF=<folder> a sampling allocation profile of it, collected objects included (what the
// young collections are made of), or with BENCH_ALLOC_SURVIVORS=1 only those that outlived young
// collections (start-up left out).
const profiles = [
  { dir: env.BENCH_CPU_PROF, ext: 'cpuprofile', enable: 'Profiler.enable', start: 'Profiler.start', params: {}, stop: 'Profiler.stop' },
  {
    dir: env.BENCH_ALLOC_PROF, ext: 'heapprofile', enable: 'HeapProfiler.enable', start: 'HeapProfiler.startSampling', stop: 'HeapProfiler.stopSampling',
    params: { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: env.BENCH_ALLOC_SURVIVORS !== '1' },
  },
].filter((p): p is typeof p & { dir: string } => Boolean(p.dir));
const profiler = profiles.length > 0 ? new Session() : undefined;
profiler?.connect();
let profiling = false;
process.on('SIGUSR2', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`CPU ${user + system} ${system} ${gc.minor} ${gc.major} ${gc.pauseUs} ${gc.longestUs}\n`);
  gc.longestUs = 0;
  if (!profiler) return;
  for (const p of profiles) {
    if (!profiling) {
      profiler.post(p.enable, () => profiler.post(p.start, p.params));
      continue;
    }
    profiler.post(p.stop, (error, result: { profile?: unknown }) => {
      if (error) throw error;
      mkdirSync(p.dir, { recursive: true });
      writeFileSync(join(p.dir, `${env.BENCH_MODE}-${process.pid}.${p.ext}`), JSON.stringify(result.profile));
    });
  }
  profiling = !profiling;
});

process.on('SIGTERM', async () => {
  await close();
  await db.close();
  process.exit(0);
});
