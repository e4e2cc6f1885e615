/**
 * How a failed command ends: its exit code and what it prints. For people `error: <message>` on stderr;
 * with `--json` one object on stdout, where a script reads the command's output:
 *
 *   {"error":{"code":"not_found","message":"No profile with id 9. …","exitCode":2}}
 *
 * `code` is one of `usage` (bad arguments or options), `invalid_config` (environment), `invalid_input`
 * (a value or document that does not validate; `issues` then names each field), `not_found`,
 * `conflict` (not possible in the current state) and `failed` (anything else: a system unreachable, a
 * failed run). Exit codes: 2 for all but `failed`, which is 1.
 */
import { CommanderError } from 'commander';
import { ZodError } from 'zod';
import { ConfigError } from '../config.js';
import { UsageError } from './context.js';
import { printJson } from './output.js';

export type FailureCode = 'usage' | 'invalid_config' | 'invalid_input' | 'not_found' | 'conflict' | 'failed';

export interface Failure {
  code: FailureCode;
  message: string;
  exitCode: 1 | 2;
  /** Each field that did not validate. */
  issues?: { path: string; message: string }[];
}

/** HTTP-like statuses the profile service's errors carry. */
const byStatus: Record<number, FailureCode> = { 404: 'not_found', 409: 'conflict', 422: 'invalid_input' };

export function describeFailure(error: unknown): Failure {
  if (error instanceof CommanderError) {
    return { code: 'usage', message: error.message.replace(/^error: /, ''), exitCode: 2 };
  }
  if (error instanceof UsageError) return { code: 'usage', message: error.message, exitCode: 2 };
  if (error instanceof ConfigError) {
    return {
      code: 'invalid_config',
      message: `${error.message}\nSee the Configuration section of the README.`,
      exitCode: 2,
      issues: error.problems.map((p) => ({ path: p.split(':')[0]!, message: p.slice(p.indexOf(':') + 1).trim() })),
    };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.') || 'input', message: i.message }));
    return { code: 'invalid_input', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), exitCode: 2, issues };
  }
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return { code: byStatus[status] ?? 'invalid_input', message, exitCode: 2 };
  return { code: 'failed', message, exitCode: 1 };
}

/** Prints the failure and returns its exit code. Commander has printed its own usage errors already. */
export function reportFailure(error: unknown, json: boolean): number {
  const failure = describeFailure(error);
  if (json) {
    printJson({ error: failure });
    return failure.exitCode;
  }
  if (error instanceof CommanderError) return failure.exitCode;
  process.stderr.write(error instanceof ConfigError ? `${failure.message}\n` : `error: ${failure.message}\n`);
  if (failure.code === 'failed' && process.env.PLENTYGATE_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  return failure.exitCode;
}
