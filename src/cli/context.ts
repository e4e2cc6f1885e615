import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openRuntime, type OpenOptions, type Runtime } from '../runtime/open.js';
import { createCliLogger } from './terminal-log.js';

/** Opens the runtime for one command, runs it, and always closes what was opened. */
export async function withRuntime<T>(options: OpenOptions, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createCliLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
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
