import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { profileRef, UsageError, withProfileRef, withProfiles } from '../context.js';
import { printJson } from '../output.js';

export function registerProfileManageCommands(program: Command): void {
  program
    .command('profile:create')
    .description('Create the profile of a type (at most one per type), e.g. plenty_customer_export')
    .requiredOption('--type <typeId>', 'profile type id')
    .option('--name <name>', 'display name')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { type: string; name?: string; json?: boolean }) => {
      await withProfiles('profile:create', async (service) => {
        const row = await service.create(options.type, options.name);
        if (options.json) return printJson(row);
        process.stdout.write(`Created profile ${row.id} (${row.typeId}), status ${row.status}.\n`);
      });
    });

  // profile:test (a dry run on a sample first) is in profile-dry-run.ts.
  for (const [name, verb, description] of [
    ['profile:enable', 'enable', 'Activate a tested profile: its schedules and events start runs'],
    ['profile:disable', 'disable', 'Stop an active profile reacting to schedules and events'],
  ] as const) {
    withProfileRef(program.command(name))
      .description(description)
      .option('--json', 'print JSON for scripts')
      .action(async (options: { id?: string; type?: string; json?: boolean }) => {
        const ref = profileRef(options);
        await withProfiles(name, async (service) => {
          const row = await service[verb](ref);
          if (options.json) return printJson({ id: row.id, typeId: row.typeId, status: row.status });
          process.stdout.write(`Profile ${row.id} (${row.typeId}) is now ${row.status}.\n`);
        });
      });
  }

  withProfileRef(program.command('profile:config:export'))
    .description('Write a profile\'s config and schedules as JSON (stdout, or --file)')
    .option('--file <path>', 'write to this file')
    .action(async (options: { id?: string; type?: string; file?: string }) => {
      const ref = profileRef(options);
      await withProfiles('profile:config:export', async (service) => {
        const text = JSON.stringify(await service.exportConfig(ref), null, 2) + '\n';
        if (options.file) writeFileSync(options.file, text);
        else process.stdout.write(text);
      });
    });

  program
    .command('profile:config:import')
    .description('Apply a JSON document written by profile:config:export (file, or - for stdin)')
    .requiredOption('--file <path>', 'the JSON file, or - to read stdin')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { file: string; json?: boolean }) => {
      let document: unknown;
      const text = readFileSync(options.file === '-' ? 0 : options.file, 'utf8');
      try {
        document = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${options.file} is not valid JSON: ${(error as Error).message}`);
      }
      await withProfiles('profile:config:import', async (service) => {
        const p = await service.importConfig(document);
        if (options.json) return printJson(p);
        process.stdout.write(`Imported the config of profile ${p.id} (${p.typeId}); status ${p.status}.\n`);
        if (p.missing.length) process.stdout.write(`Still missing:\n${p.missing.map((m) => `  - ${m}`).join('\n')}\n`);
      });
    });
}
