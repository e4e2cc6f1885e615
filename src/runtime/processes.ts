import { ConfigError, environmentWithDotenv, type Config } from '../config.js';
import { registerSecrets } from '../credentials/scrub.js';
import { weakGatewaySecrets } from '../crypto/secret-strength.js';
import { createGateway, loadGatewaySettings, serveGateway, type ServedGateway } from '../gateway/index.js';
import type { Logger } from '../logger.js';
import { PROFILE_QUEUE } from '../profiles/queue-names.js';
import { loadScheduleSpecs } from '../profiles/schedules.js';
import { startProfileWorker, type ProfileWorkerDeps } from '../profiles/worker.js';
import { createScheduler, type Scheduler } from '../queue/scheduler.js';
import type { Worker } from '../queue/port.js';
import { openRuntime, type Runtime } from './open.js';
import { writeServeAddress } from './serve-address.js';
import { createAlertDispatcher, type AlertDispatcher } from '../alerts/dispatcher.js';
import { countingFailedRuns, processMetrics } from '../gateway/ops/process-metrics.js';
import { serveWorkerOps, workerMetricsPort, type WorkerOps } from '../gateway/ops/worker-ops.js';
import { integrityReportHours, startIntegritySchedule, type IntegritySchedule } from '../reports/integrity/schedule.js';

export interface RunningProcess {
  runtime: Runtime;
  gateway?: ServedGateway;
  /** Graceful: stop accepting, finish in-flight requests and jobs, close connections. */
  stop(): Promise<void>;
}

export interface StartProcessOptions {
  gateway: boolean;
  /**
   * Whether this process runs profile jobs (default true). `serve --gateway-only` sets it false for a
   * scaled-out deployment: the gateway's event loop then only answers webhooks and the admin API, and
   * the `worker` processes run the jobs. PostgreSQL + Redis only (the embedded queue has no other process).
   */
  jobs?: boolean;
  /** Where the gateway settings are read from (default process.env); `plentygate demo` passes its own. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Called when a profile run of this process's worker ends (the demo prints each sync). */
  onRunFinished?: ProfileWorkerDeps['onRunFinished'];
}

/**
 * `serve` (gateway + workers + scheduler) and `worker` (workers + scheduler). Schedules reload
 * periodically, and at once when this process changes them, so a changed schedule needs no restart.
 */
