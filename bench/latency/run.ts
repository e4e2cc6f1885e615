/**
 * Latency benchmark of the order export: signed Standard Webhooks `order.placed` posted to the gateway
 * at a fixed rate (default 100/s for 60 s) against sandboxes that answer instantly, debounce and order
 * settling delay 0. Latency = the millisecond the PlentyONE sandbox stored the order minus the
 * millisecond the webhook was sent (one machine clock). Prints p50/p95/p99, the count, duplicates and
 * missing orders, and the ratio against a baseline measured in the same run: the bare round trip of the
 * webhook POST answered (under the same load) plus one direct PlentyONE order create with the client.
 *
 *   npx tsx bench/latency/run.ts [--rate 100] [--seconds 60] [--concurrency 16] [--workers 0] [--adopt] [--warmup-seconds 120] [--floor-seconds 30] [--built] [--cpu-prof dir] [--alloc-prof dir [--survivors]]
 *
 * The CPU per order comes with its floor, measured in the same run on PostgreSQL (floor.ts): the same
 * round trips made with no plentygate logic, in this process once plentygate has stopped, for
 * `--floor-seconds` of the measured orders at the same rate (0: not measured). What plentygate spends
 * beyond the floor is what its own code costs; the floor is what the machine charges for the I/O.
 *
 * The profile runs with the sandbox config and `adoptExistingOrders` off (a new order is created without
 * looking it up by its external id first: nothing else writes the sandbox's orders); `--adopt` keeps
 * the default (on), as for a shop another connector wrote orders for.
 *
 * DATABASE_URL and REDIS_URL set: PostgreSQL (a database of its own, dropped at the end) + Redis/BullMQ
 * (a key prefix of its own, deleted at the end); otherwise the embedded default (PGlite + embedded queue).
 * plentygate runs as one `serve` process (gateway + worker) in this process; the sandboxes and the load
 * generator each in a child, so the CPU per order printed is plentygate's own. On Redis it also prints
 * the Redis commands this process sent per order and the round trips they took, by command (counted
 * in the client, so other users of the same Redis do not count; with --workers, the workers' are not in it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { createMemoryTokenStore, createPlentyClient } from '../../src/connectors/plenty/index.js';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { orderExportSandboxConfig } from '../../src/profiles/types/plenty_order_export/sandbox-config.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startProcess } from '../../src/runtime/processes.js';
import { deleteRedisKeys } from '../../test/support/redis.js';
import { countRedisCommands, type RedisCommandCounts } from '../../test/support/redis-commands.js';
import type { PhaseResult } from './load.js';
import { percentile, summarize } from './stats.js';
import { measureFloor, type FloorResult } from './floor.js';
import { compileBuiltPhase, gatewayFlags, productionFlags } from '../built.js';
import { exchange } from '../../src/connectors/http.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' }, seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '16' }, workers: { type: 'string', default: '0' }, 'baseline-samples': { type: 'string', default: '200' },
    adopt: { type: 'boolean', default: false }, 'warmup-seconds': { type: 'string', default: '120' },
    built: { type: 'boolean', default: false }, 'cpu-prof': { type: 'string' }, 'alloc-prof': { type: 'string' }, survivors: { type: 'boolean', default: false },
    'floor-seconds': { type: 'string', default: '30' },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
// --built: this file and src compiled by tsc, run again by node alone with the production start's V8
// flags (with --workers, a gateway-only process's), so plentygate's serve process (this one) is measured
// as in production; the sandboxes and the load generator stay on the sources (their CPU is not plentygate's).
const compiled = import.meta.url.endsWith('.js');
/** PostgreSQL + Redis (else the embedded default): what `--workers` needs. */
const distributed = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const serveFlags = distributed && Number(values.workers) > 0 ? gatewayFlags : productionFlags;
// BENCH_SERVE_FLAGS (--built): more node flags for the serve process, e.g. "--trace-gc-nvp" or
// "--trace-opt --trace-deopt"; what they print goes to the benchmark's output.
const serveExtraFlags = process.env.BENCH_SERVE_FLAGS?.split(' ').filter(Boolean) ?? [];
if (values.built && !compiled) {
  const phase = compileBuiltPhase('latency', log, 'run');
  const rerun = spawn(process.execPath, [...serveFlags, ...serveExtraFlags, phase, ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, BENCH_SOURCE_DIR: dirname(fileURLToPath(import.meta.url)) },
  });
  process.exit(await new Promise<number>((resolve) => rerun.once('exit', (code) => resolve(code ?? 1))));
}
/** The benchmark's source folder (sandboxes.ts, load.ts), also when this file runs compiled. */
const sourceDir = process.env.BENCH_SOURCE_DIR ?? dirname(fileURLToPath(import.meta.url));
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const TOTAL = Math.round(RATE * SECONDS);
// The warm-up runs at the measured rate (at most 100/s) for --warmup-seconds: a shop's flash sale
// meets a process that has been running, with its code compiled by V8, its connections open and
// PostgreSQL's plans cached. Its latency is printed as the cold start, apart from the measured figures.
// Two minutes by default: V8 optimises a function once it has run often enough, and many of the event
// path's run once or twice per order, so a process keeps compiling for minutes (--trace-opt, on the
// ninth machine: 1.8 s of compiling in the 4,000 measured orders after a 15 s warm-up, 0.46 ms per
// order; 0.22 ms per order after 60 s; 0.11 ms after 120 s), which a serve process running for days
// has long done.
const WARMUP_RATE = Math.min(RATE, 100);
const WARMUP = Math.max(50, Math.round(WARMUP_RATE * Number(values['warmup-seconds'])));

