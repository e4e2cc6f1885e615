import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli/cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

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

  it('refuses to wipe a folder it did not create', async () => {
    const foreign = join(dir, 'real-install');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, 'keep.txt'), 'data');
    const result = await runCli(['demo', '--once', '--data-dir', foreign], env, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('was not created by plentygate demo');
  });
});
