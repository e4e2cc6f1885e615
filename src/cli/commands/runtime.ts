import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createCliLogger } from '../terminal-log.js';

export function registerRuntimeCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the gateway (webhooks, admin API, health, metrics), the workers and the scheduler')
    .option('--gateway-only', 'run no jobs in this process: `worker` processes run them (PostgreSQL + Redis only)')
    .action(async (options: { gatewayOnly?: boolean }) => run(true, !options.gatewayOnly));

  program
    .command('worker')
    .description('Run workers and the scheduler only (scale these out on PostgreSQL + Redis)')
    .action(async () => run(false));
}

/** Runs until SIGINT/SIGTERM, then shuts down gracefully; a second signal exits at once. */
async function run(gateway: boolean, jobs = true): Promise<void> {
  const config = loadConfig();
  const log = createCliLogger(config.LOG_LEVEL);
  // Loaded on demand: the gateway and queue modules are heavy and the other commands do not need them.
  const { startProcess } = await import('../../runtime/processes.js');
  const process_ = await startProcess(config, log, { gateway, jobs });
  const where = process_.gateway ? ` on ${process_.gateway.url}` : '';
  process.stderr.write(
    `plentygate ${gateway ? 'serve' : 'worker'}${jobs ? '' : ' (gateway only: the workers run the jobs)'} running${where} ` +
      `(database: ${process_.runtime.db.kind}, queue: ${process_.runtime.queue?.kind}). Ctrl-C stops it.\n`,
  );
  if (process_.gateway) process.stderr.write(`Admin app: ${process_.gateway.url}/admin  API docs: ${process_.gateway.url}/api/docs\n`);
  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) process.exit(130);
      log.info({ signal }, 'shutting down');
      process_.stop().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
