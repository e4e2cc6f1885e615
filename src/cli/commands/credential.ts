import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError, withRuntimeOr } from '../context.js';
import type { CredentialView } from '../../credentials/admin.js';
import type { ConnectionTest } from '../../credentials/connection-test.js';
import type { Runtime } from '../../runtime/open.js';
import { cliPrincipal } from '../cli-principal.js';
import { printJson, printTable } from '../output.js';

/** The credential admin of this process (changes audited as the CLI's). */
async function localAdmin(runtime: Runtime) {
  const [{ credentialAdmin }, { createAuditLog }] = await Promise.all([import('../../credentials/admin.js'), import('../../access/audit.js')]);
  return credentialAdmin({ store: runtime.credentials(), connectors: runtime.services.connectors, audit: createAuditLog(runtime.db.db) });
}

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
      const d = await withRuntimeOr<CredentialView>(
        { command: 'credential:set' },
        async (runtime) => (await localAdmin(runtime)).set(cliPrincipal(), options.name, credential),
        (api) => api.call('PUT', `/credentials/${encodeURIComponent(options.name)}`, credential),
      );
      process.stdout.write(`Stored credential "${options.name}" (${d.kind}, ${d.baseUrl}, ${d.identity}).\n`);
    });

  program
    .command('credential:list')
    .description('List stored credentials (names, kinds, URLs; never secrets)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { json?: boolean }) => {
      const rows = await withRuntimeOr<CredentialView[]>({ command: 'credential:list' }, async (runtime) => (await localAdmin(runtime)).list(), (api) => api.call('GET', '/credentials'));
      if (options.json) return printJson(rows);
      printTable(rows.map((r) => ({ ...r })), [['name', 'Name'], ['kind', 'Kind'], ['baseUrl', 'Base URL'], ['identity', 'Identity'], ['updatedAt', 'Updated']]);
    });

  program
    .command('credential:delete')
    .description('Delete a stored credential')
    .requiredOption('--name <name>', 'credential name')
    .action(async (options: { name: string }) => {
      const removed = await withRuntimeOr<boolean>(
        { command: 'credential:delete' },
        async (runtime) => (await localAdmin(runtime)).remove(cliPrincipal(), options.name),
        async (api) => (await api.call<{ removed: boolean }>('DELETE', `/credentials/${encodeURIComponent(options.name)}`)).removed,
      );
      if (!removed) throw new UsageError(`No credential named "${options.name}".`);
      process.stdout.write(`Deleted credential "${options.name}".\n`);
    });

  program
    .command('credential:test')
    .description('Test the connection of a stored credential: one read that needs a valid login; says what is wrong when it fails')
    .requiredOption('--name <name>', 'credential name')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { name: string; json?: boolean }) => {
      const result = await withRuntimeOr<ConnectionTest>(
        { command: 'credential:test' },
        async (runtime) => (await localAdmin(runtime)).test(options.name),
        (api) => api.call('POST', `/credentials/${encodeURIComponent(options.name)}/test`),
      );
      if (!result.ok) process.exitCode = 1;
      if (options.json) return printJson(result);
      process.stdout.write(`${result.ok ? 'ok' : 'failed'}: ${result.message}\n`);
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
