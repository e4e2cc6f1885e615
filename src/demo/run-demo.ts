import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { executeRun, type RunResult } from '../profiles/runner.js';
import type { RunningProcess } from '../runtime/processes.js';
import { startSandboxes, type StartedSandboxes } from '../sandbox/start.js';
import { describeDemo } from './banner.js';
import { freshDemoDataDir } from './data-dir.js';
import { demoEnvironment, ensurePortFree, generateSecrets } from './environment.js';
import { freePort } from '../runtime/free-port.js';
import type { DemoOptions } from './options.js';
import { progressDisplay } from './progress.js';
import { configureSandboxProfiles, storeSandboxCredentials } from './sandbox-profiles.js';
import { watchSyncs, type SyncWatcher } from './sync-watch.js';
import { createTraffic, type TrafficEvent } from './traffic.js';

export class DemoFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoFailedError';
  }
}

const print = (line: string): void => {
  process.stdout.write(line + '\n');
};

/**
 * `plentygate demo`: both sandboxes on generated data, plentygate on the embedded default in this
 * process, both syncs configured against the sandboxes, a full stock import, then simulated traffic
 * with each sync printed as it lands. Ctrl-C (or the end of `--once`) stops everything in reverse order.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  if (options.port) await ensurePortFree(options.port);
  const dataDir = freshDemoDataDir(options.dataDir);
  const stop = stopSignal();
  print(`Demo data in ${dataDir.path}${dataDir.wiped ? ' (wiped: every demo starts fresh)' : ''}`);
  const port = options.port || (await freePort());
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const secrets = generateSecrets();

  print(`Starting the PlentyONE and Magento sandboxes (${options.variations.toLocaleString('en')} variations, seed ${options.seed})…`);
  const sandboxes = await startSandboxes({
    seed: options.seed, variations: options.variations,
    plentyWebhookUrl: `${gatewayUrl}/webhooks/plenty`, plentyWebhookSignKey: secrets.plentySignKey,
  });
  // Only order news: the stock import's own writes to MSI need not come back as webhooks.
  sandboxes.magento.sandbox.webhooks.setTargets([
    { url: `${gatewayUrl}/webhooks/magento`, format: 'standard', secret: secrets.magentoWebhookSecret, events: ['order.placed', 'order.saved'] },
  ]);

  let running: RunningProcess | undefined;
  let watcher: SyncWatcher | undefined;
  try {
    print('Starting plentygate (PGlite + embedded queue; the first start takes a while)…');
    const env = demoEnvironment({ dataDir: dataDir.path, port, secrets, logLevel: process.env.LOG_LEVEL });
    const config = loadConfig(env);
    const log = createLogger(config.LOG_LEVEL);
    const { startProcess } = await import('../runtime/processes.js');
    running = await startProcess(config, log, {
      gateway: true,
      gatewayEnv: env,
      onRunFinished: (typeId, result) => watcher?.runFinished(typeId, result),
    });
    const runtime = running.runtime;
    watcher = watchSyncs(sandboxes, {
      print,
      failureReasons: async (runId) => (await runtime.service.run(runId)).messages
        .filter((m) => m.level === 'error' || m.level === 'warn').slice(0, 3)
        .map((m) => (m.recordKey ? `${m.recordKey}: ${m.message}` : m.message)),
    });
    stop.throwIfStopped();

    print('Configuring the order export and stock import profiles for the sandboxes…');
    await storeSandboxCredentials(runtime, sandboxes);
    await configureSandboxProfiles(runtime);

    const result = await fullStockImport(running, sandboxes.catalog.variationCount, stop.signal);
    print(`Stock import run ${result.runId} ${result.status}: ${result.processed} processed, ${result.created + result.updated} written, ` +
      `${result.skipped} skipped, ${result.failed} failed.`);
    if (result.status === 'failed' || result.status === 'paused') {
      throw new DemoFailedError(`The full stock import ${result.status}${result.error ? `: ${result.error}` : ''}.`);
    }
    stop.throwIfStopped();

    for (const line of describeDemo(running.gateway!.url, sandboxes, secrets, options.once ? undefined : options.intervalMs)) print(line);
    watcher.goLive();
    const traffic = createTraffic(sandboxes);
    if (options.once) {
      await once(traffic, watcher, running, options.timeoutMs, stop);
      print('Both synced. Stopping…');
    } else {
      await loop(traffic, watcher, options, stop);
      print('Stopping…');
    }
  } catch (error) {
    if (!(error instanceof StoppedError)) throw error;
    print('Stopping…');
  } finally {
    await running?.stop().catch((error: unknown) => print(`! plentygate did not stop cleanly: ${(error as Error).message}`));
    watcher?.close();
    await sandboxes.close();
    stop.dispose();
  }
  print('Stopped.');
}

async function fullStockImport(running: RunningProcess, variations: number, signal: AbortSignal): Promise<RunResult> {
  const { runtime } = running;
  const profile = await runtime.service.get('plenty_stock_import');
  print('Full stock import: PlentyONE sales warehouses → Magento MSI sources');
  const progress = progressDisplay('  stock import', variations);
  try {
    return await executeRun(
      { db: runtime.db.db, registry: runtime.registry, log: runtime.log, services: runtime.services, signal, onProgress: (p) => progress.update(p) },
      { profileId: profile.id, trigger: 'manual', input: { mode: 'full' } },
    );
  } finally {
    progress.stop();
  }
}

/** One order and one stock change, each waited for; a sync that does not come fails with what is known. */
async function once(traffic: ReturnType<typeof createTraffic>, watcher: SyncWatcher, running: RunningProcess, timeoutMs: number, stop: StopSignal): Promise<void> {
  const order = await traffic.placeOrder();
  print(`placed  order ${order.incrementId} in Magento (${order.qty} × ${order.sku})`);
  const orderSynced = watcher.expectOrder(order.incrementId, order.at);
  const stock = await traffic.changeStock();
  print(`changed stock of ${stock.sku} in PlentyONE warehouse ${stock.warehouseId} to ${stock.quantity} net`);
  const stockSynced = watcher.expectStock(stock.sku, stock.sourceCode, stock.quantity, stock.at);
  const missing: string[] = [];
  await Promise.all([
    within(orderSynced, timeoutMs, stop).catch(() => missing.push(`order ${order.incrementId} did not reach PlentyONE`)),
    within(stockSynced, timeoutMs, stop).catch(() => missing.push(`stock ${stock.sku} ${stock.sourceCode} did not become ${stock.quantity} in Magento`)),
  ]);
  stop.throwIfStopped();
  if (missing.length === 0) return;
  const runs = await lastRuns(running);
  throw new DemoFailedError(`Not synced within ${timeoutMs / 1000} s: ${missing.join('; ')}.\n${runs.join('\n')}`);
}

