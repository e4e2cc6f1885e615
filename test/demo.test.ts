import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { binary, runCli, waitForOutput } from './cli/cli.js';
import { freePort } from '../src/runtime/free-port.js';

describe('plentygate demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-demo-'));
  // The demo runs on the embedded default whatever the shell points at.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, LOG_LEVEL: 'warn' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--once: imports the stock, then syncs one order to PlentyONE and one stock change to Magento, and exits 0', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const result = await runCli(
      ['demo', '--once', '--variations', '300', '--port', String(port), '--data-dir', join(dir, 'demo'), '--timeout', '120'],
      env, dir,
    );
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(result.stdout).toMatch(/Stock import run \d+ completed: 300 processed/);
    expect(result.stdout).toContain(`http://127.0.0.1:${port}/api/docs`);
    const placed = /placed {2}order (\d{9}) in Magento/.exec(result.stdout);
    expect(placed, output).not.toBeNull();
    expect(result.stdout).toMatch(new RegExp(`order ${placed![1]} → PlentyONE order \\d+ \\(\\d+ ms after the order was placed\\)`));
    const changed = /changed stock of (PG-\d{7}) in PlentyONE warehouse (\d) to (\d+) net/.exec(result.stdout);
    expect(changed, output).not.toBeNull();
    const source = changed![2] === '1' ? 'berlin' : 'vienna';
    expect(result.stdout).toMatch(new RegExp(`stock ${changed![1]} ${source} \\d+ → ${changed![3]} \\(\\d+ ms after the change in PlentyONE\\)`));
    expect(result.stdout).toMatch(/Both synced\. Stopping…\nStopped\.\n$/);
  });

  it('runs until Ctrl-C, printing syncs as they happen, then stops everything and exits 0', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [binary, 'demo', '--interval', '500', '--variations', '100', '--port', String(port), '--data-dir', join(dir, 'loop')], { env, cwd: dir });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (d) => { output += d; stdout += d; });
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitForOutput(child, /order \d{9} → PlentyONE order \d+[^\n]*\n[\s\S]*stock PG-\d{7} (berlin|vienna) \d+ → \d+/, 240_000);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited, output).toBe(0);
    // The Ctrl-C notice goes to stderr, the demo's own lines to stdout: their interleaving is the pipes'.
    expect(output).toContain('Stopping the demo (Ctrl-C again to quit at once)…');
    expect(stdout, output).toMatch(/Stopping…\nStopped\.\n$/);
    // Gateway and sandboxes are closed: nothing listens on the gateway's port any more.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('refuses to wipe a folder it did not create', async () => {
    const foreign = join(dir, 'real-install');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, 'keep.txt'), 'data');
    const result = await runCli(['demo', '--once', '--port', '0', '--data-dir', foreign], env, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('was not created by plentygate demo');
  });

  it('says what to do when the gateway port is taken, before starting anything', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      const result = await runCli(['demo', '--once', '--port', String(port), '--data-dir', join(dir, 'busy')], env, dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Port ${port} is in use; run the demo with --port <another port>`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
