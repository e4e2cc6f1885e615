/**
 * Catalogue import benchmark (PlentyONE → Magento, the item import): for each catalogue size, the
 * initial full import into an empty Magento store, then a delta after 1 % of the variations got a new
 * price in PlentyONE. Per phase: variations/s, PlentyONE and Magento calls against the minimum, the
 * import process's peak RSS and CPU seconds, and the CPU seconds of each sandbox (image files
 * downloaded from PlentyONE's storage are counted apart: they are not API calls and cost no call
 * budget); the initial import's speed also against a baseline measured in the same run (the same PIM
 * pages read raw with the PlentyONE client, without the profile).
 *
 *   npx tsx bench/catalog-import/run.ts                      # 10,000 and 100,000 variations
 *   npx tsx bench/catalog-import/run.ts --sizes 2000         # a quick look
 *   options: --changed 0.01 (share of variations changed before the delta),
 *            --cpu-prof <dir> (V8 CPU profiles of the import processes),
 *            --node-options="…" (flags for the import processes only),
 *            --built (compile src and phase.ts with tsc into var/bench-built first and run the imports with
 *            node alone: the peak RSS of the built JavaScript, as in production, without tsx's ~40 MB)
 *
 * Each sandbox runs in a process of its own (sandbox.ts) and each import run too (phase.ts), so the peak
 * RSS printed is the import's own (code loaded through tsx, about 40 MB more than the built JavaScript,
 * included unless --built; with PGlite the embedded database's memory too). DATABASE_URL set: a PostgreSQL database of
 * its own per size, dropped at the end; otherwise an embedded PGlite folder in the temp dir.
 *
 * Minimum calls: PlentyONE, ceil(variations / 250) PIM pages + the attribute names (1 + one per mapped
 * attribute); Magento, per product (simple, configurable, child) one global save and one save per
 * further store view, one upload per image (a configurable's super attributes and child links ride in
 * its save). For the delta: the three change scans, one read per 50 changed items and the attribute
 * names when a configurable's child changed on PlentyONE, one save per changed product on Magento.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createMemoryTokenStore, createPlentyClient } from '../../src/connectors/plenty/index.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createLinkStore } from '../../src/profiles/links.js';
import { itemImportType } from '../../src/profiles/types/plenty_item_import/index.js';
import { itemImportConfig } from '../../test/profiles/item-import-world.js';
import { insertProfile } from '../../test/profiles/support/memory-type.js';
import { createPostgresDatabase } from '../../test/support/db.js';
import { spawnTs } from '../reconcile/children.js';
import type { ImportPhase, ImportTarget } from './phase.js';
import { compileBuiltPhase } from '../built.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    changed: { type: 'string', default: '0.01' },
    'cpu-prof': { type: 'string' },
    'node-options': { type: 'string' },
    built: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map((s) => Number(s.replace(/_/g, '')));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers separated by commas, got "${values.sizes}"`);
const share = Number(values.changed);
const nodeArgs = [
  ...(values['node-options']?.split(' ').filter(Boolean) ?? []),
  ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`] : []),
];
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const child = (file: string) => new URL(file, import.meta.url).href;
const builtPhase = values.built ? compileBuiltPhase('catalog-import', log) : undefined;
const PROFILE_CONFIG = { ...itemImportConfig, batchSize: 50, collection: { pageSize: 250 } };
const PIM_WITH = ['base', 'base.item', 'base.texts', 'base.images', 'salesPrices', 'barcodes', 'categories', 'attributeValues'];

/** Undo steps of the size being measured: run on Ctrl-C too. */
const undo: (() => unknown)[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: removing what the benchmark made…`);
    void Promise.allSettled(undo.map(async (u) => u())).then(() => process.exit(130));
  });
}

async function bench(base: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/_bench${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}
const cpuOf = async (base: string) => ((await bench(base, '/cpu')) as { seconds: number }).seconds;

/** API calls by route since the last reset (logins left out; image files from PlentyONE's storage apart). */
async function calls(base: string): Promise<{ api: number; images: number; status429: number }> {
  const { byRoute, byStatus } = (await (await fetch(`${base}/_sandbox/requests`)).json()) as { byRoute: Record<string, number>; byStatus?: Record<string, number> };
  let api = 0;
  let images = 0;
  for (const [route, n] of Object.entries(byRoute)) {
    if (route.includes('/item/images/')) images += n;
    else if (!route.includes('/login')) api += n;
  }
  return { api, images, status429: byStatus?.['429'] ?? 0 };
}
const reset = (base: string) => fetch(`${base}/_sandbox/requests`, { method: 'DELETE' });

/** A database with the credentials, the profile and the category links a category sync leaves; closed again. */
async function prepareDatabase(urls: { plenty: string; magento: string }, categories: { index: number; categoryId: number }[]) {
  const pg = process.env.DATABASE_URL ? await createPostgresDatabase() : undefined;
  const dataDir = pg ? undefined : mkdtempSync(join(tmpdir(), 'plentygate-catalog-import-'));
  const drop = async () => (pg ? pg.drop() : rmSync(dataDir!, { recursive: true, force: true }));
  undo.push(drop);
  const handle = await openDatabase({ url: pg?.url, dataDir });
  await migrate(handle, pg?.url);
  const secretKey = randomBytes(32);
  const credentials = createCredentialStore(handle.db, new SecretBox(secretKey));
  await credentials.set('plenty', { kind: 'plenty', baseUrl: urls.plenty, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: urls.magento, auth: { type: 'bearer', token: 'sandbox' } });
  const profile = await insertProfile(handle.db, itemImportType.id, PROFILE_CONFIG);
  // Magento category 3 + index ↔ PlentyONE category (as in the item import tests).
  await createLinkStore(handle.db).upsertMany(categories.map((c) => ({ entityType: 'category', magentoKey: String(3 + c.index), plentyId: String(c.categoryId) })));
  await handle.close();
  const target: ImportTarget = { url: pg?.url, dataDir, secretKey: secretKey.toString('hex'), profileId: profile.id };
  return { kind: handle.kind, target, drop };
}

interface Measured {
  phase: ImportPhase;
  plenty: { api: number; images: number; status429: number; cpu: number };
  magento: { api: number; status429: number; cpu: number };
}

async function measure(n: number) {
  const sandbox = (system: string) => spawnTs<{ url: string }>(child('./sandbox.ts'), 'READY', { BENCH_SYSTEM: system, BENCH_VARIATIONS: String(n) });
  const sandboxes = [sandbox('plenty'), sandbox('magento')];
  undo.push(() => sandboxes.forEach((s) => s.process.kill('SIGTERM')));
  const [plenty, magento] = await Promise.all(sandboxes.map(async (s) => (await s.message).url)) as [string, string];
  const info = (await bench(plenty, '/catalog')) as { categories: { index: number; categoryId: number }[]; minimum: { plenty: number; magento: number } };
  const database = await prepareDatabase({ plenty, magento }, info.categories);

  const phase = async (mode: 'full' | 'delta'): Promise<Measured> => {
    await Promise.all([reset(plenty), reset(magento)]);
    const cpuBefore = await Promise.all([cpuOf(plenty), cpuOf(magento)]);
    const env = { BENCH_TARGET: JSON.stringify(database.target), BENCH_MODE: mode };
    const run = spawnTs<ImportPhase>(builtPhase ?? child('./phase.ts'), 'RESULT', env, nodeArgs, builtPhase !== undefined);
    const [result] = await Promise.all([run.message, run.exited]);
    const [p, m] = await Promise.all([calls(plenty), calls(magento)]);
    const cpuAfter = await Promise.all([cpuOf(plenty), cpuOf(magento)]);
    return { phase: result, plenty: { ...p, cpu: cpuAfter[0] - cpuBefore[0] }, magento: { api: m.api, status429: m.status429, cpu: cpuAfter[1] - cpuBefore[1] } };
  };

  log(`${n.toLocaleString('en')} variations: initial import…`);
  const initial = await phase('full');
  log(`${n.toLocaleString('en')} variations: ${(share * 100).toFixed(1)} % changed, delta…`);
  const change = (await bench(plenty, '/change', { share })) as { changed: number; items: number; minimum: number };
  const delta = await phase('delta');

  log(`${n.toLocaleString('en')} variations: baseline (raw PIM paging)…`);
  const client = createPlentyClient({ baseUrl: plenty, username: 'sandbox', password: 'sandbox', tokenStore: createMemoryTokenStore() });
  await client.me();
  const started = performance.now();
  for await (const page of client.pim.variations({ with: PIM_WITH, pageSize: 250 }).pages()) void page;
  const baselineSeconds = (performance.now() - started) / 1000;

  return { n, kind: database.kind, initial, delta, change, minimum: info.minimum, baselineSeconds, load: load() };
}

const loadBefore = load();
const results: Awaited<ReturnType<typeof measure>>[] = [];
for (const n of sizes) {
  try {
    results.push(await measure(n));
  } finally {
    // Also when a run process failed: no sandbox or database is left behind.
    while (undo.length) await undo.pop()!();
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)}`;
const ratio = (a: number, b: number) => `${a} / ${b} (${(a / b).toFixed(3)}×)`;
const cpu = (m: Measured) => [m.phase.cpuSeconds, m.plenty.cpu, m.magento.cpu].map((s) => s.toFixed(1)).join(' / ');
const head = ['variations', 'initial var/s', 'PlentyONE calls / min', 'image files', 'Magento calls / min', 'peak RSS MB', 'vs raw paging',
  'delta changed/s', 'PlentyONE calls / min', 'Magento calls / min', 'peak RSS MB'];
const rows = results.map((r) => [
  r.n.toLocaleString('en'),
  `${Math.round(r.n / r.initial.phase.seconds)}`, ratio(r.initial.plenty.api, r.minimum.plenty), `${r.initial.plenty.images}`,
  ratio(r.initial.magento.api, r.minimum.magento), mb(r.initial.phase.peakRssBytes), (r.baselineSeconds / r.initial.phase.seconds).toFixed(3),
  `${Math.round(r.change.changed / r.delta.phase.seconds)}`, ratio(r.delta.plenty.api, r.change.minimum),
  ratio(r.delta.magento.api, r.change.changed), mb(r.delta.phase.peakRssBytes),
]);
const details = results.map((r) => `${r.n.toLocaleString('en')}: initial ${r.initial.phase.seconds.toFixed(1)} s, delta ${r.delta.phase.seconds.toFixed(1)} s; `
  + `CPU s of plentygate / PlentyONE sandbox / Magento sandbox: initial ${cpu(r.initial)}, delta ${cpu(r.delta)}; `
  + `RSS at start ${mb(r.initial.phase.rssBeforeBytes)} MB; 429s ${r.initial.plenty.status429 + r.initial.magento.status429 + r.delta.plenty.status429 + r.delta.magento.status429}; `
  + `raw paging ${r.baselineSeconds.toFixed(1)} s; load average after ${r.load}`);
const problems = results.flatMap((r) => [r.initial.phase.run, r.delta.phase.run]
  .filter((run) => run.status !== 'completed' || run.failed > 0)
  .map((run) => `${r.n}: run ${run.runId} ${run.status}, failed ${run.failed}${run.error ? `: ${run.error}` : ''}`));
process.stdout.write([
  `item import${builtPhase ? ' (built JavaScript)' : ' (through tsx)'}, database ${results[0]?.kind}, ${cpus().length} CPUs, load average (1, 5, 15 min) ${loadBefore} before`,
  `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`),
  ...details, ...problems,
].join('\n') + '\n');
if (problems.length > 0) process.exitCode = 1;