// ---- sandboxes in their own process -------------------------------------------------------------
log(`placing ${TOTAL + WARMUP} orders in the Magento sandbox…`);
// BENCH_SANDBOX_PROFILE_DIR: a CPU profile of the sandbox process there (node --cpu-prof), written when it exits.
const sandboxProfile = process.env.BENCH_SANDBOX_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SANDBOX_PROFILE_DIR] : [];
const child = spawn(process.execPath, [...sandboxProfile, '--import', 'tsx', join(sourceDir, 'sandboxes.ts')], {
  env: { ...process.env, BENCH_ORDERS: String(TOTAL + WARMUP), BENCH_PAYMENT_METHODS: Object.keys(orderExportSandboxConfig.paymentMap).join(',') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const sandbox = await new Promise<{ plenty: string; magento: string; status: string; incrementIds: string[] }>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /READY (\{.*\})\n/.exec(out);
    if (m) resolve(JSON.parse(m[1]!));
  });
  child.on('exit', (code) => reject(new Error(`sandboxes exited with ${code}`)));
});
/** Every PlentyONE order so far (external id, stored at): the new ones are fetched, the rest kept. */
const created: [string | null, number][] = [];
/**
 * The benchmark's own calls to the sandboxes (the created orders, the request counts), through the
 * clients' exchange rather than the global `fetch`: `fetch` is Node's own copy of undici, whose sockets
 * have other shapes than plentygate's; its first use came with a dozen "wrong map" deoptimisations of
 * the stream functions every order's sockets run through (--trace-deopt).
 */
const sandboxJson = async <T>(url: string, method: 'GET' | 'DELETE' = 'GET'): Promise<T> =>
  JSON.parse((await exchange({ url, method, headers: { accept: 'application/json' }, timeoutMs: 30_000 })).text) as T;
const createdOrders = async (): Promise<[string | null, number][]> => {
  created.push(...await sandboxJson<[string | null, number][]>(`${sandbox.status}/created?from=${created.length}`));
  return created;
};

