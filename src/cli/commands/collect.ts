import type { Command } from 'commander';
import type { CollectedData } from '../../gateway/pick-lists.js';
import { profileRef, withProfileRef, withRuntimeOr } from '../context.js';
import { printJson, printTable } from '../output.js';

/**
 * `plentygate collect`: the values merchants pick from in both systems (what the admin app's "Collect
 * configuration data" shows), read through the credentials the profile's `connection` names.
 */
export function registerCollectCommand(program: Command): void {
  withProfileRef(program.command('collect'))
    .description('Collect configuration data: PlentyONE order statuses, payment methods, shipping profiles, referrers, warehouses, clients, sales prices, properties, attributes, shipping service providers; Magento store views, their languages and MSI sources')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { id?: string; type?: string; json?: boolean }) => {
      const ref = profileRef(options);
      await withRuntimeOr<CollectedData>({ command: 'collect' }, async (runtime) => {
        const profile = await runtime.service.get(ref);
        const { connectionOf, createPickLists } = await import('../../gateway/pick-lists.js');
        return createPickLists(runtime.services.connectors).collect(connectionOf(profile.config));
      }, (api) => api.call('POST', `/profiles/${encodeURIComponent(String(ref))}/collect`)).then((data) => {
        // A list that could not be read is a failure of the command, after the others are shown.
        if (data.lists.some((l) => l.error)) process.exitCode = 1;
        if (options.json) return printJson(data);
        for (const list of data.lists) {
          process.stdout.write(`\n${list.label}${list.error ? `: not read: ${list.error}` : ''}\n`);
          if (!list.error) printTable(list.options, [['value', 'Value'], ['label', 'Name']]);
        }
      });
    });
}
