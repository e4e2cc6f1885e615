/**
 * One full stock import in a process of its own (started by run.ts once for the initial import and
 * once for the reconciliation), so its peak RSS is that run's alone: not the sandboxes', not an
 * earlier run's, not another catalog size's. Reads BENCH_TARGET (see database.ts), prints
 * `RESULT {json}` with the run's outcome, its seconds, the RSS before it started and the process's
 * peak RSS (the kernel's high-water mark, not a sample), then exits.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { pino } from 'pino';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase } from '../../src/db/client.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun, type RunResult } from '../../src/profiles/runner.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';
import type { BenchTarget } from './database.js';
import { sampleMemory, type MemoryAtPeak } from './memory.js';

export interface PhaseResult {
  run: RunResult;
  seconds: number;
  /** RSS with the code loaded and the database connected, just before the run. */
  rssBeforeBytes: number;
  /** Highest RSS the process ever had. */
  peakRssBytes: number;
  /** CPU time (user + system) this process spent on the run: what the shared machine's load does not inflate. */
  cpuSeconds: number;
  /** The parts of the highest RSS sampled (memory.ts). */
  atPeak: MemoryAtPeak;
  /** PlentyONE calls of the run that waited for the client's call budget, and how long in total. */
  throttle: { waits: number; waitedMs: number };
  /** Garbage collections during the run: young generation (scavenges) and full (mark-compact), count and ms. */
  gc: { minor: { count: number; ms: number }; major: { count: number; ms: number } };
}

/** BENCH_RAW: the raw paging's outcome (rows read) instead of a run's, with the same figures. */
export type RawResult = Omit<PhaseResult, 'run'> & { rows: number };

const target = JSON.parse(process.env.BENCH_TARGET ?? '') as BenchTarget;
const db = await openDatabase({ url: target.url, dataDir: target.dataDir });
const box = new SecretBox(Buffer.from(target.secretKey, 'hex'));
const credentials = createCredentialStore(db.db, box);
const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `bench:${randomUUID()}:` });
const deps = { db: db.db, registry: new ProfileRegistry([stockImportType]), log: pino({ level: 'silent' }), services: { connectors } };

await db.query('select 1'); // connected before "at start" is taken
// BENCH_ALLOC_PROFILE=<dir>: a sampling profile of everything the run allocates, garbage collected or
// not (what the young-generation collections are made of), as <dir>/<run|raw>-<pid>.heapprofile for DevTools.
const allocDir = process.env.BENCH_ALLOC_PROFILE;
const allocSession = allocDir ? new Session() : undefined;
if (allocSession) {
  allocSession.connect();
  await allocSession.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
}
const rssBeforeBytes = process.memoryUsage().rss;
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const memory = sampleMemory();
const gc = { minor: { count: 0, ms: 0 }, major: { count: 0, ms: 0 } };
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MINOR ? gc.minor : gc.major;
    kind.count++;
    kind.ms += entry.duration;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
const plenty = await connectors.plenty('plenty');
// BENCH_TIMELINE=<seconds>: every so often, the PlentyONE calls, throttle waits and CPU so far (stderr).
const timeline = Number(process.env.BENCH_TIMELINE ?? 0) > 0
  ? setInterval(() => {
    const s = plenty.stats();
    const c = process.cpuUsage(cpuBefore);
    const at = Number(process.hrtime.bigint() - started) / 1e9;
    process.stderr.write(`  ${at.toFixed(0)} s: PlentyONE calls ${s.total}, throttle waits ${s.throttle.waits} (${s.throttle.waitedMs} ms), CPU ${((c.user + c.system) / 1e6).toFixed(1)} s\n`);
  }, Number(process.env.BENCH_TIMELINE) * 1000).unref()
  : undefined;
// BENCH_RAW=<warehouse ids>: the baseline instead of the run, the same stock pages read with the bare
// client in this same kind of process (same node flags), so the two are compared evenly.
const raw = process.env.BENCH_RAW?.split(',').map(Number);
if (raw) await plenty.me(); // logged in (or the stored token read) before the clock starts
const rawStarted = process.hrtime.bigint();
const rawCpu = process.cpuUsage();
let rows = 0;
const run = raw
  ? await Promise.all(raw.map(async (warehouseId) => {
    for await (const page of plenty.stock({ warehouseId }).pages()) rows += page.entries.length;
  })).then(() => undefined)
  : await executeRun(deps, { profileId: target.profileId, trigger: 'manual', input: { mode: 'full' } });
clearInterval(timeline);
if (allocSession) {
  const { profile } = await allocSession.post('HeapProfiler.stopSampling');
  writeFileSync(`${allocDir}/${process.env.BENCH_RAW ? 'raw' : 'run'}-${process.pid}.heapprofile`, JSON.stringify(profile));
  allocSession.disconnect();
}
gcObserver.disconnect();
const atPeak = memory.stop();
const { waits, waitedMs } = plenty.stats().throttle;
const seconds = Number(process.hrtime.bigint() - (raw ? rawStarted : started)) / 1e9;
const cpu = process.cpuUsage(raw ? rawCpu : cpuBefore);
const result: PhaseResult | RawResult = {
  ...(run ? { run } : { rows }), seconds, rssBeforeBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6, atPeak, throttle: { waits, waitedMs },
  gc: { minor: { count: gc.minor.count, ms: Math.round(gc.minor.ms) }, major: { count: gc.major.count, ms: Math.round(gc.major.ms) } },
};

await connectors.close();
await db.close();
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