// ---- plentygate: one serve process, distributed or embedded ---------------------------------------
const cleanup: (() => Promise<void>)[] = [];
const env: Record<string, string> = {
  HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'error',
  PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex'),
  PLENTYGATE_WORKER_CONCURRENCY: values.concurrency,
  MAGENTO_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  PLENTYGATE_DEBOUNCE_MS: '0',
  PLENTYGATE_WEBHOOK_RATE_LIMIT: '0',
};
if (distributed) {
  const server = process.env.DATABASE_URL!;
  const name = `plentygate_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const a = await openDatabase({ url: server });
    await a.query(sql, []);
    await a.close();
  };
  await admin(`create database ${name}`);
  cleanup.push(() => admin(`drop database if exists ${name} with (force)`));
  const u = new URL(server);
  u.pathname = `/${name}`;
  const prefix = `pgbench-${randomBytes(5).toString('hex')}`;
  cleanup.push(() => deleteRedisKeys(process.env.REDIS_URL!, prefix));
  Object.assign(env, { DATABASE_URL: u.toString(), REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: prefix });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-latency-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  env.PLENTYGATE_DATA_DIR = dir;
}
const config = loadConfig(env);
// A process that has been running has detached an ArrayBuffer: undici's HTTP parser grows its
// WebAssembly memory on the first large answer (a catalogue page, or this benchmark's poll for the
// created orders), which detaches the memory's old buffer. V8 then throws away every optimised
// function that assumed no buffer is ever detached (its ArrayBufferDetaching protector, once per
// process): about a hundred on the event path, compiled again while orders come in. Detaching one
// buffer here, before plentygate starts, puts that once-only event where a running process has it,
// behind it, and not in the warm-up's last seconds or the measured load, where the poll put it before.
const detached = new ArrayBuffer(1);
structuredClone(detached, { transfer: [detached] });
// --workers N: the serve process is a gateway only (`serve --gateway-only`) and the N workers run the jobs.
const running = await startProcess(config, createLogger('error'), { gateway: true, gatewayEnv: env, jobs: !(distributed && Number(values.workers) > 0) });
// --workers N: N `plentygate worker` processes beside the serve process (PostgreSQL + Redis only), the
// way a deployment scales out; they take jobs from the same queue.
const WORKERS = distributed ? Number(values.workers) : 0;
const workers = await Promise.all(Array.from({ length: WORKERS }, () => new Promise<ChildProcess>((resolve, reject) => {
  // Built: the compiled CLI with the production flags, as `npm start` would run it.
  const cli = compiled ? [...productionFlags, fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url))] : ['--import', 'tsx', fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url))];
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolvePath(values['cpu-prof'])}`] : [];
  const worker = spawn(process.execPath, [...profile, ...cli, 'worker'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  worker.once('exit', (code) => reject(new Error(`a worker exited with ${code}`)));
  // Ready once its scheduler started (after its queue worker): the one info line it logs at start.
  // Later lines are dropped unless they are errors.
  let out = '';
  let ready = false;
  worker.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    if (!ready && (out += text).includes('scheduler started')) {
      ready = true;
      resolve(worker);
    } else if (/"level":(50|60)/.test(text)) process.stderr.write(text);
  });
})));
/** CPU seconds a child process used so far (Linux /proc; 0 elsewhere). */
const childCpuSeconds = (pid: number | undefined): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0; // not Linux
  }
};
/**
 * This process's CPU split (user, system seconds) and its read and write system calls so far (Linux
 * /proc/self/io; zeros elsewhere): every round trip of an order to PostgreSQL, Redis or a sandbox is a
 * socket write and a read, so the calls per order count the round trips the CPU figure pays for.
 */
const ownSystem = (): { user: number; system: number; reads: number; writes: number } => {
  const { user, system } = process.cpuUsage();
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
    return { user: user / 1e6, system: system / 1e6, reads: field('syscr'), writes: field('syscw') };
  } catch {
    return { user: user / 1e6, system: system / 1e6, reads: 0, writes: 0 };
  }
};
/**
 * This process's CPU seconds so far on its main thread and on its other threads (V8's compiler and
 * garbage collection helpers, libuv's pool), from Linux's per-thread /proc/self/task/<tid>/schedstat
 * (zeros elsewhere): a process still compiling the event path shows it on the other threads.
 */
const threadSeconds = (): { main: number; others: number } => {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      if (Number(tid) === process.pid) main += ns;
      else others += ns;
    }
    return { main: main / 1e9, others: others / 1e9 };
  } catch {
    return { main: 0, others: 0 };
  }
};
/**
 * This process's garbage collections so far (V8's performance entries): young (scavenge) and full
 * (mark-compact) counted apart, and their summed main-thread pause. Allocation per order decides the
 * young count, a steadier figure than CPU on a machine others use too.
 */
