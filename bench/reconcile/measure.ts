/**
 * One catalog size of the reconciliation benchmark: sandboxes with N variations (a process each),
 * a fresh database, the initial full import (a process of its own), 1 % of the variations changed in
 * PlentyONE, the raw-paging baseline (here), then the reconciliation (another fresh process), counting
 * the API calls both sandboxes answered during it; `repeat` times more from the 1 % changed on (the
 * initial import is what takes long). Everything it made is gone when it returns.
 */
import { readFileSync } from 'node:fs';
import { MAX_PAGE_SIZE } from '../../src/connectors/plenty/index.js';
import { spawnTs } from './children.js';
import { prepareDatabase } from './database.js';
import type { PhaseResult, RawResult } from './phase.js';

export const WAREHOUSES = [1, 2];
/** Source items per POST: Magento's limit for synchronous array inputs when its input limits are on. */
export const WRITE_BATCH = 20;
export const PROFILE_CONFIG = {
  warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }],
  writeBatchSize: WRITE_BATCH,
};

export interface SandboxCpu {
  plenty: number | undefined;
  magento: number | undefined;
}

export interface SizeResult {
  variations: number;
  changed: number;
  database: string;
  initial: PhaseResult;
  reconcile: PhaseResult;
  calls: { total: number; plenty: number; magento: number; status429: number };
  /** Stock pages at the maximum size + POSTs of the changed source items. */
  minimum: number;
  baseline: Baseline;
  /** Further reconciliations (`--repeat`), each after another 1 % changed and its own raw-paging baseline. */
  again: Repeat[];
  /** CPU seconds each sandbox process spent during each run (undefined where /proc is missing). */
  sandboxCpu: { initial: SandboxCpu; reconcile: SandboxCpu };
}

export interface Baseline {
  calls: number;
  rows: number;
  seconds: number;
  /** CPU seconds of the raw paging (a process of its own with the run's node flags, doing nothing else meanwhile). */
  cpuSeconds: number;
  gc: PhaseResult['gc'];
}

export interface Repeat {
  reconcile: PhaseResult;
  calls: number;
  baseline: Baseline;
}

/** Undo steps of the size being measured (sandboxes, database, a run process): run.ts runs them when interrupted. */
export const onInterrupt = new Set<() => unknown>();

/** Runs `body`, then `undo`, also when the benchmark is interrupted meanwhile. */
async function guarded<T>(undo: () => unknown, body: () => Promise<T>): Promise<T> {
  onInterrupt.add(undo);
  try {
    return await body();
  } finally {
    onInterrupt.delete(undo);
    await undo();
  }
}

