import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { withRuntimeOr } from '../context.js';

export function registerMigrateCommands(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (serve and worker do this at start too)')
    .action(async () => {
      await withRuntimeOr({ command: 'migrate', migrate: true }, async ({ db, service }) => {
        const profiles = await service.list();
        process.stdout.write(`Database (${db.kind}) is up to date; ${profiles.length} profile(s).\n`);
      }, async (api) => {
        // serve migrated the database when it started; nothing can be pending while it runs.
        const profiles = await api.call<unknown[]>('GET', '/profiles');
        process.stdout.write(`Database (pglite, held by serve) is up to date: serve migrated it at start; ${profiles.length} profile(s).\n`);
      });
    });

  program
    .command('secret:generate')
    .description('Print a new random PLENTYGATE_SECRET_KEY (32 bytes, hex)')
    .action(() => {
      process.stdout.write(randomBytes(32).toString('hex') + '\n');
    });
}
