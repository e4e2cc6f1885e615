/**
 * Reconciliation benchmark: for each catalog size, the initial full stock import, then full stock
 * imports after 1 % of the variations changed in PlentyONE (the reconciliations), against instant
 * sandboxes (a process each, call budget never binding). One table: the initial import's time and
 * records/s, the first (cold) reconciliation's time and records/s, its API calls against the minimum
 * (stock pages of the two mapped sales warehouses at 250 + POSTs of 20 changed source items), 429s, peak
 * RSS of each process, and the reconciliation's speed against a baseline measured just before it (the
 * same stock pages read raw with the PlentyONE client, without the profile, in the same process). Below
 * it, the CPU seconds of plentygate and of each sandbox per run, and a line per warm reconciliation.
 *
 *   npx tsx bench/reconcile/run.ts                                  # 10,000 and 100,000 variations
 *   npx tsx bench/reconcile/run.ts --sizes 10000,100000,1000000     # the million takes several minutes
 *   options: --changed 0.01 (share changed), --repeat 9 (warm rounds after the cold one; 0: the cold one alone),
 *            --plan basic|classic|flex|plus (the PlentyONE sandbox keeps that documented plan's call budget, in
 *            Redis when REDIS_URL is set, each command starting with a fresh window; prints the share of the
 *            budget each run used and its 429s instead of the speed verdict: e.g. --plan classic --sizes 50000 --repeat 0),
 *            --cpu-prof <dir> (V8 CPU profiles of the plentygate processes: the initial import's, and the
 *            session's with all its raw pagings and reconciliations),
 *            --node-options "--max-old-space-size=96" (flags for the plentygate processes only, not the sandboxes),
 *            --built (compile src and the plentygate process with tsc into var/bench-built first and run it with
 *            node alone and the production start's V8 flags from package.json's `start`: the peak RSS of
 *            the built JavaScript, as in production, without tsx's ~40 MB; --node-options "" for V8's defaults)
 *   BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of each run and raw paging alone, as <dir>/<run|raw>-<pid>-<command number>.cpuprofile
 *   BENCH_ALLOC_PROFILE=<dir>: a sampling allocation profile of each run and raw paging, collected objects
 *   included (what the young-generation collections are made of), as <dir>/<run|raw>-<pid>-<command number>.heapprofile
 *
 * Two plentygate processes per size (phase.ts, driven by commands). The initial import is one of its
 * own, so its peak RSS (the kernel's high-water mark for that process) is the import's alone, everything
 * loaded included: tsx compiling the sources adds about 40 MB over the built JavaScript. The raw pagings
 * and reconciliations share the other, a session like the long-lived serve/worker process a
 * reconciliation runs in: V8 compiles most of the code a run keeps hot (TurboFan; far more distinct code than
 * raw paging's) the first time a process runs it, so in production most of that warm-up is paid once,
 * not per run (bench/README.md has the figures). Round 1 is the first work of the fresh session
 * (cold: raw paging, then the reconciliation); each --repeat round after it is warm (the process has
 * paged and reconciled before, as serve has). Issue 19's speed target is judged on the median ratio of
 * the warm rounds, each a reconciliation against the raw paging just before it (one round's ratio
 * scatters by ±0.07 on a shared 2-core machine, whose speed drifts within seconds; the median of nine
 * does not), the cold ratio printed beside it; on the cold one only with --repeat 0; its memory target on the
 * import's process and the session's high-water mark. "at start" is the session's RSS with the code
 * loaded and the database connected, before its first command. DATABASE_URL set: each size gets a
 * PostgreSQL database of its own, dropped at the end (also on Ctrl-C); otherwise an embedded PGlite
 * folder in the temp dir (then the database's memory counts in the RSS). The stock import's own
 * targets: calls ≤ 1.05 × minimum, ≥ 10,000 records/s (at 100,000), peak RSS ≤ 256 MB at any size, no 429.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureSize, onInterrupt, type SandboxCpu, type SizeResult } from './measure.js';
import type { PhaseResult } from './phase.js';
import { compileBuiltPhase, productionFlags } from '../built.js';
import { PLAN_NAMES, resolvePlan, type PlanName } from '../../src/sandbox/plenty/plans.js';

/** The plans `--plan` takes: PlentyONE's documented ones (not the sandbox's `test` plan of 2 s windows). */
const DOCUMENTED_PLANS: readonly PlanName[] = PLAN_NAMES.filter((name) => name !== 'test');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    variations: { type: 'string' },
    changed: { type: 'string', default: '0.01' },
    'cpu-prof': { type: 'string' },
    'node-options': { type: 'string' },
    built: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '9' },
    plan: { type: 'string' },
  },
});
const plan = values.plan as PlanName | undefined;
if (plan !== undefined && !DOCUMENTED_PLANS.includes(plan)) {
  throw new Error(`--plan takes one of PlentyONE's documented plans (${DOCUMENTED_PLANS.join(', ')}), got "${plan}"`);
}
/** The per-user read budget `--plan` binds the runs to. */
const readBudget = plan && resolvePlan(plan);
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

