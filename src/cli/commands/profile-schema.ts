import type { Command } from 'commander';
import { builtinRegistry } from '../../profiles/registry.js';
import { UsageError } from '../context.js';

/** Needs no database: the schema is the type's, not a profile's. */
export function registerProfileSchemaCommand(program: Command): void {
  program
    .command('profile:schema')
    .description('Print the JSON Schema of a profile type\'s config (what profile:config:import and the admin API accept)')
    .requiredOption('--type <typeId>', 'profile type id, e.g. plenty_stock_import')
    .option('--json', 'print it on one line (for scripts)')
    .action(async (options: { type: string; json?: boolean }) => {
      const registry = await builtinRegistry();
      if (!registry.has(options.type)) {
        throw new UsageError(`Unknown profile type "${options.type}". Known types: ${registry.all().map((t) => t.id).join(', ')}`);
      }
      const { configJsonSchema } = await import('../../profiles/config-json-schema.js');
      const schema = configJsonSchema(registry.get(options.type));
      process.stdout.write(`${options.json ? JSON.stringify(schema) : JSON.stringify(schema, null, 2)}\n`);
    });
}
