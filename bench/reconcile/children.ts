/**
 * Child processes of the reconciliation benchmark (TypeScript through tsx) and the one line each
 * prints to say what it has to say: `READY {json}` (sandboxes) or `RESULT {json}` (a phase).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child<T> {
  process: ChildProcess;
  /** The JSON after `tag` on the child's stdout; rejects when the child ends without printing it. */
  message: Promise<T>;
  /** Settles when the child has exited. */
  exited: Promise<void>;
}

/** `file` relative to this folder, run through tsx; or, with `built`, a JavaScript file run by node alone. */
export function spawnTs<T>(file: string, tag: string, env: Record<string, string>, nodeArgs: string[] = [], built = false): Child<T> {
  const args = built ? [...nodeArgs, file] : [...nodeArgs, '--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const message = new Promise<T>((resolve, reject) => {
    let out = '';
    const pattern = new RegExp(`${tag} (\\{.*\\})\\n`);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(JSON.parse(m[1]!) as T);
    });
    child.on('exit', (code, signal) => reject(new Error(`${file} ended (${signal ?? `exit ${code}`}) without ${tag}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { process: child, message, exited };
}
