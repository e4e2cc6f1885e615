import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a fixture file with tsx in a process of its own (one whose heap a test can count) to its end,
 * and returns the JSON of the last line it printed.
 */
export function runFixture<T>(file: URL, env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(file)], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => { out += c; });
    child.stderr!.on('data', (c: Buffer) => { err += c; });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`the fixture ${fileURLToPath(file)} exited with ${code}: ${err || out}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}
