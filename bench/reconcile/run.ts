/**
 * Reconciliation benchmark: for each catalog size, the initial full stock import, then a full stock
 * import after 1 % of the variations changed in PlentyONE (the reconciliation), against instant
 * sandboxes (a process each, call budget never binding). One table: the initial import's time and
 * records/s, the reconciliation's time and records/s, its API calls against the minimum (stock pages of
 * the two mapped sales warehouses at 250 + POSTs of 20 changed source items), 429s, peak RSS of each
 * run, and the reconciliation's speed against a baseline measured in the same run (the same stock
 * pages read raw with the PlentyONE client, without the profile, in a process of its own with the same
 * node flags and session as the run). Below it, the CPU seconds of
 * plentygate and of each sandbox per run (what the shared machine's load does not inflate).
 *
 *   npx tsx bench/reconcile/run.ts                                  # 10,000 and 100,000 variations
 *   npx tsx bench/reconcile/run.ts --sizes 10000,100000,1000000     # the million takes several minutes
 *   options: --changed 0.01 (share changed), --cpu-prof <dir> (V8 CPU profiles of the run processes),
 *            --node-options "--max-old-space-size=96" (flags for the run processes only, not the sandboxes),
 *            --built (compile src and the run process with tsc into var/bench-built first and run it with
 *            node alone and the production start's V8 flags from package.json's `start`: the peak RSS of
 *            the built JavaScript, as in production, without tsx's ~40 MB; --node-options "" for V8's defaults)
 *   BENCH_ALLOC_PROFILE=<dir>: a sampling allocation profile of each run and raw paging, collected objects
 *   included (what the young-generation collections are made of), as <dir>/<run|raw>-<pid>.heapprofile
 *
 * Each run (initial import, reconciliation) is a process of its own per size, so its peak RSS (the
 * kernel's high-water mark for that process) is that run's alone, everything loaded included: tsx
 * compiling the sources adds about 40 MB over the built JavaScript; "at start" is the RSS with the
 * code loaded and the database connected, before the run. DATABASE_URL set: each size gets a PostgreSQL
 * database of its own, dropped at the end (also on Ctrl-C); otherwise an embedded PGlite folder in the
 * temp dir (then the database's memory counts in the RSS). Targets (DESIGN.md, at 100,000): calls
 * ≤ 1.05 × minimum, ≥ 10,000 records/s, peak RSS ≤ 256 MB at any size, no 429.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureSize, onInterrupt, type SandboxCpu, type SizeResult } from './measure.js';
import type { PhaseResult } from './phase.js';
import { compileBuiltPhase, productionFlags } from '../built.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    variations: { type: 'string' },
    changed: { type: 'string', default: '0.01' },
    'cpu-prof': { type: 'string' },
    'node-options': { type: 'string' },
    built: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '0' },
  },
});
const sizes = (values.variations ?? values.sizes).split(',').map((s) => Number(s.replace(/_/g, '')));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers separated by commas, got "${values.sizes}"`);
const share = Number(values.changed);
// Built runs are production runs: they get its flags unless --node-options names others ("" for V8's defaults).
const v8Flags = values['node-options']?.split(' ').filter(Boolean) ?? (values.built ? productionFlags : []);
const nodeArgs = [
  ...v8Flags,
  ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`] : []),
];
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

// Ctrl-C (or a kill) still drops the database and stops the sandboxes and the run process.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: removing what the benchmark made…`);
    void Promise.allSettled([...onInterrupt].map(async (undo) => undo())).then(() => process.exit(130));
  });
}

const builtPhase = values.built ? compileBuiltPhase('reconcile', log) : undefined;
const loadBefore = load();
const results: (SizeResult & { load: string })[] = [];
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 0) throw new Error(`--repeat takes a whole number, got "${values.repeat}"`);
for (const n of sizes) results.push({ ...(await measureSize(n, share, nodeArgs, log, builtPhase, repeat)), load: load() });

const cpu = (own: number, sandboxes: SandboxCpu) => [own, sandboxes.plenty, sandboxes.magento].map((s) => (s === undefined ? 'n/a' : s.toFixed(1))).join(' / ');
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)}`;
const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString('en');
const rows = results.map((r) => [
  r.variations.toLocaleString('en'),
  r.changed.toLocaleString('en'),
  `${r.initial.seconds.toFixed(1)} s`,
  rate(r.variations, r.initial.seconds),
  `${r.reconcile.seconds.toFixed(2)} s`,
  rate(r.variations, r.reconcile.seconds),
  `${r.calls.total} / ${r.minimum} = ${(r.calls.total / r.minimum).toFixed(3)}`,
  String(r.calls.status429),
  mb(r.initial.peakRssBytes),
  `${mb(r.reconcile.peakRssBytes)} (${mb(r.reconcile.rssBeforeBytes)})`,
  (r.baseline.seconds / r.reconcile.seconds).toFixed(2),
]);
const head = ['variations', 'changed', 'initial import', 'import rec/s', 'reconcile', 'records/s', 'API calls / minimum', '429s',
  'peak RSS import MB', 'peak RSS reconcile MB (at start)', 'vs raw paging'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;

/** Issue 19's targets: ≥ 0.9 × raw paging speed (at 100,000), peak RSS ≤ 160 MB for both runs of the built JavaScript (at 1,000,000). */
const RSS_TARGET_MB = 160;
function issue19(r: SizeResult): string {
  const ratio = r.baseline.seconds / r.reconcile.seconds;
  const peaks = [r.initial.peakRssBytes, r.reconcile.peakRssBytes].map((b) => b / 1024 / 1024);
  const memory = values.built
    ? `peak RSS ≤ ${RSS_TARGET_MB} MB for import and reconciliation: ${peaks.every((p) => p <= RSS_TARGET_MB) ? 'met' : 'NOT met'}`
    : 'peak RSS: judged only with --built';
  return `issue 19 at ${r.variations.toLocaleString('en')} (targets at 100,000 and 1,000,000): ≥ 0.90 × raw paging: ${ratio >= 0.9 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}); ${memory}`;
}

