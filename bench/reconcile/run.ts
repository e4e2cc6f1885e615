/**
 * Reconciliation benchmark: a full stock import of N variations (default 100,000) after 1 % of them
 * changed in PlentyONE, against instant sandboxes (their own process, call budget never binding).
 * Prints the run's API calls against the minimum (stock pages of the mapped sales warehouses at 250 +
 * POSTs of 20 changed source items), records/s, peak RSS, and the ratio against a baseline measured in
 * the same run: the same stock pages read raw with the PlentyONE client, without the profile.
 *
 *   npx tsx bench/reconcile/run.ts [--variations N] [--changed 0.01]
 *
 * DATABASE_URL set: links live in PostgreSQL; otherwise PGlite in this process (its memory counts in RSS).
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createMemoryTokenStore, createPlentyClient, MAX_PAGE_SIZE } from '../../src/connectors/plenty/index.js';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { profiles } from '../../src/db/schema/index.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';

const { values } = parseArgs({ options: { variations: { type: 'string', default: '100000' }, changed: { type: 'string', default: '0.01' } } });
const N = Number(values.variations);
const share = Number(values.changed);
const WAREHOUSES = [1, 2];
const WRITE_BATCH = 20;

// ---- sandboxes in their own process --------------------------------------------------------------
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sandboxes.ts', import.meta.url))], {
  env: { ...process.env, BENCH_VARIATIONS: String(N) }, stdio: ['ignore', 'pipe', 'inherit'],
});
const urls = await new Promise<{ plenty: string; magento: string }>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /READY (\{.*\})/.exec(out);
    if (m) resolve(JSON.parse(m[1]!));
  });
  child.on('exit', (code) => reject(new Error(`sandboxes exited with ${code}`)));
});
const control = async (base: string, path: string, method = 'GET', body?: unknown) => {
  const res = await fetch(`${base}/_sandbox${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return method === 'GET' ? res.json() as Promise<{ total: number; byStatus: Record<string, number> }> : undefined;
};
const resetCalls = async () => {
  await control(urls.plenty, '/requests', 'DELETE');
  await control(urls.magento, '/requests', 'DELETE');
};
const countCalls = async () => {
  const p = (await control(urls.plenty, '/requests'))!;
  const m = (await control(urls.magento, '/requests'))!;
  return { total: p.total + m.total, plenty: p.total, magento: m.total, status429: (p.byStatus['429'] ?? 0) + (m.byStatus['429'] ?? 0) };
};

// ---- plentygate side ----------------------------------------------------------------------------
// With PostgreSQL, a database of its own (created here, dropped at the end): never someone else's data.
const server = process.env.DATABASE_URL;
const benchDb = server ? `plentygate_bench_${randomBytes(6).toString('hex')}` : undefined;
const admin = async (sql: string) => {
  const a = await openDatabase({ url: server });
  await a.query(sql, []);
  await a.close();
};
let url: string | undefined;
if (server && benchDb) {
  await admin(`create database ${benchDb}`);
  const u = new URL(server);
  u.pathname = `/${benchDb}`;
  url = u.toString();
}
const db = await openDatabase({ url, dataDir: 'memory://' });
await migrate(db, url);
const box = new SecretBox(randomBytes(32));
const credentials = createCredentialStore(db.db, box);
await credentials.set('plenty', { kind: 'plenty', baseUrl: urls.plenty, username: 'sandbox', password: 'sandbox' });
await credentials.set('magento', { kind: 'magento', baseUrl: urls.magento, auth: { type: 'bearer', token: 'sandbox' } });
const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `bench:${randomUUID()}:` });
const [profile] = await db.db.insert(profiles).values({
  typeId: stockImportType.id, name: 'Stock import', status: 'active',
  config: { warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }], writeBatchSize: WRITE_BATCH },
}).returning();
const registry = new ProfileRegistry([stockImportType]);
const log = pino({ level: 'silent' });
const fullRun = () => executeRun({ db: db.db, registry, log, services: { connectors } }, { profileId: profile!.id, trigger: 'manual', input: { mode: 'full' } });

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

process.stderr.write(`initial import of ${N} variations…\n`);
let t = process.hrtime.bigint();
const initial = await fullRun();
const initialSeconds = seconds(t);

// ---- 1 % of the variations change in PlentyONE (one warehouse each) ------------------------------
const k = Math.round(N * share);
const step = Math.max(1, Math.floor(N / Math.max(1, k)));
for (let i = 0; i < k; i++) {
  await control(urls.plenty, '/stock', 'POST', { variationId: 1000 + ((i * step + 7) % N), warehouseId: WAREHOUSES[i % 2], delta: 5 });
}

// ---- baseline: the same pages, raw ---------------------------------------------------------------
const raw = createPlentyClient({ baseUrl: urls.plenty, username: 'sandbox', password: 'sandbox', tokenStore: createMemoryTokenStore() });
await raw.me();
await resetCalls();
t = process.hrtime.bigint();
let rows = 0;
await Promise.all(WAREHOUSES.map(async (warehouseId) => {
  for await (const page of raw.stock({ warehouseId }).pages()) rows += page.entries.length;
}));
const baselineSeconds = seconds(t);
const baselineCalls = await countCalls();

// ---- the reconciliation --------------------------------------------------------------------------
await resetCalls();
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
t = process.hrtime.bigint();
const result = await fullRun();
const runSeconds = seconds(t);
clearInterval(sampler);
const calls = await countCalls();
const minimum = WAREHOUSES.length * Math.ceil(N / MAX_PAGE_SIZE) + Math.ceil(k / WRITE_BATCH);

const lines = [
  `reconciliation of ${N} variations, ${k} changed (${(share * 100).toFixed(1)} %), database ${db.kind}`,
  `  initial import   ${initialSeconds.toFixed(1)} s (${Math.round(N / initialSeconds)} records/s), status ${initial.status}`,
  `  run              ${result.status}: processed ${result.processed}, updated ${result.updated}, skipped ${result.skipped}, failed ${result.failed}`,
  `  API calls        ${calls.total} (PlentyONE ${calls.plenty}, Magento ${calls.magento}), minimum ${minimum}, ratio ${(calls.total / minimum).toFixed(3)} (target ≤ 1.05), 429s ${calls.status429}`,
  `  records/s        ${Math.round(N / runSeconds)} (${runSeconds.toFixed(2)} s; target ≥ 10,000)`,
  `  baseline         raw paging of the same stock: ${baselineCalls.total} calls, ${rows} rows in ${baselineSeconds.toFixed(2)} s = ${Math.round(N / baselineSeconds)} variations/s`,
  `  vs baseline      profile speed / raw paging speed = ${(baselineSeconds / runSeconds).toFixed(2)}`,
  `  peak RSS         ${mb(peak)} MB during the run, ${mb(process.resourceUsage().maxRSS * 1024)} MB process lifetime (target ≤ 256 MB)`,
];
process.stdout.write(lines.join('\n') + '\n');

await connectors.close();
await db.close();
if (benchDb) await admin(`drop database if exists ${benchDb} with (force)`);
child.kill('SIGTERM');
