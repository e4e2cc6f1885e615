import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../fixtures/gateway-process.ts', import.meta.url));

export interface GatewayChild {
  url: string;
  process: ChildProcess;
  /** Keys the child's listener profile processed so far. */
  processed: string[];
  /** Keys whose runs started and are held (PLENTYGATE_TEST_HOLD). */
  started: string[];
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the gateway fixture with tsx and waits for its READY line. */
export async function startGatewayChild(env: Record<string, string | undefined>): Promise<GatewayChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const processed: string[] = [];
  const started: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('READY ')) resolve(line.slice(6));
        if (line.startsWith('PROCESSED ')) processed.push(line.slice(10));
        if (line.startsWith('STARTED ')) started.push(line.slice(8));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { out += chunk; });
    void exited.then((code) => reject(new Error(`gateway process exited (${code}) before it was ready:\n${out}`)));
  });
  return { url, process: child, processed, started, output: () => out, exited };
}
