/**
 * Ingest benchmark: the gateway on PostgreSQL + Redis against a bare Hono handler doing the same
 * single-row insert, each driven by autocannon from a second process with signed webhooks, in the same
 * run. Prints accepted/s, p50/p99 latency and the ratio, and checks that the inbox holds exactly as many
 * rows as there were 2xx answers (zero lost). Exits 1 when a webhook was lost. Per accepted webhook it
 * also prints what depends less on the machine's load: the CPU of the server process (user + kernel, all
 * threads) and of the load generator over the measured requests, and the database transactions; and the
 * server's garbage collections over the measured requests (young and full per 1,000 webhooks, main-thread
 * pause per 1,000 and the longest pause, which the p99 cannot be below).
 *
 *   npx tsx bench/ingest/run.ts [--requests 30000] [--connections 50] [--rate N] [--only gateway|bare] [--cpu-prof [dir]] [--alloc-prof [dir] [--survivors]] [--built] [--node-options "…"]
 *   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (default redis://127.0.0.1:6379)
 * `--rate N` offers N requests/s (default: as fast as answered), `--only` measures one target once
 * (profiling; no ratio), `--cpu-prof` writes the V8 CPU profile of each server's measured requests and
 * of each measured load generator process (default folder var/bench-ingest-prof; the profiler adds to
 * the CPU printed); `--alloc-prof` a sampling allocation profile of each server's measured requests,
 * collected objects included, or with `--survivors` only the objects that outlived young collections
 * (moved to the old generation, where only a full collection frees them: what makes those the longest
 * pauses); bench/latency/profile-summary.ts prints either.
 * `--built` compiles `src` and the server process with tsc first and runs both servers as built JavaScript
 * with the V8 flags of a gateway-only process (`npm run start:gateway`), as in production; otherwise they run through
 * tsx (which wraps every named closure in a naming call) with V8's defaults. `--node-options "<flags>"`
 * starts both servers with these node flags instead (with `--built`: instead of the gateway start's;
 * "" for V8's defaults), to compare a flag against them on one machine.
 * Targets: ≥ 5,000 accepted/s, p99 ≤ 20 ms at 50 connections, ≥ 1.5 × the bare handler's rate (group
 * commit: one multi-row insert for concurrent webhooks against one insert per request). The gateway's
 * PLENTYGATE_INBOX_BATCH_* settings are taken from the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { seedProfiles } from '../../src/profiles/seed.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { seededTypeIds } from '../../src/profiles/types/index.js';
import { compileBuiltPhase, gatewayFlags } from '../built.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
};
const requests = arg('requests', '30000');
const connections = arg('connections', '50');
/**
 * `--rate N`: offer N requests/s in all instead of as many as answered (closed loop). CPU per webhook
 * depends on the rate (more requests per event-loop turn at higher rates): compare variants at one rate.
 */
const rate = arg('rate', '0');
/** A folder: each server process writes the V8 CPU profile of its measured requests there (`<target>-<pid>.cpuprofile`). */
const cpuProf = process.argv.includes('--cpu-prof') ? resolve(arg('cpu-prof', 'var/bench-ingest-prof')) : undefined;
/** A folder: each server process writes a sampling allocation profile of its measured requests there (`<target>-<pid>.heapprofile`). */
const allocProf = process.argv.includes('--alloc-prof') ? resolve(arg('alloc-prof', 'var/bench-ingest-prof')) : undefined;
/** With --alloc-prof: only what outlived young collections. */
const survivors = process.argv.includes('--survivors');
/** `--only gateway` (or `bare`): that target alone, once (for profiling; no ratio, no targets). */
const only = arg('only', '');
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const built = process.argv.includes('--built');
const nodeOptions = process.argv.includes('--node-options') ? arg('node-options', '').split(' ').filter(Boolean) : undefined;
/**
 * The servers' node flags: --node-options, else for built JavaScript those of a gateway-only process
 * (`npm run start:gateway`), which is what answers webhooks in a deployment; the bare handler gets the
 * same, so the ratio compares the code and not the flags.
 */
const serverFlags = nodeOptions ?? (built ? gatewayFlags : []);
/** How a server process starts: the built JavaScript, or the source through tsx. */
const serverArgs = built
  ? [...serverFlags, compileBuiltPhase('ingest', (line) => process.stderr.write(`${line}\n`), 'server')]
  : [...serverFlags, '--import', 'tsx', here('./server.ts')];

