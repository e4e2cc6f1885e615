/**
 * One catalog size of the reconciliation benchmark: sandboxes with N variations (a process each), a
 * fresh database, the initial full import (a plentygate process of its own, so its peak RSS is the
 * import's alone), then rounds of: 1 % of the variations changed in PlentyONE, the raw-paging baseline,
 * the reconciliation, counting the API calls both sandboxes answered during each. The rounds share one
 * plentygate process (a session, phase.ts), as reconciliations share the long-lived serve/worker process
 * in production: V8 compiles most of the hot code of paging and reconciling the first time a process
 * runs it, so the first round, the first work of a fresh process, is "cold" and pays for that, and the
 * `repeat` rounds after it are "warm" as in serve (bench/README.md has the figures). Everything it
 * made is gone when it returns.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_PAGE_SIZE } from '../../src/connectors/plenty/index.js';
import { resolvePlan, type PlanName } from '../../src/sandbox/plenty/plans.js';
import { spawnTs, startSession } from './children.js';
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
  /**
   * Seconds the PlentyONE sandbox's main thread was ready to run but waited for a CPU (its schedstat):
   * what plentygate, PostgreSQL and the rest took from the API's pace on the shared cores.
   */
  plentyWaited: number | undefined;
}

export interface SizeResult {
  variations: number;
  changed: number;
  database: string;
  initial: PhaseResult;
  /** The first (cold) round's reconciliation, its calls and its baseline. */
  reconcile: PhaseResult;
  calls: { total: number; plenty: number; magento: number; status429: number };
  /** Stock pages at the maximum size + POSTs of the changed source items. */
  minimum: number;
  baseline: Baseline;
  /** The warm rounds (`--repeat`) in the same session, each after another 1 % changed and with its own raw-paging baseline. */
  again: Repeat[];
  /** The raw pagings' and reconciliations' process: its RSS before its first command, and its peak after its last (the high-water mark of all). */
  session: { rssAtStartBytes: number; peakRssBytes: number };
  /** CPU seconds each sandbox process spent during the initial import and the cold reconciliation (undefined where /proc is missing). */
  sandboxCpu: { initial: SandboxCpu; reconcile: SandboxCpu };
}

export interface Baseline {
  calls: number;
  rows: number;
  seconds: number;
  /** CPU seconds of the raw paging (in the reconciliations' process, before its reconciliation, doing nothing else meanwhile). */
  cpuSeconds: number;
  gc: PhaseResult['gc'];
  budget: PhaseResult['budget'];
}

/** A command to a session's process: its RESULT and the CPU each sandbox spent meanwhile. */
type Ask = <R>(command: string) => Promise<[R, SandboxCpu]>;

export interface Repeat {
  reconcile: PhaseResult;
  calls: number;
  baseline: Baseline;
  /** The sandboxes' CPU (and the PlentyONE sandbox's wait for a CPU) during the reconciliation and during its raw paging. */
  sandbox: { reconcile: SandboxCpu; raw: SandboxCpu };
}

/** Undo steps of the size being measured (sandboxes, database, a plentygate process): run.ts runs them when interrupted. */
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

/**
 * `builtPhase`: the plentygate processes run this compiled phase.js with node alone (no tsx in their memory).
 * `plan`: the PlentyONE sandbox keeps that plan's call budget (sandboxes.ts), and every command starts
 * with a full window, as a scheduled reconciliation after a quiet minute does: the benchmark waits out the
 * window the command before it used (unmeasured), so each run's budget use is its own.
 */
