/** readAhead: a sequence (pages: API calls) pulled ahead of its consumer, bounded, stopped cleanly. */
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/profiles/read-ahead.js';
import { sleep, waitFor } from '../queue/helpers.js';

/** A source of `count` numbers that counts how many it was asked for and whether it was closed. */
function counted(count: number, failAfter?: number) {
  const seen = { pulled: 0, closed: false };
  async function* source(): AsyncGenerator<number, void, undefined> {
    try {
      for (let i = 0; i < count; i++) {
        if (failAfter !== undefined && i === failAfter) throw new Error('PlentyONE answered 503');
        seen.pulled++;
        await sleep(1);
        yield i;
      }
    } finally {
      seen.closed = true;
    }
  }
  return { seen, source: source() };
}

describe('readAhead', () => {
  it('keeps pulling while the consumer is busy, up to `depth` items ahead and no further', async () => {
    const { seen, source } = counted(20);
    const ahead = readAhead(source, 3);
    expect((await ahead.next()).value).toBe(0);
    // The consumer is busy (a database save): the next items are asked for meanwhile.
    await waitFor(() => seen.pulled === 4, 'three items read ahead');
    await sleep(20);
    expect(seen.pulled).toBe(4);
    const rest: number[] = [];
    for await (const n of ahead) rest.push(n);
    expect(rest).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(seen).toEqual({ pulled: 20, closed: true });
  });

  it('a consumer that stops early leaves no pull running and closes the source', async () => {
    const { seen, source } = counted(100);
    const ahead = readAhead(source, 2);
    await ahead.next();
    await ahead.return(undefined);
    expect(seen.closed).toBe(true);
    const pulled = seen.pulled;
    await sleep(20);
    expect(seen.pulled).toBe(pulled);
    expect(pulled).toBeLessThanOrEqual(3);
  });

  it('a source that fails while the consumer is busy fails the consumer after the items before it, never unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { source } = counted(10, 2);
      const ahead = readAhead(source, 4);
      expect((await ahead.next()).value).toBe(0);
      await sleep(20);
      expect((await ahead.next()).value).toBe(1);
      await expect(ahead.next()).rejects.toThrow('PlentyONE answered 503');
      expect((await ahead.next()).done).toBe(true);
      await sleep(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
