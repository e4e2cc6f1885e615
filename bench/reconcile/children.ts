/**
 * Child processes of the reconciliation benchmark (TypeScript through tsx) and the lines they print to
 * say what they have to say: `READY {json}` once (sandboxes, spawnTs) or `RESULT {json}` once per
 * command read from stdin (a phase session, startSession).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Child<T> {
  process: ChildProcess;
  /** The JSON after `tag` on the child's stdout; rejects when the child ends without printing it. */
  message: Promise<T>;
  /** Settles when the child has exited. */
  exited: Promise<void>;
}

/** A long-lived child answering commands, one `RESULT {json}` line each, in order (phase.ts). */
export interface SessionChild {
  process: ChildProcess;
  /** Writes `command` to the child's stdin; resolves with its RESULT, rejects when the child ends first. */
  ask<T>(command: string): Promise<T>;
  /** Ends the child's stdin (no more commands) and waits for it to exit; rejects unless it exits with 0. */
  close(): Promise<void>;
}

/** `file` relative to this folder, run through tsx; or, with `built`, a JavaScript file run by node alone. */
function start(file: string, env: Record<string, string>, nodeArgs: string[], built: boolean, stdin: 'ignore' | 'pipe'): ChildProcess {
  const args = built ? [...nodeArgs, file] : [...nodeArgs, '--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))];
  return spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: [stdin, 'pipe', 'inherit'] });
}

/**
 * Calls `each` with the JSON of every `tag {json}` line the child prints, then `ended` with how it
 * exited ('close': after its stdout is read to the end, so no line printed before exiting is lost).
 */
function watch(child: ChildProcess, tag: string, each: (message: unknown) => void, ended: (how: string, code: number | null) => void): void {
  const prefix = `${tag} `;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith(prefix)) each(JSON.parse(line.slice(prefix.length)));
  });
  child.on('close', (code, signal) => ended(signal ?? `exit ${code}`, code));
}

export function spawnTs<T>(file: string, tag: string, env: Record<string, string>, nodeArgs: string[] = [], built = false): Child<T> {
  const child = start(file, env, nodeArgs, built, 'ignore');
  let exit!: () => void;
  const exited = new Promise<void>((resolve) => (exit = resolve));
  const message = new Promise<T>((resolve, reject) => watch(child, tag, (m) => resolve(m as T), (how) => {
    reject(new Error(`${file} ended (${how}) without ${tag}`)); // ignored when the message came first
    exit();
  }));
  return { process: child, message, exited };
}

/** A session child running `file` (see spawnTs for `built`), answering the commands written to its stdin. */
export function startSession(file: string, env: Record<string, string>, nodeArgs: string[] = [], built = false): SessionChild {
  const child = start(file, env, nodeArgs, built, 'pipe');
  const waiting: { resolve(message: unknown): void; reject(error: Error): void }[] = [];
  let gone: Error | undefined;
  let exit!: (failed: string | undefined) => void;
  const exited = new Promise<string | undefined>((resolve) => (exit = resolve));
  watch(child, 'RESULT', (m) => waiting.shift()?.resolve(m), (how, code) => {
    gone = new Error(`${file} ended (${how}) without RESULT`);
    for (const w of waiting.splice(0)) w.reject(gone);
    exit(code === 0 ? undefined : how);
  });
  // A command written after the child died fails with EPIPE here; the exit above already says why.
  child.stdin!.on('error', () => {});
  return {
    process: child,
    ask<T>(command: string) {
      if (gone) return Promise.reject(gone);
      return new Promise<T>((resolve, reject) => {
        waiting.push({ resolve: resolve as (m: unknown) => void, reject });
        child.stdin!.write(`${command}\n`);
      });
    },
    async close() {
      child.stdin!.end();
      const failed = await exited;
      if (failed) throw new Error(`${file} ended (${failed}) when told to close`);
    },
  };
}
