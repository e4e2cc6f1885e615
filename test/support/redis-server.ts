/** A Redis server a test starts and stops itself (an outage mid-test); see itWithRedisServer. */
import { spawn, type ChildProcess } from 'node:child_process';

/** A `redis-server` of the test's own on `port` (nothing kept on disk), once it accepts connections. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (c: Buffer) => {
      out += c;
      if (out.includes('Ready to accept connections')) resolve();
    });
    p.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return p;
}

/** Kills it (SIGKILL: as an outage, not a shutdown) and waits until it is gone. */
export async function stopRedis(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((resolve) => p.once('exit', resolve));
  p.kill('SIGKILL');
  await exited;
}
