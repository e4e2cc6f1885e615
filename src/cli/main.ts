import { Command, CommanderError } from 'commander';
import { reportFailure } from './failure.js';
import { registerMigrateCommands } from './commands/migrate.js';
import { registerProfileManageCommands } from './commands/profile-manage.js';
import { registerProfileReadCommands } from './commands/profile-read.js';
import { registerProfileRunCommands } from './commands/profile-run.js';
import { registerProfileScheduleCommand } from './commands/profile-schedule.js';
import { registerProfileSchemaCommand } from './commands/profile-schema.js';
import { registerProfileTestCommands } from './commands/profile-dry-run.js';
import { registerRuntimeCommands } from './commands/runtime.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerDeadLetterCommands } from './commands/dlq.js';
import { registerCredentialCommands } from './commands/credential.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerAlertCommands } from './commands/alert.js';
import { registerReportCommands } from './commands/report.js';
import { registerLinkCommands } from './commands/link.js';
import { registerCollectCommand } from './commands/collect.js';

/**
 * Exit codes: 0 success, 1 failure, 2 usage or validation error, 3 a run that finished with failed
 * records (src/cli/failure.ts: what a failure prints, as text or with --json as a JSON object).
 */
export function buildProgram(): Command {
  const program = new Command('plentygate')
    .description('Keeps a Magento 2 store and a PlentyONE ERP in sync')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(add --help for usage)');
  registerProfileReadCommands(program);
  registerProfileManageCommands(program);
  registerProfileRunCommands(program);
  registerProfileScheduleCommand(program);
  registerProfileSchemaCommand(program);
  registerProfileTestCommands(program);
  registerCredentialCommands(program);
  registerDeadLetterCommands(program);
  registerAlertCommands(program);
  registerReportCommands(program);
  registerLinkCommands(program);
  registerCollectCommand(program);
  registerMigrateCommands(program);
  registerRuntimeCommands(program);
  registerSandboxCommand(program);
  registerDemoCommand(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  const json = wantsJson(argv);
  const program = buildProgram();
  // Every subcommand too: commander exits with 1 on a subcommand's usage error unless told otherwise.
  for (const command of [program, ...allSubcommands(program)]) {
    command.exitOverride();
    // With --json the error is printed as a JSON object instead of commander's text.
    if (json) command.configureOutput({ outputError: () => {}, writeErr: () => {} });
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return; // --help, --version
    process.exitCode = reportFailure(error, json);
  }
}

/** `--json` anywhere before a `--`: errors are JSON too, whatever went wrong. */
function wantsJson(argv: string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

function allSubcommands(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...allSubcommands(sub)]);
}