const collections = { young: 0, full: 0, pauseMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) collections.full++;
    else collections.young++;
    collections.pauseMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
/** CPU seconds used so far by this process and the worker processes. */
const cpuSeconds = (): number => {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6 + workers.reduce((sum, worker) => sum + childCpuSeconds(worker.pid), 0);
};
const runtime = running.runtime;
const webhookUrl = `${running.gateway!.url}/webhooks/magento`;

await runtime.credentials().set('plenty', { kind: 'plenty', baseUrl: sandbox.plenty, username: 'sandbox', password: 'sandbox' });
await runtime.credentials().set('magento', { kind: 'magento', baseUrl: sandbox.magento, auth: { type: 'bearer', token: 'sandbox' } });
const configured = await runtime.service.updateConfig('plenty_order_export', { ...orderExportSandboxConfig, adoptExistingOrders: values.adopt });
if (configured.missing.length) throw new Error(`order export config incomplete: ${configured.missing.join(', ')}`);
await runtime.service.test('plenty_order_export');
// The event path alone: without its default 15-minute reconciliation, which, ticking during a run, exports
// the orders placed ahead of their webhooks (negative latencies) and adds its own CPU and transactions.
await runtime.service.setSchedules('plenty_order_export', []);
await runtime.service.enable('plenty_order_export');

