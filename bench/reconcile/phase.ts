/**
 * A plentygate process of the reconciliation benchmark, driven by commands like the long-lived
 * `serve`/`worker` process a reconciliation runs in: it opens the database and the connectors once
 * (BENCH_TARGET, see database.ts), then reads lines from stdin, each a command:
 *   run                   one full stock import of the profile (the initial import, or a reconciliation)
 *   raw <warehouse ids>   the baseline: the same stock pages read with the bare PlentyONE client, e.g. `raw 1,2`
 * and prints one `RESULT {json}` line per command with the figures of that command alone (its seconds,
 * CPU, garbage collections, throttle waits, memory sample and the RSS before it), beside the process's
 * peak RSS so far. When stdin ends it closes the connectors and the database and exits. run.ts starts one
 * such process for the initial import (so its peak RSS is the import's alone) and one for the raw pagings
 * and reconciliations of a catalog size (a session: a process that has run the profile before, as serve).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase } from '../../src/db/client.js';
import { sharedAbort } from '../../src/runtime/shared-abort.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun, type RunResult } from '../../src/profiles/runner.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';
import { deleteRedisKeys } from '../../test/support/redis.js';
import type { BenchTarget } from './database.js';
import { sampleMemory, type MemoryAtPeak } from './memory.js';

export interface PhaseResult {
  run: RunResult;
  seconds: number;
  /** RSS just before the command (code loaded, database connected, and whatever earlier commands left). */
  rssBeforeBytes: number;
  /** Highest RSS the process ever had, this command and all before it in the same process (the kernel's high-water mark, not a sample). */
  peakRssBytes: number;
  /** CPU time (user + system) this process spent on the command: what the shared machine's load does not inflate. */
  cpuSeconds: number;
  /** The parts of the highest RSS sampled during the command (memory.ts). */
  atPeak: MemoryAtPeak;
  /** PlentyONE calls of the command that waited for the client's call budget, and how long in total. */
  throttle: { waits: number; waitedMs: number };
  /** PlentyONE reads (GET) of the command that the API counted against its budget (answered, not 429), and its 429 answers. */
  budget: { reads: number; refused: number };
  /** Garbage collections during the command: young generation (scavenges) and full (mark-compact), count and ms. */
  gc: { minor: { count: number; ms: number }; major: { count: number; ms: number } };
}

/** `raw`: the raw paging's outcome (rows read) instead of a run's, with the same figures. */
export type RawResult = Omit<PhaseResult, 'run'> & { rows: number };

const target = JSON.parse(process.env.BENCH_TARGET ?? '') as BenchTarget;
const db = await openDatabase({ url: target.url, dataDir: target.dataDir });
const box = new SecretBox(Buffer.from(target.secretKey, 'hex'));
const credentials = createCredentialStore(db.db, box);
// Under a binding plan (BENCH_PLAN) the call budget is what is measured: kept in Redis when there is one,
// as a deployment on PostgreSQL + Redis keeps it; otherwise (it never binds) in this process, as before.
const redisUrl = process.env.BENCH_PLAN ? process.env.REDIS_URL : undefined;
const prefix = `bench:${randomUUID()}:`;
const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix, redisUrl });
const deps = { db: db.db, registry: new ProfileRegistry([stockImportType]), log: pino({ level: 'silent' }), services: { connectors } };

await db.query('select 1'); // connected before the first command's "at start" is taken
const plenty = await connectors.plenty('plenty'); // the client every run of this process uses (connectors cache it)
// BENCH_ALLOC_PROFILE=<dir>: a sampling profile of everything a command allocates, garbage collected or
// not (what the young-generation collections are made of), as <dir>/<run|raw>-<pid>-<command number>.heapprofile for DevTools.
const allocDir = process.env.BENCH_ALLOC_PROFILE;
const allocSession = allocDir ? new Session() : undefined;
allocSession?.connect();
// BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of each command alone (run.ts --cpu-prof profiles the whole
// process), as <dir>/<run|raw>-<pid>-<command number>.cpuprofile for DevTools or bench/latency/profile-summary.ts.
const cpuDir = process.env.BENCH_CPU_PROFILE;
// Made here, as --cpu-prof makes its directory: a profile at the end of a long run must not fail on it.
for (const dir of [allocDir, cpuDir]) if (dir) mkdirSync(dir, { recursive: true });
const cpuSession = cpuDir ? new Session() : undefined;
cpuSession?.connect();
await cpuSession?.post('Profiler.enable');
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const cpu = process.cpuUsage(since);
  return (cpu.user + cpu.system) / 1e6;
};