export async function measureSize(variations: number, share: number, nodeArgs: string[], log: (line: string) => void, builtPhase?: string, repeat = 1, plan?: PlanName): Promise<SizeResult> {
  const planEnv: Record<string, string> = plan ? { BENCH_PLAN: plan } : {};
  const sandbox = (system: 'plenty' | 'magento') =>
    spawnTs<{ url: string }>('./sandboxes.ts', 'READY', { BENCH_SYSTEM: system, BENCH_VARIATIONS: String(variations), ...planEnv });
  const windowMs = plan ? resolvePlan(plan).shortWindowSeconds * 1000 : 0;
  /** When the last command ended: under a plan, the next waits until the window its calls opened is over. */
  let lastEnded: number | undefined;
  const freshWindow = async () => {
    if (!plan || lastEnded === undefined) return;
    const wait = lastEnded + windowMs + 1000 - Date.now();
    if (wait > 0) {
      log(`${variations}: waiting ${Math.ceil(wait / 1000)} s for a fresh call budget window (${plan})…`);
      await sleep(wait);
    }
  };
  const plenty = sandbox('plenty');
  const magento = sandbox('magento');
  return guarded(() => [plenty, magento].forEach((s) => s.process.kill('SIGTERM')), async () => {
    const urls = { plenty: (await plenty.message).url, magento: (await magento.message).url };
    const control = sandboxControl(urls);
    const database = await prepareDatabase(urls, PROFILE_CONFIG);
    return guarded(database.drop, async () => {
      const sandboxCpu = () => ({ plenty: cpuSecondsOf(plenty.process.pid!), magento: cpuSecondsOf(magento.process.pid!), plentyWaited: runQueueSecondsOf(plenty.process.pid!) });
      /** A fresh process running phase.js for `body`'s commands, closed after them (killed when interrupted or on an error). */
      const inSession = <T>(body: (ask: Ask) => Promise<T>): Promise<T> => {
        const session = startSession(builtPhase ?? './phase.ts', { BENCH_TARGET: JSON.stringify(database.target), ...planEnv }, nodeArgs, builtPhase !== undefined);
        const ask: Ask = async <R>(command: string): Promise<[R, SandboxCpu]> => {
          await freshWindow();
          const before = sandboxCpu();
          const result = await session.ask<R>(command);
          lastEnded = Date.now();
          const after = sandboxCpu();
          const spent = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a - b);
          return [result, { plenty: spent(after.plenty, before.plenty), magento: spent(after.magento, before.magento), plentyWaited: spent(after.plentyWaited, before.plentyWaited) }];
        };
        return guarded(() => session.process.kill('SIGTERM'), async () => {
          const result = await body(ask);
          await session.close();
          return result;
        });
      };
      log(`${variations}: initial import…`);
      // A process of its own, so its peak RSS is the import's alone.
      const [initial, initialSandboxCpu] = await inSession((ask) => ask<PhaseResult>('run'));

      const changed = Math.round(variations * share);
      const minimum = WAREHOUSES.length * Math.ceil(variations / MAX_PAGE_SIZE) + Math.ceil(changed / WRITE_BATCH);
      /** 1 % changed in PlentyONE, the raw-paging baseline, then the reconciliation, counting the calls of each. */
      const reconcileOnce = async (ask: Ask, round: string) => {
        log(`${variations}: changing ${changed} variations in PlentyONE…`);
        const step = Math.max(1, Math.floor(variations / Math.max(1, changed)));
        for (let i = 0; i < changed; i++) {
          await control.post(urls.plenty, '/stock', { variationId: 1000 + ((i * step + 7) % variations), warehouseId: WAREHOUSES[i % 2], delta: 5 });
        }
        log(`${variations}: baseline (raw paging, ${round})…`);
        await control.reset();
        const [raw, rawSandbox] = await ask<RawResult>(`raw ${WAREHOUSES.join(',')}`);
        const baselineCalls = await control.count();
        log(`${variations}: reconciliation (${round})…`);
        await control.reset();
        const [reconcile, reconcileSandboxCpu] = await ask<PhaseResult>('run');
        const baseline = { calls: baselineCalls.total, rows: raw.rows, seconds: raw.seconds, cpuSeconds: raw.cpuSeconds, gc: raw.gc, budget: raw.budget };
        return { reconcile, reconcileSandboxCpu, calls: await control.count(), baseline, rssBeforeBytes: raw.rssBeforeBytes, sandbox: { reconcile: reconcileSandboxCpu, raw: rawSandbox } };
      };
      // The raw pagings and reconciliations share one process, as they share serve's: round 1 is its first work (cold), the later ones warm.
      const [first, again] = await inSession(async (ask) => {
        const cold = await reconcileOnce(ask, 'cold');
        const warm: Repeat[] = [];
        for (let n = 0; n < repeat; n++) {
          const r = await reconcileOnce(ask, `warm ${n + 1}`);
          warm.push({ reconcile: r.reconcile, calls: r.calls.total, baseline: r.baseline, sandbox: r.sandbox });
        }
        return [cold, warm] as const;
      });
      return {
        variations, changed, database: database.kind, initial, reconcile: first.reconcile, calls: first.calls, minimum,
        baseline: first.baseline, again,
        session: { rssAtStartBytes: first.rssBeforeBytes, peakRssBytes: (again.at(-1) ?? first).reconcile.peakRssBytes },
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

/** Seconds the process's main thread has spent ready to run but waiting for a CPU (Linux schedstat), or undefined. */
function runQueueSecondsOf(pid: number): number | undefined {
  try {
    const [, waitNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ');
    return Number(waitNs) / 1e9;
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