/** `builtPhase`: the run processes run this compiled phase.js with node alone (no tsx in their memory). */
export async function measureSize(variations: number, share: number, nodeArgs: string[], log: (line: string) => void, builtPhase?: string, repeat = 0): Promise<SizeResult> {
  const sandbox = (system: 'plenty' | 'magento') =>
    spawnTs<{ url: string }>('./sandboxes.ts', 'READY', { BENCH_SYSTEM: system, BENCH_VARIATIONS: String(variations) });
  const plenty = sandbox('plenty');
  const magento = sandbox('magento');
  return guarded(() => [plenty, magento].forEach((s) => s.process.kill('SIGTERM')), async () => {
    const urls = { plenty: (await plenty.message).url, magento: (await magento.message).url };
    const control = sandboxControl(urls);
    const database = await prepareDatabase(urls, PROFILE_CONFIG);
    return guarded(database.drop, async () => {
      const sandboxCpu = () => ({ plenty: cpuSecondsOf(plenty.process.pid!), magento: cpuSecondsOf(magento.process.pid!) });
      /** A process of its own running phase.js: the run, or with `env.BENCH_RAW` the raw paging. */
      const spawnPhase = async <T>(env: Record<string, string> = {}): Promise<[T, SandboxCpu]> => {
        const before = sandboxCpu();
        const run = spawnTs<T>(builtPhase ?? './phase.ts', 'RESULT', { BENCH_TARGET: JSON.stringify(database.target), ...env }, nodeArgs, builtPhase !== undefined);
        const result = await guarded(() => run.process.kill('SIGTERM'), async () => {
          const [message] = await Promise.all([run.message, run.exited]);
          return message;
        });
        const after = sandboxCpu();
        const spent = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a - b);
        return [result, { plenty: spent(after.plenty, before.plenty), magento: spent(after.magento, before.magento) }];
      };
      const phase = () => spawnPhase<PhaseResult>();
      /** The same stock pages the run reads, with the bare PlentyONE client (same node flags, same session): what the profile is compared to. */
      const rawPaging = async (): Promise<Omit<Baseline, 'calls'>> => {
        const [raw] = await spawnPhase<RawResult>({ BENCH_RAW: WAREHOUSES.join(',') });
        return { rows: raw.rows, seconds: raw.seconds, cpuSeconds: raw.cpuSeconds, gc: raw.gc };
      };
      log(`${variations}: initial import…`);
      const [initial, initialSandboxCpu] = await phase();

      const changed = Math.round(variations * share);
      const minimum = WAREHOUSES.length * Math.ceil(variations / MAX_PAGE_SIZE) + Math.ceil(changed / WRITE_BATCH);
      /** 1 % changed in PlentyONE, the raw-paging baseline, then the reconciliation, counting its calls. */
      const reconcileOnce = async () => {
        log(`${variations}: changing ${changed} variations in PlentyONE…`);
        const step = Math.max(1, Math.floor(variations / Math.max(1, changed)));
        for (let i = 0; i < changed; i++) {
          await control.post(urls.plenty, '/stock', { variationId: 1000 + ((i * step + 7) % variations), warehouseId: WAREHOUSES[i % 2], delta: 5 });
        }
        log(`${variations}: baseline (raw paging)…`);
        await control.reset();
        const baseline = await rawPaging();
        const baselineCalls = await control.count();
        log(`${variations}: reconciliation…`);
        await control.reset();
        const [reconcile, reconcileSandboxCpu] = await phase();
        return { reconcile, reconcileSandboxCpu, calls: await control.count(), baseline: { ...baseline, calls: baselineCalls.total } };
      };
      const first = await reconcileOnce();
      const again: Repeat[] = [];
      for (let n = 0; n < repeat; n++) {
        const r = await reconcileOnce();
        again.push({ reconcile: r.reconcile, calls: r.calls.total, baseline: r.baseline });
      }
      return {
        variations, changed, database: database.kind, initial, reconcile: first.reconcile, calls: first.calls, minimum,
        baseline: first.baseline, again,
        sandboxCpu: { initial: initialSandboxCpu, reconcile: first.reconcileSandboxCpu },
      };
    });
  });
}

/** User + system CPU of a process so far, from /proc (Linux; clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The sandboxes' control API: stock changes as warehouse activity would make them, and call counts. */
function sandboxControl(urls: { plenty: string; magento: string }) {
  const call = async (base: string, path: string, method: string, body?: unknown) => {
    const res = await fetch(`${base}/_sandbox${path}`, {
      method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return res.text();
  };
  const requests = async (base: string) =>
    JSON.parse(await call(base, '/requests', 'GET')) as { total: number; byStatus: Record<string, number> };
  return {
    post: (base: string, path: string, body: unknown) => call(base, path, 'POST', body),
    async reset() {
      await call(urls.plenty, '/requests', 'DELETE');
      await call(urls.magento, '/requests', 'DELETE');
    },
    async count() {
      const p = await requests(urls.plenty);
      const m = await requests(urls.magento);
      return { total: p.total + m.total, plenty: p.total, magento: m.total, status429: (p.byStatus['429'] ?? 0) + (m.byStatus['429'] ?? 0) };
    },
  };
}
