import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describeCredential } from '../../credentials/schemas.js';
import { UsageError, withRuntime } from '../context.js';
import { printJson, printTable } from '../output.js';

interface SetOptions {
  name: string;
  kind?: string;
  url?: string;
  username?: string;
  passwordEnv?: string;
  tokenEnv?: string;
  stdin?: boolean;
  fromFile?: string;
  allowInsecureHttp?: boolean;
}

export function registerCredentialCommands(program: Command): void {
  program
    .command('credential:set')
    .description('Store (encrypted) how to reach a PlentyONE system or a Magento store; profiles name it in connection.plenty / connection.magento')
    .requiredOption('--name <name>', 'credential name (profiles use "plenty" and "magento" by default)')
    .option('--kind <kind>', 'plenty or magento')
    .option('--url <baseUrl>', 'base URL of the system or store')
    .option('--username <user>', 'plenty: REST user name')
    .option('--password-env <VAR>', 'plenty: read the password from this environment variable')
    .option('--token-env <VAR>', 'magento: read the integration access token from this environment variable')
    .option('--stdin', 'read the password (plenty) or token (magento) from standard input')
    .option('--from-file <path>', 'the whole credential as JSON (e.g. Magento OAuth 1.0a keys), - for stdin')
    .option('--allow-insecure-http', 'allow a plain http: URL to a host other than this machine (the password or token travels unencrypted)')
    .addHelpText('after', '\nSecrets are never taken as plain arguments (they would show in the process list and shell history).\n'
      + 'URLs must be https: (plain http: only to this machine, or with --allow-insecure-http); link-local and cloud metadata addresses are refused.')
    .action(async (options: SetOptions) => {
      const read = readCredential(options);
      const credential = options.allowInsecureHttp && typeof read === 'object' && read !== null ? { ...read, allowInsecureHttp: true } : read;
      await withRuntime({ command: 'credential:set' }, async (runtime) => {
        const stored = await runtime.credentials().set(options.name, credential);
        const d = describeCredential(stored);
        process.stdout.write(`Stored credential "${options.name}" (${d.kind}, ${d.baseUrl}, ${d.identity}).\n`);
      });
    });

  program
    .command('credential:list')
    .description('List stored credentials (names, kinds, URLs; never secrets)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { json?: boolean }) => {
      await withRuntime({ command: 'credential:list' }, async (runtime) => {
        const rows = (await runtime.credentials().list()).map((r) => ({ name: r.name, ...describeCredential(r.credential), updatedAt: r.updatedAt }));
        if (options.json) return printJson(rows);
        printTable(rows, [['name', 'Name'], ['kind', 'Kind'], ['baseUrl', 'Base URL'], ['identity', 'Identity'], ['updatedAt', 'Updated']]);
      });
    });

  program
    .command('credential:delete')
    .description('Delete a stored credential')
    .requiredOption('--name <name>', 'credential name')
    .action(async (options: { name: string }) => {
      await withRuntime({ command: 'credential:delete' }, async (runtime) => {
        if (!(await runtime.credentials().remove(options.name))) throw new UsageError(`No credential named "${options.name}".`);
        process.stdout.write(`Deleted credential "${options.name}".\n`);
      });
    });
}

function readCredential(options: SetOptions): unknown {
  if (options.fromFile) {
    const text = readFileSync(options.fromFile === '-' ? 0 : options.fromFile, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${options.fromFile} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const secret = (envName: string | undefined, what: string): string => {
    if (options.stdin) return readFileSync(0, 'utf8').trim();
    if (envName) {
      const value = process.env[envName];
      if (!value) throw new UsageError(`The environment variable ${envName} (the ${what}) is not set.`);
      return value;
    }
    throw new UsageError(`Give the ${what} with --stdin or an environment variable (see --help).`);
  };
  if (options.kind === 'plenty') {
    return { kind: 'plenty', baseUrl: options.url, username: options.username, password: secret(options.passwordEnv, 'password') };
  }
  if (options.kind === 'magento') {
    return { kind: 'magento', baseUrl: options.url, auth: { type: 'bearer', token: secret(options.tokenEnv, 'integration access token') } };
  }
  throw new UsageError('--kind expects plenty or magento (or give --from-file).');
}