/** One command, measured alone; `n` numbers the commands of this process (from 1). */
async function perform(command: string, n: number): Promise<PhaseResult | RawResult> {
  const [verb, ids] = command.split(' ');
  if (verb !== 'run' && !(verb === 'raw' && ids)) throw new Error(`phase: unknown command "${command}" (run, raw <warehouse ids>)`);
  const warehouses = verb === 'raw' ? ids!.split(',').map(Number) : undefined;
  if (allocSession) {
    await allocSession.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  }
  await cpuSession?.post('Profiler.start');
  const rssBeforeBytes = process.memoryUsage().rss;
  const throttleBefore = plenty.stats().throttle;
  const callsBefore = plenty.stats().total;
  const budgetBefore = budgetOf(plenty.stats().calls);
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
  // Raw paging: logged in (or the stored token read) before the clock starts, as the run's client is by its first call.
  if (warehouses) await plenty.me();
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  // BENCH_TIMELINE=<seconds>: every so often, the command's PlentyONE calls, throttle waits and CPU so far (stderr).
  const timeline = Number(process.env.BENCH_TIMELINE ?? 0) > 0
    ? setInterval(() => {
      const s = plenty.stats();
      process.stderr.write(`  ${verb} ${n}, ${seconds(started).toFixed(0)} s: PlentyONE calls ${s.total - callsBefore}, `
        + `throttle waits ${s.throttle.waits - throttleBefore.waits} (${s.throttle.waitedMs - throttleBefore.waitedMs} ms), CPU ${cpuSeconds(cpuBefore).toFixed(1)} s\n`);
    }, Number(process.env.BENCH_TIMELINE) * 1000).unref()
    : undefined;
  let rows = 0;
  const run = warehouses
    ? await rawPaging(warehouses, (n) => (rows += n))
    : await executeRun(deps, { profileId: target.profileId, trigger: 'manual', input: { mode: 'full' } });
  const took = seconds(started);
  const cpu = cpuSeconds(cpuBefore);
  clearInterval(timeline);
  if (cpuSession) {
    const { profile } = await cpuSession.post('Profiler.stop');
    writeFileSync(`${cpuDir}/${verb}-${process.pid}-${n}.cpuprofile`, JSON.stringify(profile));
  }
  if (allocSession) {
    const { profile } = await allocSession.post('HeapProfiler.stopSampling');
    writeFileSync(`${allocDir}/${verb}-${process.pid}-${n}.heapprofile`, JSON.stringify(profile));
  }
  gcObserver.disconnect();
  const atPeak = memory.stop();
  const throttle = plenty.stats().throttle;
  const budget = budgetOf(plenty.stats().calls);
  return {
    ...(run ? { run } : { rows }), seconds: took, rssBeforeBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuSeconds: cpu, atPeak,
    throttle: { waits: throttle.waits - throttleBefore.waits, waitedMs: throttle.waitedMs - throttleBefore.waitedMs },
    budget: { reads: budget.reads - budgetBefore.reads, refused: budget.refused - budgetBefore.refused },
    gc: { minor: { count: gc.minor.count, ms: Math.round(gc.minor.ms) }, major: { count: gc.major.count, ms: Math.round(gc.major.ms) } },
  };
}

/** Of the client's calls so far (keys `"GET /rest/… 200"`): the reads PlentyONE counted against the budget, and its 429s. */
function budgetOf(calls: Record<string, number>): { reads: number; refused: number } {
  let reads = 0;
  let refused = 0;
  for (const [key, n] of Object.entries(calls)) {
    const status = key.slice(key.lastIndexOf(' ') + 1);
    if (status === '429') refused += n;
    // "0": no answer; the API may or may not have counted it.
    else if (key.startsWith('GET ') && status !== '0') reads += n;
  }
  return { reads, refused };
}

/**
 * The baseline: the warehouses' stock pages read with the bare client, all at once. It passes a signal
 * made as a run's is (runner.ts), so the client code both use is optimised for the same objects instead
 * of being thrown away each time the two take turns.
 */
async function rawPaging(warehouses: number[], count: (rows: number) => void): Promise<undefined> {
  const controller = sharedAbort();
  await Promise.all(warehouses.map(async (warehouseId) => {
    for await (const page of plenty.stock({ warehouseId, signal: controller.signal }).pages()) count(page.entries.length);
  }));
  return undefined;
}

let commands = 0;
// One command at a time: the next line waits in readline's buffer until this one's RESULT is out.
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const result = await perform(line.trim(), ++commands);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

allocSession?.disconnect();
cpuSession?.disconnect();
await connectors.close();
// The token and budget keys this process made (the budget's expire on their own, the token's after a day).
if (redisUrl) await deleteRedisKeys(redisUrl, prefix);
await db.close();