export async function startProcess(config: Config, log: Logger, options: StartProcessOptions): Promise<RunningProcess> {
  // Read (and judged) before anything opens: a bad or weak secret stops start-up with one line per problem.
  // The environment and the working folder's .env, as for every other setting (the admin tokens live there too).
  const jobs = options.jobs ?? true;
  if (!jobs && !(config.DATABASE_URL && config.REDIS_URL)) {
    throw new ConfigError(['serve --gateway-only runs no jobs, so it needs workers beside it: set DATABASE_URL and REDIS_URL and run `plentygate worker` processes. With the embedded database and queue only this process can run them; start `plentygate serve` without --gateway-only.']);
  }
  const settings = options.gateway ? loadGatewaySettings(options.gatewayEnv ?? environmentWithDotenv()) : undefined;
  const weak = settings ? weakGatewaySecrets(settings) : [];
  if (weak.length) throw new ConfigError(weak);
  // The gateway's own secrets are scrubbed from logs and stored error text like the connectors' ones.
  if (settings) {
    const { apiTokens, plenty, magento } = settings;
    registerSecrets(...apiTokens, plenty.signKey, magento.basicAuth?.slice(magento.basicAuth.indexOf(':') + 1), magento.authHeader?.value);
  }
  let scheduler: Scheduler | undefined;
  const runtime = await openRuntime(config, log, {
    command: options.gateway ? 'serve' : 'worker',
    queue: true,
    // Redis down at start: start anyway (webhooks wait in the inbox, readiness says not ready) and
    // apply the schedules once it is back.
    waitForRedis: true,
    onQueueReachable: () => {
      scheduler?.reload().then(
        (applied) => log.info({ schedules: applied.active.length }, 'schedules applied'),
        (error: unknown) => log.warn({ err: error }, 'schedule not applied'),
      );
    },
    onSchedulesChanged: async () => {
      await scheduler?.reload();
    },
  });
  const queue = runtime.queue!;
  let worker: Worker | undefined;
  let gateway: ServedGateway | undefined;
  let alerts: AlertDispatcher | undefined;
  let ops: WorkerOps | undefined;
  let integrity: IntegritySchedule | undefined;
  let forgetAddress = () => {};
  try {
    if (jobs) worker = startProfileWorker({
      db: runtime.db.db, queue, registry: runtime.registry, log, services: runtime.services, concurrency: config.PLENTYGATE_WORKER_CONCURRENCY,
      alerts: countingFailedRuns(runtime.alerts),
      onRunFinished: (typeId, result, ms) => {
        processMetrics().observeRun(typeId, result, ms);
        options.onRunFinished?.(typeId, result, ms);
      },
    });
    alerts = createAlertDispatcher({ db: runtime.db, store: runtime.alerts.store, settings: runtime.alerts.settings, log });
    alerts.start();
    const integrityHours = integrityReportHours(environmentWithDotenv());
    if (integrityHours > 0 && runtime.services.connectors) {
      integrity = startIntegritySchedule({
        db: runtime.db, profiles: runtime.service, connectors: runtime.services.connectors, alerts: runtime.alerts, everyHours: integrityHours, log,
      });
    }
    scheduler = createScheduler(queue, {
      queue: PROFILE_QUEUE,
      load: () => loadScheduleSpecs(runtime.db.db),
      reloadIntervalMs: 15_000,
      onError: (error) => {
        // An outage of Redis is logged once by the queue (and ends with the schedules applied), not per reload.
        if ((error as Error | undefined)?.name !== 'RedisUnavailableError') log.warn({ err: error }, 'schedule not applied');
      },
    });
    try {
      const schedules = await scheduler.start();
      log.info({ schedules: schedules.active.length }, 'scheduler started');
    } catch (error) {
      // The queue is unreachable (logged by the queue): the scheduler retries, and at once when Redis is back.
      if ((error as Error).name !== 'RedisUnavailableError') log.warn({ err: (error as Error).message }, 'schedules not applied yet; retrying');
    }
    const opsPort = options.gateway ? undefined : workerMetricsPort(environmentWithDotenv());
    if (opsPort !== undefined) {
      ops = await serveWorkerOps({ db: runtime.db, queue, queueNames: [PROFILE_QUEUE], port: opsPort, hostname: config.HOST });
      log.info({ url: ops.url }, 'worker metrics listening');
    }
    if (settings) {
      const app = createGateway({ db: runtime.db, queue, settings, logger: log, services: { profiles: runtime.service, connectors: runtime.services.connectors, alerts: runtime.alerts.store, alertSettings: runtime.alerts.settings, credentials: runtime.credentials } });
      gateway = await serveGateway(app, { port: config.PORT, hostname: config.HOST });
      log.info({ url: gateway.url }, 'gateway listening');
      // The embedded database is this process's alone: the CLI finds the admin API here instead.
      if (!config.DATABASE_URL) forgetAddress = writeServeAddress(config.dataDir, gateway.url);
    }
  } catch (error) {
    await ops?.close().catch(() => {});
    await integrity?.stop().catch(() => {});
    await alerts?.stop().catch(() => {});
    await scheduler?.stop().catch(() => {});
    await worker?.close().catch(() => {});
    await runtime.close().catch(() => {});
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    runtime,
    ...(gateway ? { gateway } : {}),
    stop() {
      stopping ??= (async () => {
        forgetAddress();
        await gateway?.close(config.PLENTYGATE_SHUTDOWN_TIMEOUT_MS);
        await scheduler?.stop();
        await worker?.close();
        await integrity?.stop();
        await alerts?.stop();
        await ops?.close();
        await runtime.close();
      })();
      return stopping;
    },
  };
}