const warmups = { gateway: 0, bare: 0 };
/** The targets: accepted/s, p99 at 50 connections, rate against the bare single-insert handler. */
const targets = { rps: 5000, p99Ms: 20, ratio: 1.5 };

interface LoadResult {
  ok: number; non2xx: number; errors: number; timeouts: number; rps: number; p50: number; p99: number;
  /** CPU milliseconds of the server process (all its threads) and of the load generator over the measured requests. */
  serverCpuMs: number; serverSystemMs: number; loadCpuMs: number;
  /** CPU milliseconds of the PostgreSQL backends serving the bench database over the measured requests (NaN: not readable). */
  databaseCpuMs: number;
  /** Database transactions committed or rolled back over the server's life, and the 2xx answers it gave (warm-up included). */
  xacts: number; answered: number;
  /** The server's garbage collections over the measured requests: young and full, summed main-thread pause, longest pause (ms). */
  gc: { minor: number; major: number; pauseMs: number; longestMs: number };
}

const dbName = `plentygate_bench_${randomBytes(5).toString('hex')}`;
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const url = Object.assign(new URL(baseUrl), { pathname: `/${dbName}` }).toString();
const secret = `whsec_${randomBytes(24).toString('base64')}`;
const redisPrefix = `plentygate-bench-${randomBytes(4).toString('hex')}`;

try {
  const db = await openDatabase({ url });
  await migrate(db, url);
  await seedProfiles(db.db, await builtinRegistry(), seededTypeIds);
  await db.query('create table bench_bare_inbox (like webhook_inbox including all)');

  const env = {
    DATABASE_URL: url, REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix, MAGENTO_WEBHOOK_SECRET: secret,
    PLENTYGATE_WEBHOOK_RATE_LIMIT: '0',
  };
  // Each target is warmed up, then measured; the order bare, gateway, gateway, bare (ABBA) cancels a
  // machine whose load drifts during the run.
  const bareEnv = { ...env, BENCH_MODE: 'bare' };
  const gatewayEnv = { ...env, BENCH_MODE: 'gateway' };
  if (only) {
    await measureOne(only === 'bare' ? bareEnv : gatewayEnv);
    await db.close();
  } else {
    await measureAbba(db, bareEnv, gatewayEnv);
  }
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

async function measureOne(env: Record<string, string>): Promise<void> {
  const r = await measure(env);
  console.log(`\n${env.BENCH_MODE}: ${r.rps.toFixed(0)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, 2xx ${r.ok}, non-2xx ${r.non2xx}, errors ${r.errors}`);
  console.log(`per accepted webhook: ${cpu(r)}`);
}

/** CPU per accepted webhook of the server and of the load generator, and database transactions per 2xx answer. */
function cpu(r: LoadResult): string {
  return `${(r.serverCpuMs / r.ok).toFixed(3)} ms server CPU (${Math.round((100 * r.serverSystemMs) / r.serverCpuMs)} % in the kernel), `
    + `${(r.databaseCpuMs / r.ok).toFixed(3)} ms PostgreSQL backends' CPU, ${(r.loadCpuMs / r.ok).toFixed(3)} ms load generator CPU, `
    + `${(r.xacts / r.answered).toFixed(3)} database transactions; server GC per 1,000: ${((1000 * r.gc.minor) / r.ok).toFixed(1)} young, `
    + `${((1000 * r.gc.major) / r.ok).toFixed(2)} full, ${((1000 * r.gc.pauseMs) / r.ok).toFixed(1)} ms paused (longest pause ${r.gc.longestMs.toFixed(1)} ms)`;
}

async function measureAbba(db: DatabaseHandle, bareEnv: Record<string, string>, gatewayEnv: Record<string, string>): Promise<void> {
  // Each run's own figures as it ends (stderr): a machine whose speed drifts shows here, not in the sums.
  const each = async (env: Record<string, string>, n: number) => {
    const r = await measure(env);
    process.stderr.write(`  ${env.BENCH_MODE} ${n}: ${r.rps.toFixed(0)}/s, p99 ${r.p99} ms, ${(r.serverCpuMs / r.ok).toFixed(3)} ms server CPU, ${(r.databaseCpuMs / r.ok).toFixed(3)} ms PostgreSQL CPU per webhook\n`);
    return r;
  };
  const b1 = await each(bareEnv, 1);
  const g1 = await each(gatewayEnv, 1);
  const g2 = await each(gatewayEnv, 2);
  const b2 = await each(bareEnv, 2);
  const bare = combine(b1, b2);
  const gateway = combine(g1, g2);

  const [inbox] = await db.query<{ n: string }>('select count(*) as n from webhook_inbox');
  const [bareRows] = await db.query<{ n: string }>('select count(*) as n from bench_bare_inbox');
  await db.close();
  const rows = Number(inbox!.n);
  const ratio = gateway.rps / bare.rps;
  const line = (name: string, r: LoadResult) =>
    `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)}/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   2xx ${r.ok}   non-2xx ${r.non2xx}   errors ${r.errors}`;
  console.log(`\ningest benchmark: 2 × ${requests} requests per target (ABBA order), ${connections} connections${rate !== '0' ? `, offered at ${rate}/s` : ''}, PostgreSQL + Redis, servers ${built ? 'built JavaScript' : 'through tsx'} (node flags: ${serverFlags.join(' ') || 'none'})\n`);
  console.log(line('gateway (signed, inbox)', gateway));
  console.log(line('bare Hono insert', bare));
  console.log(`\nper accepted webhook (less load-dependent than the rates):`);
  console.log(`${'gateway'.padEnd(22)} ${cpu(gateway)}`);
  console.log(`${'bare Hono insert'.padEnd(22)} ${cpu(bare)}`);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`\n${'figure'.padEnd(22)} ${'measured'.padStart(10)}   target`);
  console.log(`${'accepted/s'.padEnd(22)} ${gateway.rps.toFixed(0).padStart(10)}   ≥ ${targets.rps}: ${met(gateway.rps >= targets.rps)}`);
  console.log(`${`p99 (${connections} connections)`.padEnd(22)} ${`${gateway.p99} ms`.padStart(10)}   ≤ ${targets.p99Ms} ms: ${met(gateway.p99 <= targets.p99Ms)}`);
  console.log(`${'ratio gateway / bare'.padEnd(22)} ${ratio.toFixed(2).padStart(10)}   ≥ ${targets.ratio.toFixed(2)}: ${met(ratio >= targets.ratio)}`);
  if (connections !== '50') console.log(`(the p99 target is for 50 connections; this run used ${connections})`);
  console.log(`inbox rows ${rows} vs 2xx answers ${gateway.ok} (+ warm-up ${warmups.gateway}): ${rows === gateway.ok + warmups.gateway ? 'zero lost' : 'MISMATCH'}`);
  console.log(`bare rows ${bareRows!.n} vs 2xx answers ${bare.ok + warmups.bare}`);
  if (gateway.non2xx + gateway.errors + gateway.timeouts > 0) console.log('gateway: some requests were not answered 2xx (see above)');
  if (rows !== gateway.ok + warmups.gateway) process.exitCode = 1;
}

