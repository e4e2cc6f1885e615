import { describe, expect, it } from 'vitest';
import { runFixture } from '../support/fixture-process.js';

/**
 * Under steady traffic the relay's mark loop does not end (each period finds rows to mark), so anything
 * the relay attaches to it per dispatch stays alive for as long as the traffic lasts: a process that
 * answers webhooks for days would grow without bound. Counted on the heap of a process of its own.
 */
const ROWS = 3000;

describe('the relay under steady traffic', () => {
  it('keeps nothing alive per dispatched webhook while its mark loop runs, and marks every row', { timeout: 120_000 }, async () => {
    const { reactions, dispatched } = await runFixture<{ reactions: number; dispatched: number }>(new URL('./fixtures/relay-steady-traffic.ts', import.meta.url), { ROWS: String(ROWS) });
    // Each of the 3,000 dispatches left two reactions on the loop before (6,006 in all); what is left
    // now is the loop's own and the process's (8 when measured).
    expect(reactions).toBeLessThan(ROWS / 10);
    expect(dispatched).toBe(ROWS);
  });
});