// ---- the load generator: a process of its own (see load.ts) -----------------------------------------
const loader = spawn(process.execPath, ['--import', 'tsx', join(sourceDir, 'load.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const loadLines = createInterface({ input: loader.stdout! })[Symbol.asyncIterator]();
/** Posts one order webhook per id at `rate` per second from the load process; what it measured. */
async function post(ids: string[], rate: number, url = webhookUrl): Promise<PhaseResult> {
  loader.stdin!.write(`${JSON.stringify({ url, secret: env.MAGENTO_WEBHOOK_SECRET, rate, ids })}\n`);
  const line = await loadLines.next();
  if (line.done) throw new Error('the load process ended early');
  return JSON.parse(line.value) as PhaseResult;
}

/** Waits until every id in `ids` has a PlentyONE order, or `timeoutMs` passes; the store's rows. */
async function waitCreated(ids: string[], timeoutMs: number): Promise<[string | null, number][]> {
  const wanted = new Set(ids);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await createdOrders();
    const seen = new Set(rows.map(([id]) => id).filter((id) => id !== null && wanted.has(id)));
    if (seen.size === wanted.size || Date.now() > until) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---- warm-up (connections, tokens, prepared statements; not measured) ----------------------------
const warmup = sandbox.incrementIds.slice(0, WARMUP);
const measured = sandbox.incrementIds.slice(WARMUP);
const warmupLoad = await post(warmup, WARMUP_RATE);
const warmupStart = Math.min(...Object.values(warmupLoad.sentAt));
const warmupRows = await waitCreated(warmup, 120_000);
/** Per warm-up order: milliseconds from its webhook to its first PlentyONE order. */
const warmupLatency = (() => {
  const firstAt = new Map<string, number>();
  for (const [id, at] of warmupRows) if (id !== null && !firstAt.has(id)) firstAt.set(id, at);
  return warmup.flatMap((id) => (firstAt.has(id) ? [[warmupLoad.sentAt[id]!, firstAt.get(id)! - warmupLoad.sentAt[id]!] as const] : []));
})();

// ---- baseline: direct PlentyONE order creates through the client, one at a time -------------------
const client = createPlentyClient({ baseUrl: sandbox.plenty, username: 'sandbox', password: 'sandbox', tokenStore: createMemoryTokenStore() });
const directMs: number[] = [];
for (let i = 0; i < Number(values['baseline-samples']); i++) {
  const t = Date.now();
  await client.orders.create({
    typeId: 1, plentyId: 1000,
    orderItems: [{ typeId: 1, itemVariationId: 1000, quantity: 1, orderItemName: 'baseline', amounts: [{ isSystemCurrency: true, currency: 'EUR', exchangeRate: 1, priceOriginalGross: 10 }] }],
  });
  directMs.push(Date.now() - t);
}

/** Transactions committed in plentygate's database so far (PostgreSQL only; each statement outside a transaction counts one). */
const transactions = async (): Promise<number | undefined> => {
  if (!distributed) return undefined;
  const [row] = await runtime.db.query<{ n: number }>('select xact_commit::int as n from pg_stat_database where datname = current_database()', []);
  return row?.n;
};

/**
 * Per table: rows inserted, updated, deleted and index scans so far (PostgreSQL's statistics): which
 * tables the transactions per order go to.
 */
type TableCounts = Map<string, number[]>;
const tableCounts = async (): Promise<TableCounts | undefined> => {
  if (!distributed) return undefined;
  const rows = await runtime.db.query<{ t: string; ins: number; upd: number; del: number; idx: number; seq: number }>(
    'select relname as t, n_tup_ins::int as ins, n_tup_upd::int as upd, n_tup_del::int as del, coalesce(idx_scan, 0)::int as idx, seq_scan::int as seq from pg_stat_user_tables', []);
  return new Map(rows.map((r) => [r.t, [r.ins, r.upd, r.del, r.idx, r.seq]]));
};
/** This process's Redis commands per order exported, round trips (a pipeline is one) and the commands by name (scripts by theirs). */
const redisPerOrder = (counts: RedisCommandCounts): string => {
  const per = (n: number) => (n / exported).toFixed(2);
  const byName = [...counts.byName].sort((a, b) => b[1] - a[1]).filter(([, n]) => n / exported >= 0.01).map(([name, n]) => `${name} ${per(n)}`);
  return `${per(counts.commands)} commands per order in ${per(counts.roundTrips)} round trips: ${byName.join(', ')}`;
};
const tablesPerOrder = (before: TableCounts, after: TableCounts): string => [...after]
  .map(([t, a]) => [t, a.map((v, i) => (v - (before.get(t)?.[i] ?? 0)) / exported)] as const)
  .filter(([, d]) => d.some((v) => v >= 0.05))
  .map(([t, d]) => `${t} ${['ins', 'upd', 'del', 'idx scans', 'seq scans'].map((k, i) => `${k} ${d[i]!.toFixed(1)}`).join(' ')}`)
  .join('; ');

const requests = (base: string, method: 'GET' | 'DELETE' = 'GET') => sandboxJson<{ total: number }>(`${base}/_sandbox/requests`, method);
await Promise.all([requests(sandbox.plenty, 'DELETE'), requests(sandbox.magento, 'DELETE')]);
const transactionsBefore = await transactions();
const tablesBefore = await tableCounts();

/**
 * --cpu-prof <dir>: the V8 CPU profile of this process (plentygate's serve process) over the measured
 * load, from the first webhook to the last order (warm-up and start-up left out). Worker processes
 * (--workers) are profiled whole by node's own --cpu-prof into the same folder. profile-summary.ts
 * prints where the time (or, of --alloc-prof, the allocation) went.
 */
async function startProfile(): Promise<{ write(): Promise<void> } | undefined> {
  const dir = values['cpu-prof'];
  const allocDir = values['alloc-prof'];
  if (!dir && !allocDir) return undefined;
  const session = new Session();
  session.connect();
  if (dir) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  if (allocDir) {
    // --alloc-prof <dir>: a sampling allocation profile of the same span, collected objects included
    // (the event path's garbage, which the young collections pay for).
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !values.survivors });
  }
  return {
    async write() {
      const save = (folder: string, name: string, profile: unknown, what: string) => {
        mkdirSync(folder, { recursive: true });
        const file = join(resolvePath(folder), name);
        writeFileSync(file, JSON.stringify(profile));
        log(`${what} of the measured load: ${file}`);
      };
      if (dir) save(dir, `serve-${process.pid}.cpuprofile`, (await session.post('Profiler.stop')).profile, 'CPU profile');
      if (allocDir) save(allocDir, `serve-${process.pid}.heapprofile`, (await session.post('HeapProfiler.stopSampling')).profile, 'allocation profile');
    },
  };
}

// ---- the load: fixed rate, each send on its own schedule (late ticks catch up, none is skipped) ----
log(`posting ${TOTAL} order webhooks at ${RATE}/s for ${SECONDS} s (${distributed ? 'PostgreSQL + Redis' : 'embedded'}, concurrency ${values.concurrency})…`);
const start = Date.now();
const profiler = await startProfile();
const redisCommands = distributed ? countRedisCommands() : undefined;
const cpuBefore = cpuSeconds();
const systemBefore = ownSystem();
const threadsBefore = threadSeconds();
const collectionsBefore = { ...collections };
const sandboxCpuBefore = childCpuSeconds(child.pid);
const load = await post(measured, RATE);
const { sentAt: sent, ackMs, refused, sendSeconds } = load;
const sentAt = new Map(Object.entries(sent));
const rows = await waitCreated(measured, 120_000);
const drainSeconds = (Date.now() - start) / 1000;
const cpu = cpuSeconds() - cpuBefore;
const systemAfter = ownSystem();
const threadsAfter = threadSeconds();
const collectionsAfter = { ...collections };
const redisCounts = redisCommands?.take();
const sandboxCpu = childCpuSeconds(child.pid) - sandboxCpuBefore;
await profiler?.write();
// Per order exported: on a machine too busy to export every order in time, the calls and transactions
// of the orders still under way count too (a small share unless many are missing; printed then).
const measuredSet = new Set(measured);
const exported = Math.max(1, new Set(rows.map(([id]) => id).filter((id) => id !== null && measuredSet.has(id))).size);
// The poll for created orders runs in this process too; it is a small share of the figure.
const cpuMsPerOrder = (cpu * 1000) / exported;
const [plentyCalls, magentoCalls] = [(await requests(sandbox.plenty)).total, (await requests(sandbox.magento)).total];
// PostgreSQL publishes its counters about once a second.
await new Promise((r) => setTimeout(r, 1_500));
const transactionsAfter = await transactions();
const tablesAfter = await tableCounts();

// ---- figures ------------------------------------------------------------------------------------
const measuredIds = new Set(measured);
const copies = new Map<string, number[]>();
for (const [id, at] of rows) if (id !== null && measuredIds.has(id)) copies.set(id, [...(copies.get(id) ?? []), at]);
const latencies: number[] = [];
for (const id of measured) {
  const at = copies.get(id);
  if (at) latencies.push(Math.min(...at) - sentAt.get(id)!);
}
// Median latency per 5 s of sending: flat when plentygate keeps up, rising when a backlog builds.
const windows: number[][] = [];
for (const id of measured) {
  const at = copies.get(id);
  if (!at) continue;
  const w = Math.floor((sentAt.get(id)! - start) / 5_000);
  (windows[w] ??= []).push(Math.min(...at) - sentAt.get(id)!);
}
function warmupWindows(): number[][] {
  const out: number[][] = [];
  for (const [at, ms] of warmupLatency) (out[Math.floor((at - warmupStart) / 5_000)] ??= []).push(ms);
  return out;
}
const duplicates = [...copies.values()].filter((at) => at.length > 1).length;
const missing = measured.filter((id) => !copies.has(id));
const end = summarize(latencies);
const ack = summarize(ackMs);
const direct = summarize(directMs);
// The warm-up's orders must arrive exactly once too: those without a PlentyONE order by the end, and the
// webhooks the gateway refused (a sender would send those again; this one does not).
const createdAtEnd = new Set(rows.map(([id]) => id));
const warmupMissing = warmup.filter((id) => !createdAtEnd.has(id));
/**
 * Where the webhooks of orders with no PlentyONE order stand (up to three): their inbox rows' status,
 * dispatch error and jobs, and the status of the runs those jobs opened.
 */
async function whereAre(ids: string[]): Promise<string> {
  const found: string[] = [];
  for (const id of ids.slice(0, 3)) {
    const inbox = await runtime.db.query<{ status: string; last_error: string | null; jobs: unknown; runs: string | null }>(
      `select i.status, i.last_error, i.jobs, (select string_agg(r.status::text, ',') from profile_runs r
         where r.job_id in (select j->>'jobId' from jsonb_array_elements(coalesce(i.jobs, '[]'::jsonb)) j)) as runs
       from webhook_inbox i where i.body like $1`, [`%"increment_id":"${id}"%`]);
    found.push(`${id}: ${inbox.length === 0 ? 'no inbox row' : inbox.map((r) => `inbox ${r.status}${r.last_error ? ` (${r.last_error})` : ''}, jobs ${JSON.stringify(r.jobs)}, runs ${r.runs ?? 'none'}`).join('; ')}`);
  }
  return found.length ? ` [${found.join(' | ')}]` : '';
}
const warmupOutcome = `not created by the end ${warmupMissing.length}${warmupMissing.length ? ` (e.g. ${warmupMissing.slice(0, 3).join(', ')})${await whereAre(warmupMissing)}` : ''}, `
  + `webhooks refused ${warmupLoad.refused.length}${warmupLoad.refused.length ? ` (e.g. ${warmupLoad.refused[0]})` : ''}`;
const missingWhere = await whereAre(missing);
const runs = await runtime.db.query<{ status: string; n: number }>(
  `select r.status, count(*)::int as n from profile_runs r join profiles p on p.id = r.profile_id where p.type_id = 'plenty_order_export' group by r.status`, []);

for (const worker of workers) {
  worker.removeAllListeners('exit');
  worker.kill('SIGTERM');
}
await running.stop();

// ---- the CPU floor: the same round trips with no plentygate logic, in this process (floor.ts) --------
const FLOOR = Math.min(measured.length, Math.round(RATE * Number(values['floor-seconds'])));
let floor: FloorResult | undefined;
if (distributed && FLOOR > 0) {
  log(`the CPU floor: ${FLOOR} order webhooks at ${RATE}/s through the same round trips with no plentygate logic…`);
  floor = await measureFloor({
    databaseUrl: env.DATABASE_URL!, magento: sandbox.magento, plenty: sandbox.plenty, rate: RATE,
    post: (url, ids, rate) => post(ids, rate, url),
    warmup: warmup.slice(0, Math.min(warmup.length, Math.round(RATE * 5))), measured: measured.slice(0, FLOOR),
  });
}
const floorLine = floor
  ? `${floor.cpuMs.toFixed(2)} ms per order (${floor.orders} orders): the same round trips with no plentygate logic (floor.ts); plentygate ×${(cpuMsPerOrder / floor.cpuMs).toFixed(2)} of it, ${(cpuMsPerOrder - floor.cpuMs).toFixed(2)} ms per order its own`
  : distributed ? 'not measured (--floor-seconds 0)' : 'measured on PostgreSQL only (DATABASE_URL and REDIS_URL)';

const baseline = (p: number) => percentile(ackMs, p) + percentile(directMs, p);
const fmt = (s: ReturnType<typeof summarize>) => `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms (n=${s.n})`;
process.stdout.write([
  `order export latency, webhook sent → PlentyONE order stored (${distributed ? 'PostgreSQL + Redis/BullMQ' : 'embedded PGlite + queue'}, worker concurrency ${values.concurrency}${WORKERS ? `, serve --gateway-only + ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}` : ', one serve process'}, adoptExistingOrders ${values.adopt ? 'on' : 'off'}, ${compiled ? `built JavaScript, ${serveFlags.join(' ')}${WORKERS ? ` (workers ${productionFlags.join(' ')})` : ''}` : 'through tsx'})`,
  `  offered          ${TOTAL} webhooks at ${RATE}/s, sent in ${sendSeconds.toFixed(1)} s (${(TOTAL / sendSeconds).toFixed(1)}/s); all created after ${drainSeconds.toFixed(1)} s`,
  `  end to end       ${fmt(end)}   (target p99 ≤ 250 ms)`,
  // Offered faster than plentygate exports, this is its rate at saturation (the --workers figures).
  `  throughput       ${(copies.size / drainSeconds).toFixed(1)} orders/s exported, first webhook to last order (${copies.size / drainSeconds < RATE * 0.95 ? 'below the offered rate: saturated' : 'kept up with the offered rate'})`,
  `  over time        p50 per 5 s of sending: ${windows.map((w) => `${percentile(w, 50)}`).join(', ')} ms`,
  `  cold start       the warm-up before (${WARMUP} orders at ${WARMUP_RATE}/s, a process just started; not in the figures above): ${fmt(summarize(warmupLatency.map(([, ms]) => ms)))}; p50 per 5 s: ${
    warmupWindows().map((w) => `${percentile(w, 50)}`).join(', ')} ms; ${warmupOutcome}`,
  `  exactly once     created ${copies.size}/${TOTAL}, duplicates ${duplicates}, missing ${missing.length}${missing.length ? ` (e.g. ${missing.slice(0, 3).join(', ')})${missingWhere}` : ''}, webhooks refused ${refused.length}${refused.length ? ` (e.g. ${refused[0]})` : ''}`,
  `  CPU              ${cpuMsPerOrder.toFixed(2)} ms of plentygate's processes per order (target ≤ 3 ms: ${cpuMsPerOrder <= 3 ? 'met' : 'NOT met'}; ${(cpu / drainSeconds * 100).toFixed(0)} % of one core while draining); `
    + `sandboxes ${((sandboxCpu * 1000) / exported).toFixed(1)} ms per order (both, one process, incl. this benchmark's polls for created orders)`,
  `  CPU floor        ${floorLine}`,
  `  serve process    per order: user ${((systemAfter.user - systemBefore.user) * 1000 / exported).toFixed(2)} ms, system ${((systemAfter.system - systemBefore.system) * 1000 / exported).toFixed(2)} ms; `
    + `system calls read ${((systemAfter.reads - systemBefore.reads) / exported).toFixed(1)}, write ${((systemAfter.writes - systemBefore.writes) / exported).toFixed(1)} (this process alone, incl. the benchmark's polls)`,
  `  threads          per order: main thread ${((threadsAfter.main - threadsBefore.main) * 1000 / exported).toFixed(2)} ms, other threads ${((threadsAfter.others - threadsBefore.others) * 1000 / exported).toFixed(2)} ms (V8's compiler and garbage collection helpers; this process)`,
  `  collections      per 1,000 orders: young ${((collectionsAfter.young - collectionsBefore.young) * 1000 / exported).toFixed(1)}, full ${((collectionsAfter.full - collectionsBefore.full) * 1000 / exported).toFixed(1)}; `
    + `main-thread pause ${((collectionsAfter.pauseMs - collectionsBefore.pauseMs) / exported).toFixed(2)} ms per order (this process)`,
  `  API calls        per order exported: PlentyONE ${(plentyCalls / exported).toFixed(2)}, Magento ${(magentoCalls / exported).toFixed(2)} (sandboxes answer instantly, calls are sequential within a run)`,
  ...(transactionsAfter !== undefined && transactionsBefore !== undefined
    ? [`  database         ${((transactionsAfter - transactionsBefore) / exported).toFixed(2)} transactions per order exported (statements outside a transaction count one each; target ≤ 5)`]
    : []),
  ...(tablesBefore && tablesAfter ? [`  per order        ${tablesPerOrder(tablesBefore, tablesAfter)}`] : []),
  ...(redisCounts ? [`  Redis            ${redisPerOrder(redisCounts)}${WORKERS ? ' (the serve process only, not the workers)' : ''}`] : []),
  `  runs             ${runs.map((r) => `${r.status} ${r.n}`).join(', ')} (incl. ${WARMUP} warm-up orders)`,
  `  baseline parts   webhook answered: ${fmt(ack)}; direct order create: ${fmt(direct)}`,
  `  baseline         answered + direct create: p50 ${baseline(50)} ms, p99 ${baseline(99)} ms`,
  `  vs baseline      p50 ×${(end.p50 / Math.max(1, baseline(50))).toFixed(1)}, p99 ×${(end.p99 / Math.max(1, baseline(99))).toFixed(1)}; vs a Magento cron export (≥ 60 s): p99 ${(end.p99 / 60_000 * 100).toFixed(2)} % of it`,
].join('\n') + '\n');
for (const step of cleanup.reverse()) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
child.kill('SIGTERM');
loader.kill('SIGTERM');