/** The latest run of each demo profile, for a failure message that says where to look. */
async function lastRuns(running: RunningProcess): Promise<string[]> {
  const lines: string[] = [];
  for (const typeId of ['plenty_order_export', 'plenty_stock_import']) {
    const [run] = await running.runtime.service.history(typeId, 1);
    if (!run) lines.push(`  ${typeId}: no run yet (did the webhook reach the gateway?)`);
    else {
      const details = await running.runtime.service.run(run.id);
      const reasons = details.messages.slice(0, 3).map((m) => m.message).join('; ');
      lines.push(`  ${typeId}: last run ${run.id} ${run.status} (${run.trigger})${run.error ? `: ${run.error}` : ''}${reasons ? ` — ${reasons}` : ''}`);
    }
  }
  return lines;
}

/** Every interval, alternately an order and a stock change, until Ctrl-C. */
async function loop(traffic: ReturnType<typeof createTraffic>, watcher: SyncWatcher, options: DemoOptions, stop: StopSignal): Promise<void> {
  let turn = 0;
  while (!stop.signal.aborted) {
    try {
      const event: TrafficEvent = turn++ % 2 === 0 ? await traffic.placeOrder() : await traffic.changeStock();
      const synced = event.kind === 'order'
        ? watcher.expectOrder(event.incrementId, event.at)
        : watcher.expectStock(event.sku, event.sourceCode, event.quantity, event.at);
      // Not awaited: the next piece of traffic does not wait for this sync, but a sync that never comes is said.
      within(synced, options.timeoutMs, stop).catch(() => {
        if (stop.signal.aborted) return;
        print(event.kind === 'order'
          ? `! order ${event.incrementId} not in PlentyONE after ${options.timeoutMs / 1000} s`
          : `! stock ${event.sku} ${event.sourceCode} not ${event.quantity} in Magento after ${options.timeoutMs / 1000} s`);
      });
    } catch (error) {
      print(`! ${(error as Error).message}`);
    }
    await stop.sleep(options.intervalMs);
  }
}

class StoppedError extends Error {
  constructor() {
    super('stopped');
  }
}

interface StopSignal {
  readonly signal: AbortSignal;
  throwIfStopped(): void;
  sleep(ms: number): Promise<void>;
  dispose(): void;
}

/** Ctrl-C / SIGTERM: the first stops the demo cleanly, a second one exits at once. */
function stopSignal(): StopSignal {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping the demo (Ctrl-C again to quit at once)…\n');
    controller.abort(new StoppedError());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    throwIfStopped() {
      if (controller.signal.aborted) throw new StoppedError();
    },
    sleep(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          controller.signal.removeEventListener('abort', done);
          resolve();
        }
        controller.signal.addEventListener('abort', done, { once: true });
      });
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Resolves with `promise`, or rejects after `ms` or when the demo is stopped. */
function within(promise: Promise<void>, ms: number, stop: StopSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error('timeout'))), ms);
    const onStop = () => finish(() => reject(new StoppedError()));
    stop.signal.addEventListener('abort', onStop, { once: true });
    function finish(settle: () => void) {
      clearTimeout(timer);
      stop.signal.removeEventListener('abort', onStop);
      settle();
    }
    promise.then(() => finish(resolve), (error: unknown) => finish(() => reject(error)));
  });
}
