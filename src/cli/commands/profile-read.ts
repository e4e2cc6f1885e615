import type { Command } from 'commander';
import { positiveInt, profileRef, withProfileRef, withProfiles } from '../context.js';
import { builtinRegistry } from '../../profiles/registry.js';
import { printFields, printJson, printTable } from '../output.js';

export function registerProfileReadCommands(program: Command): void {
  program
    .command('profile:list')
    .description('List the profiles with their type and status')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { json?: boolean }) => {
      await withProfiles('profile:list', async (service) => {
        const registry = await builtinRegistry();
        const rows = (await service.list()).map((p) => {
          const type = registry.get(p.typeId);
          return {
            id: p.id, typeId: p.typeId, name: p.name, status: p.status, entity: type.entity,
            direction: type.direction, implemented: Boolean(type.stages), createdAt: p.createdAt, updatedAt: p.updatedAt,
          };
        });
        if (options.json) return printJson(rows);
        printTable(rows, [['id', 'ID'], ['typeId', 'Type'], ['name', 'Name'], ['status', 'Status'], ['direction', 'Direction']]);
      });
    });

  withProfileRef(program.command('profile:info'))
    .description('Show a profile: status, config, schedules, what is missing')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { id?: string; type?: string; json?: boolean }) => {
      const ref = profileRef(options);
      await withProfiles('profile:info', async (service) => {
        const p = await service.get(ref);
        if (options.json) return printJson(p);
        printFields([
          ['ID', p.id], ['Type', p.typeId], ['Name', p.name], ['Status', p.status], ['Entity', p.entity],
          ['Direction', p.direction], ['Sync built', p.implemented ? 'yes' : 'not yet in this version'],
          ['Schedules', p.schedules.length ? p.schedules.map((s) => `${s.cron} ${s.timezone} ${s.mode}${s.window ? ` ${s.window.start}-${s.window.end}` : ''}${s.enabled ? '' : ' (off)'}`).join('; ') : '(none)'],
          ['Missing', p.missing.length ? p.missing.join(' ') : '(nothing)'],
        ]);
        process.stdout.write('\nConfig:\n' + JSON.stringify(p.config, null, 2) + '\n');
      });
    });

  withProfileRef(program.command('profile:history'))
    .description('Show the latest runs of a profile, or one run with its messages (--run)')
    .option('--limit <n>', 'how many runs', '20')
    .option('--run <runId>', 'show this run and its messages')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { id?: string; type?: string; limit: string; run?: string; json?: boolean }) => {
      await withProfiles('profile:history', async (service) => {
        if (options.run) {
          const run = await service.run(positiveInt('--run', options.run));
          if (options.json) return printJson(run);
          printFields([
            ['Run', run.id], ['Profile', run.profileId], ['Trigger', run.trigger], ['Mode', run.mode], ['Status', run.status],
            ['Started', run.startedAt], ['Finished', run.finishedAt], ['Processed', run.processed], ['Created', run.created],
            ['Updated', run.updated], ['Skipped', run.skipped], ['Failed', run.failed], ['Error', run.error],
          ]);
          if (run.messages.length) {
            process.stdout.write('\n');
            printTable(run.messages, [['level', 'Level'], ['recordKey', 'Record'], ['message', 'Message']]);
          }
          return;
        }
        const runs = await service.history(profileRef(options), positiveInt('--limit', options.limit));
        if (options.json) return printJson(runs);
        printTable(runs, [
          ['id', 'Run'], ['trigger', 'Trigger'], ['mode', 'Mode'], ['status', 'Status'], ['startedAt', 'Started'],
          ['finishedAt', 'Finished'], ['processed', 'Processed'], ['created', 'Created'], ['updated', 'Updated'],
          ['skipped', 'Skipped'], ['failed', 'Failed'], ['error', 'Error'],
        ]);
      });
    });

  program
    .command('profile:history:clean')
    .description('Delete finished runs older than --days (all profiles, or one with --id/--type)')
    .requiredOption('--days <n>', 'keep runs younger than this many days')
    .option('--id <id>', 'profile id')
    .option('--type <typeId>', 'profile type id')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { days: string; id?: string; type?: string; json?: boolean }) => {
      const days = positiveInt('--days', options.days);
      const ref = options.id || options.type ? profileRef(options) : undefined;
      await withProfiles('profile:history:clean', async (service) => {
        const deleted = await service.cleanHistory(days, ref);
        if (options.json) return printJson({ deleted });
        process.stdout.write(`Deleted ${deleted} run(s) older than ${days} day(s).\n`);
      });
    });
}
