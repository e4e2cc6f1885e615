import type { Command } from 'commander';
import type { Runtime } from '../../runtime/open.js';
import type { TestAlertOutcome } from '../../alerts/test-alert.js';
import { positiveInt, withRuntimeOr } from '../context.js';
import { printJson, printTable } from '../output.js';

export function registerAlertCommands(program: Command): void {
  program
    .command('alert:list')
    .description('Alerts raised (failed runs, failing records, dead letters, inbox lag, PlentyONE budget), newest first')
    .option('--limit <n>', 'how many', '50')
    .option('--pending', 'only those not yet delivered')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { limit: string; pending?: boolean; json?: boolean }) => {
      const limit = positiveInt('--limit', options.limit);
      type Rows = Awaited<ReturnType<Runtime['alerts']['store']['list']>>;
      await withRuntimeOr<Rows>({ command: 'alert:list' }, ({ alerts }) => alerts.store.list({ limit, ...(options.pending ? { status: 'pending' as const } : {}) }),
        (api) => api.call('GET', `/alerts?limit=${Math.min(limit, 1000)}${options.pending ? '&status=pending' : ''}`)).then((rows) => {
        if (options.json) return printJson(rows);
        printTable(rows, [['id', 'Id'], ['createdAt', 'Raised'], ['level', 'Level'], ['title', 'Alert'], ['repeats', 'Repeats'], ['status', 'Status'], ['lastError', 'Delivery error']]);
      });
    });

  program
    .command('alert:test')
    .description('Raise a test alert and deliver it now over the configured channels (e-mail, webhook)')
    .action(async () => {
      const { sendTestAlert } = await import('../../alerts/test-alert.js');
      const result = await withRuntimeOr<TestAlertOutcome>({ command: 'alert:test' },
        ({ alerts, db, log }) => sendTestAlert({ db, store: alerts.store, settings: alerts.settings, log }, '`plentygate alert:test`'),
        // serve's channels (its environment) send it; its audit log names the token.
        (api) => api.call('POST', '/alerts/test'));
      process.stdout.write(`${result.message}\n`);
      process.exitCode = result.exitCode;
    });
}
