import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { ConfigError } from '../config.js';
import { UsageError } from './context.js';
import { registerMigrateCommands } from './commands/migrate.js';
import { registerProfileManageCommands } from './commands/profile-manage.js';
import { registerProfileReadCommands } from './commands/profile-read.js';
import { registerProfileRunCommands } from './commands/profile-run.js';
import { registerProfileScheduleCommand } from './commands/profile-schedule.js';
import { registerRuntimeCommands } from './commands/runtime.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerDeadLetterCommands } from './commands/dlq.js';
import { registerCredentialCommands } from './commands/credential.js';
import { registerDemoCommand } from './commands/demo.js';

/** Exit codes: 0 success, 1 failure, 2 usage or validation error, 3 a run that finished with failed records. */
export function buildProgram(): Command {
  const program = new Command('plentygate')
    .description('Keeps a Magento 2 store and a PlentyONE ERP in sync')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(add --help for usage)');
  registerProfileReadCommands(program);
  registerProfileManageCommands(program);
  registerProfileRunCommands(program);
  registerProfileScheduleCommand(program);
  registerCredentialCommands(program);
  registerDeadLetterCommands(program);
  registerMigrateCommands(program);
  registerRuntimeCommands(program);
  registerSandboxCommand(program);
  registerDemoCommand(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed it already
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee the Configuration section of the README.\n`);
    return 2;
  }
  if (error instanceof ZodError) {
    process.stderr.write(`error: ${error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (error instanceof UsageError) return 2;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return 2;
  if (process.env.PLENTYGATE_DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  return 1;
}
