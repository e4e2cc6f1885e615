import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { withRuntime } from '../context.js';

export function registerMigrateCommands(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (serve and worker do this at start too)')
    .action(async () => {
      await withRuntime({ command: 'migrate', migrate: true }, async ({ db, service }) => {
        const profiles = await service.list();
        process.stdout.write(`Database (${db.kind}) is up to date; ${profiles.length} profile(s).\n`);
      });
    });

  program
    .command('secret:generate')
    .description('Print a new random PLENTYGATE_SECRET_KEY (32 bytes, hex)')
    .action(() => {
      process.stdout.write(randomBytes(32).toString('hex') + '\n');
    });
}
