import { describe, expect, it } from 'vitest';
import { runFixture } from '../support/fixture-process.js';
import { engine } from '../support/db.js';

/**
 * postgres.js 3.4 kept every connection ever taken from its queue of idle connections as an empty slot
 * until that queue ran empty, which it never does while some connection stays idle, and looked through
 * all of them on every query: a process's CPU per query grew with the queries it had run (bench/pool),
 * and its memory by a slot per query. plentygate installs it with a fix (patches/, applied by npm's
 * postinstall). Measured as the bytes of the queues' arrays on the heap of a process of their own.
 */
const ROUNDS = 20_000;
// One slot is 8 bytes: 20,000 rounds left at least 160 KB before the fix. The fix keeps at most
// twice the queued items plus 64 slots.
const SMALL = 4096;

describe('postgres.js queues', () => {
  it('do not grow with the connections taken and given back', { timeout: 120_000 }, async () => {
    const { largest } = await runFixture<{ largest: number }>(new URL('./fixtures/postgres-queues.ts', import.meta.url), { MODE: 'queue', ROUNDS: String(ROUNDS) });
    expect(largest).toBeGreaterThan(0); // the queue's array was found
    expect(largest).toBeLessThan(SMALL);
  });

  it.runIf(engine === 'postgres')('do not grow with the queries a pool with idle connections ran', { timeout: 180_000 }, async () => {
    const { largest, rounds } = await runFixture<{ largest: number; rounds: number }>(new URL('./fixtures/postgres-queues.ts', import.meta.url), { MODE: 'pool', ROUNDS: String(ROUNDS / 2) });
    expect(rounds).toBe(ROUNDS / 2);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(SMALL);
  });
});
