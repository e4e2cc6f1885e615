/**
 * Dry runs and test executions from the CLI (`profile:run --dry-run`, `profile:test`), and the fields a
 * type's mapping may use (`profile:fields`). The work is the profile service's (src/mapping/dry-run.ts).
 */
import type { Command } from 'commander';
import type { DryRunReport } from '../../mapping/dry-run.js';
import type { RunInput } from '../../profiles/profile-type.js';
import { builtinRegistry } from '../../profiles/registry.js';
import { positiveInt, profileRef, UsageError, withProfileRef, withProfiles } from '../context.js';
import { printJson } from '../output.js';

async function printReport(report: DryRunReport): Promise<void> {
  const { describeRecord, summarize } = await import('../../mapping/dry-run.js');
  process.stdout.write(`${summarize(report)}\n`);
  for (const record of report.records) process.stdout.write(`  ${record.key}: ${describeRecord(record)}\n`);
  process.stdout.write(`Stored as run ${report.runId} (plentygate profile:history --run ${report.runId}).\n`);
}

/** `profile:run --dry-run`: exit 0, 3 when records would fail, 1 when the dry run itself failed. */
export async function dryRunCommand(ref: number | string, input: RunInput, options: { limit?: string; json?: boolean }): Promise<void> {
  const limit = options.limit === undefined ? undefined : positiveInt('--limit', options.limit);
  await withProfiles('profile:run', async (service) => {
    const report = await service.dryRun(ref, input, limit);
    process.exitCode = report.error ? 1 : report.counts.fail > 0 ? 3 : 0;
    if (options.json) return printJson(report);
    await printReport(report);
  });
}

export function registerProfileTestCommands(program: Command): void {
  withProfileRef(program.command('profile:test'))
    .description('Dry-run the profile on a sample against both systems (nothing written) and mark it tested when that succeeds')
    .option('--sample <n>', 'records to examine (default 10)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { id?: string; type?: string; sample?: string; json?: boolean }) => {
      const ref = profileRef(options);
      const sample = options.sample === undefined ? undefined : positiveInt('--sample', options.sample);
      await withProfiles('profile:test', async (service) => {
        const row = await service.test(ref, { execute: true, ...(sample ? { sample } : {}) });
        if (options.json) return printJson({ id: row.id, typeId: row.typeId, status: row.status, testRun: row.testRun });
        if (row.testRun) {
          const run = await service.run(row.testRun.runId);
          process.stdout.write(`${row.testRun.summary}\n`);
          for (const m of run.messages.slice(1)) process.stdout.write(`  ${m.recordKey ?? ''}: ${m.message.replace(/^Dry run: /, '')}\n`);
        }
        process.stdout.write(`Profile ${row.id} (${row.typeId}) is now ${row.status}.\n`);
      });
    });

  program
    .command('profile:fields')
    .description('List the source and target fields a profile type\'s mapping may use')
    .requiredOption('--type <typeId>', 'profile type id, e.g. plenty_order_export')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { type: string; json?: boolean }) => {
      const registry = await builtinRegistry();
      if (!registry.has(options.type)) throw new UsageError(`Unknown profile type "${options.type}". Known types: ${registry.all().map((t) => t.id).join(', ')}`);
      const { mappingFields } = await import('../../profiles/config-json-schema.js');
      const fields = mappingFields(registry.get(options.type));
      if (options.json) return printJson(fields);
      if (fields.source.length + fields.target.length === 0) {
        process.stdout.write(`${options.type} declares no mapping fields in this version: its mapping must stay empty.\n`);
        return;
      }
      for (const side of ['source', 'target'] as const) {
        process.stdout.write(`${side} fields:\n`);
        for (const f of fields[side]) process.stdout.write(`  ${f.name} (${f.type}${'perLanguage' in f && f.perLanguage ? ', per language' : ''}): ${f.description}\n`);
      }
    });
}
