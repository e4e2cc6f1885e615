/**
 * How the built CLI fails: usage errors exit 2 on the program and on every subcommand, `--json` turns
 * any failure into one JSON object on stdout, and log lines on a terminal are readable lines, not JSON.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { formatLogLine } from '../../src/cli/terminal-log.js';
import { binary, cliEnvironment } from './cli.js';

let cli: Awaited<ReturnType<typeof cliEnvironment>>;
beforeAll(async () => {
  cli = await cliEnvironment({ engine: 'pglite' });
});
afterAll(async () => cli?.cleanup());

/** The one JSON object a failing `--json` command prints. */
function jsonError(stdout: string): { code: string; message: string; exitCode: number; issues?: { path: string; message: string }[] } {
  const parsed = JSON.parse(stdout) as { error: ReturnType<typeof jsonError> };
  return parsed.error;
}

describe('usage errors exit with 2', () => {
  it.each([
    ['an unknown command', ['profile:lsit'], /unknown command 'profile:lsit'/],
    ['an unknown option of the program', ['--bogus'], /unknown option '--bogus'/],
    ['an unknown option of a subcommand', ['profile:list', '--bogus'], /unknown option '--bogus'/],
    ["a subcommand option's missing value", ['profile:info', '--id'], /option '--id <id>' argument missing/],
    ["a subcommand's required option left out", ['profile:history:clean'], /required option '--days <n>' not specified/],
    ['an argument a subcommand does not take', ['profile:list', 'extra'], /too many arguments/],
    ["a subcommand's own check of its options", ['profile:info'], /Name the profile with --id <id> or --type <typeId>/],
  ])('%s', async (_what, args, message) => {
    const { code, stdout, stderr } = await cli.run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('but help and the version exit with 0', async () => {
    expect((await cli.run(['profile:list', '--help'])).code).toBe(0);
    const version = await cli.run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('--json failures are one JSON object on stdout', () => {
  it('for a usage error, with nothing of commander on stderr', async () => {
    const { code, stdout, stderr } = await cli.run(['profile:info', '--bogus', '--json']);
    expect(code).toBe(2);
    expect(jsonError(stdout)).toEqual({ code: 'usage', message: "unknown option '--bogus'", exitCode: 2 });
    expect(stderr).toBe('');
  });

  it('for a profile that does not exist', async () => {
    const { code, stdout } = await cli.run(['profile:info', '--id', '999', '--json']);
    expect(code).toBe(2);
    expect(jsonError(stdout)).toMatchObject({ code: 'not_found', message: expect.stringContaining('No profile with id 999'), exitCode: 2 });
  });

  it('for invalid configuration, naming each variable', async () => {
    const { code, stdout } = await cli.run(['profile:list', '--json'], { PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(code).toBe(2);
    const error = jsonError(stdout);
    expect(error.code).toBe('invalid_config');
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('for a failure of the command itself (exit 1), with the reason', async () => {
    // Nothing listens on port 1: the database cannot be reached.
    const { code, stdout } = await cli.run(['profile:list', '--json'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PLENTYGATE_SECRET_KEY: 'a'.repeat(64) });
    expect(code).toBe(1);
    expect(jsonError(stdout)).toMatchObject({ code: 'failed', message: expect.stringContaining('127.0.0.1:1'), exitCode: 1 });
  });

  it('and the same failure without --json is one line on stderr', async () => {
    const { code, stdout, stderr } = await cli.run(['profile:info', '--id', '999']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: No profile with id 999. List them with `plentygate profile:list`.\n');
  });
});

describe('log lines on a terminal', () => {
  it('are readable lines with the fields named, secrets still redacted', () => {
    const lines: string[] = [];
    const log = createLogger('warn', { stream: { write: (line: string) => void lines.push(formatLogLine(line)) } });
    log.warn({ redis: '127.0.0.1:6390', password: 'hunter2', err: new Error('connect ECONNREFUSED') }, 'Redis is unreachable');
    log.info('not at this level');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN Redis is unreachable \(redis=127\.0\.0\.1:6390, password=\[redacted\], err=connect ECONNREFUSED\)\n$/);
    expect(lines[0]).not.toContain('hunter2');
  });

  // A real terminal needs a pseudo-terminal: util-linux `script` provides one where it is installed.
  const haveScript = spawnSync('script', ['--version']).status === 0;
  it.runIf(haveScript)('come out of the built CLI as such when stderr is a terminal (no JSON before the error)', () => {
    // A fresh database logs its seeding (at debug level); then the command fails.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(binary)} profile:info --id 999`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8', cwd: cli.dir, env: { ...cli.env, LOG_LEVEL: 'debug', PLENTYGATE_DATA_DIR: join(cli.dir, 'tty') }, timeout: 120_000,
    });
    const output = result.stdout.replace(/\r/g, '');
    expect(result.status).toBe(2);
    expect(output).toMatch(/^\d\d:\d\d:\d\d INFO created the pre-installed profiles \(seeded=7\)$/m);
    expect(output).toMatch(/^error: No profile with id 999\./m);
    expect(output).not.toContain('{"level"');
  });
});
