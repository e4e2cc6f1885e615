import type { Command } from 'commander';
import { environmentWithDotenv, loadConfig } from '../config.js';
import { EmbeddedDatabaseBusyError } from '../runtime/embedded-lock.js';
import type { AdminApi } from './remote/admin-api.js';
import type { ProfileOps } from './remote/profiles.js';
import type { OpenOptions, Runtime } from '../runtime/open.js';
import { createCliLogger } from './terminal-log.js';

// What a command needs only once it runs is imported when it runs, so that `--help`, a usage error or
// a command that never opens the runtime does not wait for every profile type and connector to load.

/** Opens the runtime for one command, runs it, and always closes what was opened. */
export async function withRuntime<T>(options: OpenOptions, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createCliLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const { openRuntime } = await import('../runtime/open.js');
  const runtime = await openRuntime(config, log, options);
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** `--id <n>` or `--type <type id>`: how every profile command names its profile. */
export function withProfileRef(command: Command): Command {
  return command
    .option('--id <id>', 'profile id')
    .option('--type <typeId>', 'profile type id, e.g. plenty_order_export');
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function profileRef(options: { id?: string; type?: string }): number | string {
  if (options.id && options.type) throw new UsageError('Give either --id or --type, not both.');
  if (options.id) {
    if (!/^\d+$/.test(options.id)) throw new UsageError(`--id expects a profile id (a number), got "${options.id}".`);
    return Number(options.id);
  }
  if (options.type) return options.type;
  throw new UsageError('Name the profile with --id <id> or --type <typeId> (see `plentygate profile:list`).');
}

export function positiveInt(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${name} expects a positive whole number, got "${value}".`);
  return Number(value);
}

/**
 * A command that works locally and, while `serve` holds the embedded database, through serve's admin
 * API (src/cli/remote): the local form runs when the database can be opened; when another plentygate
 * process holds it, the remote form runs against that process, after one line on stderr saying so.
 */
export async function withRuntimeOr<T>(options: OpenOptions, local: (runtime: Runtime) => Promise<T>, remote: (api: AdminApi) => Promise<T>): Promise<T> {
  try {
    return await withRuntime(options, local);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
    const env = environmentWithDotenv();
    const { adminApi } = await import('./remote/admin-api.js');
    const api = adminApi(loadConfig(env), env);
    process.stderr.write(`plentygate: the embedded database is held by ${error.holder}; ${options.command} goes through its admin API at ${api.url}.\n`);
    return remote(api);
  }
}

/** A profile command: the profile service of this process, or serve's through its admin API. */
export function withProfiles<T>(command: string, fn: (profiles: ProfileOps) => Promise<T>): Promise<T> {
  return withRuntimeOr(
    { command },
    // Changes made here are audited as the CLI's (serve audits the ones it makes for its token).
    async (runtime) => {
      const [{ auditedProfiles }, { createAuditLog }, { cliPrincipal }] = await Promise.all([
        import('../access/audited-profiles.js'), import('../access/audit.js'), import('./cli-principal.js'),
      ]);
      return fn({ ...runtime.service, ...auditedProfiles(runtime.service, createAuditLog(runtime.db.db), cliPrincipal()) });
    },
    async (api) => fn((await import('./remote/profiles.js')).remoteProfiles(api)),
  );
}
