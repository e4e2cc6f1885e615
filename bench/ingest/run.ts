/**
 * Ingest benchmark: the gateway on PostgreSQL + Redis against a bare Hono handler doing the same
 * single-row insert, each driven by autocannon from a second process with signed webhooks, in the same
 * run. Prints accepted/s, p50/p99 latency and the ratio, and checks that the inbox holds exactly as many
 * rows as there were 2xx answers (zero lost). Exits 1 when a webhook was lost.
 *
 *   npx tsx bench/ingest/run.ts [--requests 30000] [--connections 50]
 *   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (default redis://127.0.0.1:6379)
 * Targets: ≥ 5,000 accepted/s, p99 ≤ 20 ms at 50 connections, ≥ 1.5 × the bare handler's rate (group
 * commit: one multi-row insert for concurrent webhooks against one insert per request). The gateway's
 * PLENTYGATE_INBOX_BATCH_* settings are taken from the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { seedProfiles } from '../../src/profiles/seed.js';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { seededTypeIds } from '../../src/profiles/types/index.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
};
const requests = arg('requests', '30000');
const connections = arg('connections', '50');
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

const warmups = { gateway: 0, bare: 0 };
/** The targets: accepted/s, p99 at 50 connections, rate against the bare single-insert handler. */
const targets = { rps: 5000, p99Ms: 20, ratio: 1.5 };

interface LoadResult { ok: number; non2xx: number; errors: number; timeouts: number; rps: number; p50: number; p99: number }

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
  const b1 = await measure(bareEnv);
  const g1 = await measure(gatewayEnv);
  const g2 = await measure(gatewayEnv);
  const b2 = await measure(bareEnv);
  const bare = combine(b1, b2);
  const gateway = combine(g1, g2);

  const [inbox] = await db.query<{ n: string }>('select count(*) as n from webhook_inbox');
  const [bareRows] = await db.query<{ n: string }>('select count(*) as n from bench_bare_inbox');
  await db.close();
  const rows = Number(inbox!.n);
  const ratio = gateway.rps / bare.rps;
  const line = (name: string, r: LoadResult) =>
    `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)}/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   2xx ${r.ok}   non-2xx ${r.non2xx}   errors ${r.errors}`;
  console.log(`\ningest benchmark: 2 × ${requests} requests per target (ABBA order), ${connections} connections, PostgreSQL + Redis\n`);
  console.log(line('gateway (signed, inbox)', gateway));
  console.log(line('bare Hono insert', bare));
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
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

async function measure(env: Record<string, string>): Promise<LoadResult> {
  const server = spawn(process.execPath, ['--import', 'tsx', here('./server.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const target = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (c: Buffer) => {
        const m = /READY (\S+)/.exec(String(c));
        if (m) resolve(m[1]!);
      });
      server.on('exit', (code) => reject(new Error(`benchmark server exited (${code})`)));
    });
    const warm = await load(target, '2000', env);
    warmups[env.BENCH_MODE === 'bare' ? 'bare' : 'gateway'] += warm.ok;
    return await load(target, requests, env);
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
  };
}

async function load(target: string, seconds: string, env: Record<string, string>): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', here('./load.ts'), target, seconds, connections], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c; });
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = new Promise((resolve) => p.once('exit', resolve));
  p.kill('SIGTERM');
  await exited;
}
