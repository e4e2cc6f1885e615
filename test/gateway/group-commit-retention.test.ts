import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A committed webhook's row must not stay reachable after its answer. The timeout's bookkeeping once
 * kept every row in a list until the rows before it had settled: behind one statement that hangs, every
 * webhook committed meanwhile stayed on the heap, and under steady load rows lived long enough to be
 * moved to the old generation by young collections, which made the full collections the gateway's
 * longest pauses (bench/ingest). Counted on the heap of a process of its own.
 */
const fixture = fileURLToPath(new URL('./fixtures/group-commit-retention.ts', import.meta.url));
const ROWS = 1000;

function runFixture(): Promise<{ retained: number; stored: number; held: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, ROWS: String(ROWS) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => { out += c; });
    child.stderr!.on('data', (c: Buffer) => { err += c; });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`the fixture exited with ${code}: ${err || out}`));
      else resolve(JSON.parse(line) as { retained: number; stored: number; held: string });
    });
  });
}

describe('the group commit behind a statement that hangs', () => {
  it('keeps no committed row reachable, and still stores the held one once its statement returns', { timeout: 120_000 }, async () => {
    const { retained, stored, held } = await runFixture();
    expect(retained).toBe(0);
    expect(stored).toBe(ROWS + 1);
    expect(held).toBe('stored');
  });
});