const problems = results.flatMap((r) => [r.initial.run, r.reconcile.run, ...r.again.map((a) => a.reconcile.run)]
  .filter((run) => run.status !== 'completed' || run.failed > 0)
  .map((run) => `${r.variations}: run ${run.runId} ${run.status}, failed ${run.failed}${run.error ? `: ${run.error}` : ''}`));
const parts = (p: PhaseResult) =>
  `RSS ${mb(p.atPeak.rssBytes)} = heap ${mb(p.atPeak.heapCommittedBytes)} (in use ${mb(p.atPeak.heapUsedBytes)}, young ${mb(p.atPeak.youngBytes)}) + external ${mb(p.atPeak.externalBytes)} + code and runtime ${mb(p.atPeak.rssBytes - p.atPeak.heapCommittedBytes - p.atPeak.externalBytes)}`;
const waited = (p: PhaseResult) => `${p.throttle.waits} (${(p.throttle.waitedMs / 1000).toFixed(1)} s)`;
const gcOf = (p: Pick<PhaseResult, 'gc'>) => `GC ${p.gc.minor.count} young ${(p.gc.minor.ms / 1000).toFixed(1)} s + ${p.gc.major.count} full ${(p.gc.major.ms / 1000).toFixed(1)} s`;
const repeats = results.flatMap((r) => r.again.map((a, i) =>
  `${r.variations}: reconciliation ${i + 2}: ${a.reconcile.seconds.toFixed(2)} s, ${rate(r.variations, a.reconcile.seconds)} records/s, `
  + `${(a.baseline.seconds / a.reconcile.seconds).toFixed(2)} × raw paging (${a.baseline.seconds.toFixed(2)} s), CPU s ${a.reconcile.cpuSeconds.toFixed(1)} `
  + `(raw paging ${a.baseline.cpuSeconds.toFixed(1)}), ${gcOf(a.reconcile)} (raw paging ${gcOf(a.baseline)}), calls ${a.calls}, throttle waits ${waited(a.reconcile)}, ${a.reconcile.run.status}, updated ${a.reconcile.run.updated}`));
const memory = results.map((r) => `${r.variations}: memory at the highest RSS sampled (MB): import ${parts(r.initial)}; reconciliation ${parts(r.reconcile)}`);
const details = results.map((r) =>
  `${r.variations}: CPU s of plentygate / PlentyONE sandbox / Magento sandbox: import ${cpu(r.initial.cpuSeconds, r.sandboxCpu.initial)}, `
  + `reconciliation ${cpu(r.reconcile.cpuSeconds, r.sandboxCpu.reconcile)}; import ${gcOf(r.initial)}, reconciliation ${gcOf(r.reconcile)}; `
  + `reconciliation processed ${r.reconcile.run.processed}, updated ${r.reconcile.run.updated}, skipped ${r.reconcile.run.skipped}; `
  + `calls PlentyONE ${r.calls.plenty}, Magento ${r.calls.magento}; `
  + `PlentyONE calls that waited for the call budget: import ${waited(r.initial)}, reconciliation ${waited(r.reconcile)}; raw paging ${r.baseline.calls} calls, ${r.baseline.rows} rows in ${r.baseline.seconds.toFixed(2)} s (CPU ${r.baseline.cpuSeconds.toFixed(1)} s, ${gcOf(r.baseline)}); `
  + `load average after ${r.load}`);
process.stdout.write([
  `reconciliation after ${(share * 100).toFixed(1)} % changed, database ${results[0]?.database}, ${values.built ? 'built JavaScript' : 'tsx'}, node flags: ${v8Flags.join(' ') || 'none'}, ${cpus().length} CPUs, load average (1, 5, 15 min) ${loadBefore} before`,
  line(head),
  `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
  ...rows.map(line),
  ...details,
  ...repeats,
  ...memory,
  'targets (DESIGN.md): calls ≤ 1.05 × minimum, ≥ 10,000 records/s, peak RSS ≤ 256 MB at any size, no 429; vs raw paging = profile speed / raw paging speed',
  ...results.map(issue19),
  ...problems,
].join('\n') + '\n');
if (problems.length > 0) process.exitCode = 1;
