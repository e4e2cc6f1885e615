import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase } from '../support/db.js';

/** The built binary, as a user runs it (`npm test` builds first). */
export const binary = fileURLToPath(new URL('../../bin/plentygate.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A place for the CLI to keep its data: its own embedded data folder, or (when DATABASE_URL is set) its
 * own fresh PostgreSQL database, so the CLI is tested on the engine CI runs.
 */
export async function cliEnvironment(options: { engine?: 'configured' | 'pglite' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-cli-'));
  const pg = options.engine === 'pglite' ? undefined : await createPostgresDatabase();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    PLENTYGATE_DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'warn',
    ...(pg ? { DATABASE_URL: pg.url, PLENTYGATE_SECRET_KEY: 'a'.repeat(64) } : {}),
  };
  return {
    env,
    dir,
    engine: pg ? 'postgres' : 'pglite',
    run: (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) => runCli(args, { ...env, ...extra }, dir, input),
    spawn: (args: string[], extra: NodeJS.ProcessEnv = {}) => spawn(process.execPath, [binary, ...args], { env: { ...env, ...extra }, cwd: dir }),
    async cleanup() {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Resolves with what the child printed once `pattern` appears on stderr. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got:\n${seen}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.test(seen)) reject(new Error(`exited with ${code} before ${pattern}; got:\n${seen}`));
    });
  });
}