/**
 * Transactions of the bench database so far. Backends report them when idle or at exit, so this is read
 * before a server starts and after it exited (all its connections closed).
 */
async function transactions(): Promise<number> {
  await new Promise((r) => setTimeout(r, 200));
  const [row] = await admin<{ n: string }[]>`select xact_commit + xact_rollback as n from pg_stat_database where datname = ${dbName}`;
  return Number(row!.n);
}

/**
 * CPU milliseconds so far of each PostgreSQL backend connected to the bench database, by pid, read from
 * /proc (PostgreSQL on this machine, Linux); undefined when that is not possible.
 */
async function backendCpuMs(): Promise<Map<number, number> | undefined> {
  const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
  const cpu = new Map<number, number>();
  try {
    for (const { pid } of pids) {
      // Fields 14 and 15 (after the parenthesised command name): user and system time in clock ticks (1/100 s on Linux).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // PostgreSQL elsewhere (a container, another host): that pid is not its backend.
      if (!stat.includes('(postgres)')) return undefined;
      const fields = stat.replace(/^.*\) /, '').split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    return undefined;
  }
  return cpu;
}

function cpuSince(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number {
  if (!before || !after) return Number.NaN;
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

async function measure(env: Record<string, string>): Promise<LoadResult> {
  const xactsBefore = await transactions();
  let answered = 0;
  const server = spawn(process.execPath, serverArgs, {
    env: { ...process.env, ...env, ...(cpuProf ? { BENCH_CPU_PROF: cpuProf } : {}), ...(allocProf ? { BENCH_ALLOC_PROF: allocProf, BENCH_ALLOC_SURVIVORS: survivors ? '1' : '0' } : {}) }, stdio: ['ignore', 'pipe', 'ignore'],
  });
  // The server prints `CPU <µs> <of which system µs> <young GCs> <full GCs> <GC pause µs> <longest pause µs since the last>`
  // (its process.cpuUsage, all threads; its collections so far) on SIGUSR2.
  type Usage = [number, number, number, number, number, number];
  const cpuAnswers: ((us: Usage) => void)[] = [];
  const serverCpuUs = () => new Promise<Usage>((resolve) => {
    cpuAnswers.push(resolve);
    server.kill('SIGUSR2');
  });
  try {
    const target = await new Promise<string>((resolve, reject) => {
      let lines = '';
      server.stdout!.on('data', (c: Buffer) => {
        lines += String(c);
        let nl;
        while ((nl = lines.indexOf('\n')) >= 0) {
          const text = lines.slice(0, nl);
          lines = lines.slice(nl + 1);
          const ready = /^READY (\S+)/.exec(text);
          if (ready) resolve(ready[1]!);
          const cpu = /^CPU (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(text);
          if (cpu) cpuAnswers.shift()?.(cpu.slice(1, 7).map(Number) as Usage);
        }
      });
      server.on('exit', (code) => reject(new Error(`benchmark server exited (${code})`)));
    });
    const warm = await load(target, '2000', env);
    answered += warm.ok;
    warmups[env.BENCH_MODE === 'bare' ? 'bare' : 'gateway'] += warm.ok;
    const before = await serverCpuUs();
    const databaseBefore = await backendCpuMs();
    const measured = await load(target, requests, env, true);
    answered += measured.ok;
    // The relay may still be dispatching the last rows: its work belongs to the webhooks measured.
    await new Promise((r) => setTimeout(r, 300));
    const after = await serverCpuUs();
    const databaseCpuMs = cpuSince(databaseBefore, await backendCpuMs());
    const [serverCpuMs, serverSystemMs] = [(after[0] - before[0]) / 1000, (after[1] - before[1]) / 1000];
    const gc = { minor: after[2] - before[2], major: after[3] - before[3], pauseMs: (after[4] - before[4]) / 1000, longestMs: after[5] / 1000 };
    await stop(server);
    return { ...measured, serverCpuMs, serverSystemMs, databaseCpuMs, xacts: (await transactions()) - xactsBefore, answered, gc };
  } finally {
    await stop(server);
  }
}

/** Two measurements as one: summed answers, rate over the summed time, the worse latency. */
function combine(a: LoadResult, b: LoadResult): LoadResult {
  const seconds = a.ok / a.rps + b.ok / b.rps;
  return {
    ok: a.ok + b.ok, non2xx: a.non2xx + b.non2xx, errors: a.errors + b.errors, timeouts: a.timeouts + b.timeouts,
    rps: (a.ok + b.ok) / seconds, p50: Math.max(a.p50, b.p50), p99: Math.max(a.p99, b.p99),
    serverCpuMs: a.serverCpuMs + b.serverCpuMs, databaseCpuMs: a.databaseCpuMs + b.databaseCpuMs, serverSystemMs: a.serverSystemMs + b.serverSystemMs, loadCpuMs: a.loadCpuMs + b.loadCpuMs,
    xacts: a.xacts + b.xacts, answered: a.answered + b.answered,
    gc: {
      minor: a.gc.minor + b.gc.minor, major: a.gc.major + b.gc.major, pauseMs: a.gc.pauseMs + b.gc.pauseMs,
      longestMs: Math.max(a.gc.longestMs, b.gc.longestMs),
    },
  };
}

type Measured = Omit<LoadResult, 'serverCpuMs' | 'serverSystemMs' | 'databaseCpuMs' | 'xacts' | 'answered' | 'gc'>;

/** `profiled`: with --cpu-prof, the load generator writes its CPU profile too (`load-<target>-<ms>.cpuprofile`, the whole process, signing included). */
async function load(target: string, count: string, env: Record<string, string>, profiled = false): Promise<Measured> {
  const profile = cpuProf && profiled ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`, `--cpu-prof-name=load-${env.BENCH_MODE}-${Date.now()}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', here('./load.ts'), target, count, connections, rate], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c; });
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = new Promise((resolve) => p.once('exit', resolve));
  p.kill('SIGTERM');
  await exited;
}