// Ctrl-C (or a kill) still drops the database and stops the sandboxes and the plentygate process.
// `on`, not `once`: tsx sends Ctrl-C's SIGINT again when this process is slow to take the first, and
// with no listener left tsx's own exits at once, leaving the database behind.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: removing what the benchmark made…`);
    void Promise.allSettled([...onInterrupt].map(async (undo) => undo())).then(() => process.exit(130));
  });
}

const builtPhase = values.built ? compileBuiltPhase('reconcile', log) : undefined;
const loadBefore = load();
const results: (SizeResult & { load: string })[] = [];
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 0) throw new Error(`--repeat takes a whole number, got "${values.repeat}"`);
// Once interrupted, a size failing because its processes were stopped is no news: it waits for the
// handler above, which ends the process when everything is removed (not before, as a crash would).
const unlessStopping = (error: unknown) => (stopping ? new Promise<never>(() => {}) : Promise.reject(error));
for (const n of sizes) results.push({ ...(await measureSize(n, share, nodeArgs, log, builtPhase, repeat, plan).catch(unlessStopping)), load: load() });

/** A round's speed against its raw paging: raw paging's seconds over the reconciliation's. */
const ratio = (round: Pick<SizeResult, 'baseline' | 'reconcile'>) => round.baseline.seconds / round.reconcile.seconds;
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
  `${mb(r.session.peakRssBytes)} (${mb(r.session.rssAtStartBytes)})`,
  ratio(r).toFixed(2),
]);
const head = ['variations', 'changed', 'initial import', 'import rec/s', 'reconcile (cold)', 'records/s (cold)', 'API calls / minimum', '429s',
  'peak RSS import MB', 'peak RSS session MB (at start)', 'vs raw paging (cold)'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;

/**
 * Issue 19's targets: ≥ 0.9 × raw paging speed (at 100,000), judged on the median of the warm rounds,
 * as a reconciliation runs in serve (the cold one only with --repeat 0); peak RSS ≤ 160 MB of the built
 * JavaScript (at 1,000,000) for the import's process and the session's.
 */
const RSS_TARGET_MB = 160;
/** The middle value of ascending `values` (the mean of the two middle ones for an even count). */
const median = (values: readonly number[]) => {
  const mid = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
};
function issue19(r: SizeResult): string {
  const judge = (value: number) => `${value >= 0.9 ? 'met' : 'NOT met'} (${value.toFixed(2)})`;
  const warm = r.again.map(ratio).sort((a, b) => a - b);
  const speed = warm.length > 0
    ? `≥ 0.90 × raw paging (warm: the median of ${warm.length} reconciliations in a process that has reconciled before, as serve, `
      + `each against the raw paging just before it): ${judge(median(warm))}, range ${warm[0]!.toFixed(2)}–${warm.at(-1)!.toFixed(2)}; `
      + `first reconciliation of a fresh process: ${ratio(r).toFixed(2)}`
    : `≥ 0.90 × raw paging (cold: the first reconciliation of a fresh process, --repeat 0): ${judge(ratio(r))}`;
  const peaks = [r.initial.peakRssBytes, r.session.peakRssBytes].map((b) => b / 1024 / 1024);
  const memory = values.built
    ? `peak RSS ≤ ${RSS_TARGET_MB} MB for the import's process and the reconciliations' (session): ${peaks.every((p) => p <= RSS_TARGET_MB) ? 'met' : 'NOT met'} (${peaks.map(Math.round).join(', ')} MB)`
    : 'peak RSS: judged only with --built';
  return `issue 19 at ${r.variations.toLocaleString('en')} (targets at 100,000 and 1,000,000): ${speed}; ${memory}`;
}

/**
 * `--plan`: how much of the plan's per-user read budget a command used. PlentyONE's windows are fixed and
 * start with their first call, so N reads on a plan of L reads per W seconds take at least
 * (⌈N / L⌉ − 1) × W (the last window's calls not counted: conservative); the share used is that least
 * time over the command's. Target: no 429 while using ≥ 90 % of the budget.
 */
const BUDGET_TARGET = 0.9;
function budgetUse(name: string, p: Pick<PhaseResult, 'seconds' | 'budget'>): { line: string; met: boolean | undefined } {
  const { readsPerShort: limit, shortWindowSeconds: window } = readBudget!;
  const { reads, refused } = p.budget;
  const windows = Math.ceil(reads / limit);
  // Within one window the budget did not bind, so there is no share to judge; a 429 still fails it.
  if (windows < 2) {
    return { line: `${name} ${reads} reads in ${p.seconds.toFixed(1)} s, within one window: the budget did not bind (more variations make it), ${refused} × 429`, met: refused === 0 ? undefined : false };
  }
  const least = (windows - 1) * window;
  const used = least / p.seconds;
  return {
    line: `${name} ${reads} reads in ${p.seconds.toFixed(1)} s, at least ${least} s on this plan: ${(used * 100).toFixed(0)} % of the budget used, ${refused} × 429`,
    met: refused === 0 && used >= BUDGET_TARGET,
  };
}
function budgetLines(r: SizeResult): string[] {
  const { readsPerShort, shortWindowSeconds } = readBudget!;
  const runs = [
    budgetUse('import', r.initial), budgetUse('raw paging (cold)', r.baseline), budgetUse('reconciliation (cold)', r.reconcile),
    ...r.again.map((a, i) => budgetUse(`reconciliation ${i + 2} (warm)`, a.reconcile)),
  ];
  const judged = runs.filter((u) => u.met !== undefined);
  const verdict = judged.length === 0 ? 'not judged (no run needed two windows)' : judged.every((u) => u.met) ? 'met' : 'NOT met';
  return [
    `${r.variations}: call budget (${plan}: ${readsPerShort} reads per ${shortWindowSeconds} s per user; every command started with a fresh window): ${runs.map((u) => u.line).join('; ')}`,
    `call budget at ${r.variations.toLocaleString('en')}: no 429 while using ≥ ${BUDGET_TARGET * 100} % of the PlentyONE call budget (every run that needed two windows or more): ${verdict}`,
  ];
}

const problems = results.flatMap((r) => [r.initial.run, r.reconcile.run, ...r.again.map((a) => a.reconcile.run)]
  .filter((run) => run.status !== 'completed' || run.failed > 0)
  .map((run) => `${r.variations}: run ${run.runId} ${run.status}, failed ${run.failed}${run.error ? `: ${run.error}` : ''}`));
const parts = (p: PhaseResult) =>
  `RSS ${mb(p.atPeak.rssBytes)} = heap ${mb(p.atPeak.heapCommittedBytes)} (in use ${mb(p.atPeak.heapUsedBytes)}, young ${mb(p.atPeak.youngBytes)}) + external ${mb(p.atPeak.externalBytes)} + code and runtime ${mb(p.atPeak.rssBytes - p.atPeak.heapCommittedBytes - p.atPeak.externalBytes)}`;
const seconds = (s: number | undefined) => (s === undefined ? 'n/a' : `${s.toFixed(2)} s`);
const waited = (p: PhaseResult) => `${p.throttle.waits} (${(p.throttle.waitedMs / 1000).toFixed(1)} s)`;
const gcOf = (p: Pick<PhaseResult, 'gc'>) => `GC ${p.gc.minor.count} young ${(p.gc.minor.ms / 1000).toFixed(1)} s + ${p.gc.major.count} full ${(p.gc.major.ms / 1000).toFixed(1)} s`;
const repeats = results.flatMap((r) => r.again.map((a, i) =>
  `${r.variations}: reconciliation ${i + 2} (warm): ${a.reconcile.seconds.toFixed(2)} s, ${rate(r.variations, a.reconcile.seconds)} records/s, `
  + `${ratio(a).toFixed(2)} × raw paging (${a.baseline.seconds.toFixed(2)} s), CPU s ${a.reconcile.cpuSeconds.toFixed(1)} `
  + `(raw paging ${a.baseline.cpuSeconds.toFixed(1)}), ${gcOf(a.reconcile)} (raw paging ${gcOf(a.baseline)}), calls ${a.calls}, throttle waits ${waited(a.reconcile)}, `
  + `PlentyONE sandbox CPU ${seconds(a.sandbox.reconcile.plenty)}, waited for a CPU ${seconds(a.sandbox.reconcile.plentyWaited)} `
  + `(raw paging ${seconds(a.sandbox.raw.plenty)}, ${seconds(a.sandbox.raw.plentyWaited)}), ${a.reconcile.run.status}, updated ${a.reconcile.run.updated}`));
const memory = results.map((r) => `${r.variations}: memory at the highest RSS sampled (MB): import ${parts(r.initial)}; reconciliation (cold) ${parts(r.reconcile)}`
  + (r.again.length > 0 ? `; last warm reconciliation ${parts(r.again.at(-1)!.reconcile)}` : ''));
const details = results.map((r) =>
  `${r.variations}: CPU s of plentygate / PlentyONE sandbox / Magento sandbox: import ${cpu(r.initial.cpuSeconds, r.sandboxCpu.initial)}, `
  + `reconciliation (cold) ${cpu(r.reconcile.cpuSeconds, r.sandboxCpu.reconcile)}; import ${gcOf(r.initial)}, reconciliation ${gcOf(r.reconcile)}; `
  + `reconciliation processed ${r.reconcile.run.processed}, updated ${r.reconcile.run.updated}, skipped ${r.reconcile.run.skipped}; `
  + `calls PlentyONE ${r.calls.plenty}, Magento ${r.calls.magento}; `
  + `PlentyONE calls that waited for the call budget: import ${waited(r.initial)}, reconciliation ${waited(r.reconcile)}; raw paging (cold) ${r.baseline.calls} calls, ${r.baseline.rows} rows in ${r.baseline.seconds.toFixed(2)} s (CPU ${r.baseline.cpuSeconds.toFixed(1)} s, ${gcOf(r.baseline)}); `
  + `load average after ${r.load}`);
process.stdout.write([
  `reconciliation after ${(share * 100).toFixed(1)} % changed, database ${results[0]?.database}, ${values.built ? 'built JavaScript' : 'tsx'}, node flags: ${v8Flags.join(' ') || 'none'}, ${cpus().length} CPUs, load average (1, 5, 15 min) ${loadBefore} before`,
  line(head),
  `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
  ...rows.map(line),
  ...details,
  ...repeats,
  ...memory,
  "the stock import's own targets: calls ≤ 1.05 × minimum, ≥ 10,000 records/s (at 100,000), peak RSS ≤ 256 MB at any size, no 429; vs raw paging = profile speed / raw paging speed (the raw paging just before, in the same process); cold = the first work of a fresh process, warm = a process that has paged and reconciled before, as serve",
  // Issue 19's speed target is for a budget that never binds; under a plan both sides wait for the API.
  ...(readBudget ? results.flatMap(budgetLines) : results.map(issue19)),
  ...problems,
].join('\n') + '\n');
if (problems.length > 0) process.exitCode = 1;
