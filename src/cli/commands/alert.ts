import type { Command } from 'commander';
import type { Runtime } from '../../runtime/open.js';
import { positiveInt, withRuntime, withRuntimeOr } from '../context.js';
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
      const { createAlertDispatcher } = await import('../../alerts/dispatcher.js');
      await withRuntime({ command: 'alert:test' }, async ({ alerts, db, log }) => {
        const s = alerts.settings;
        if (!s.email && !s.webhook) {
          process.stdout.write('No alert channel is configured: set PLENTYGATE_ALERT_SMTP_URL (with _EMAIL_FROM and _EMAIL_TO) or PLENTYGATE_ALERT_WEBHOOK_URL (with _WEBHOOK_SECRET).\n');
          process.exitCode = 2;
          return;
        }
        await alerts.store.raise({ kind: 'test', key: `test:${Date.now()}`, level: 'error', title: 'Test alert from plentygate', detail: 'Sent by `plentygate alert:test`.' });
        const dispatcher = createAlertDispatcher({ db, store: alerts.store, settings: s, log });
        try {
          const sent = await dispatcher.tick();
          const pending = await alerts.store.list({ status: 'pending', limit: 1 });
          if (sent.length) process.stdout.write(`Delivered ${sent.length} alert(s) to ${[s.email && s.email.to.join(', '), s.webhook && s.webhook.url].filter(Boolean).join(' and ')}.\n`);
          else if (pending[0]?.lastError) {
            process.stdout.write(`Not delivered: ${pending[0].lastError}\n`);
            process.exitCode = 1;
          } else process.stdout.write('Recorded; another message went out less than PLENTYGATE_ALERT_INTERVAL_S ago, so it goes with the next one.\n');
        } finally {
          await dispatcher.stop();
        }
      });
    });
}
