/**
 * Keeps one step of an async sequence ahead of its consumer: while a run writes the records made from
 * one page or chunk, the next is already being read and prepared (its links, its lookups), so those
 * round trips overlap the writes instead of following them. Used by the scans of the item export and
 * the stock import.
 */
export async function* oneAhead<T, R>(source: AsyncIterable<T>, prepare: (item: T) => Promise<R>): AsyncGenerator<R, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  let pending = handledLater(step(it, prepare));
  try {
    for (;;) {
      const current = await pending;
      if (!current) return;
      pending = handledLater(step(it, prepare));
      yield current.value;
    }
  } finally {
    // A consumer that stops early (pause, failure) leaves a step in flight: it ends before the source closes.
    await pending.catch(() => undefined);
    await it.return?.(undefined);
  }
}

/**
 * The next item, prepared. A function of the module, not a closure of each sequence: the same function
 * in every run, so what V8 optimised in one run can serve the next.
 */
async function step<T, R>(it: AsyncIterator<T>, prepare: (item: T) => Promise<R>): Promise<{ value: R } | undefined> {
  const next = await it.next();
  return next.done ? undefined : { value: await prepare(next.value) };
}

/**
 * A promise started now and awaited later: should it fail while its consumer is busy elsewhere, it
 * fails when awaited, not as an unhandled rejection (which ends the worker process).
 */
export function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * Pulls an async sequence on its own, up to `depth` items ahead of its consumer: the next item (a page:
 * an API call) is asked for as soon as the last one came in, not when the consumer gets round to it, so
 * a consumer busy with a database save does not hold the calls up. Holds at most `depth` items. A
 * consumer that stops early leaves at most the one call in flight, which ends before the source closes;
 * a failure of the source reaches the consumer after the items that came before it.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  const ready: T[] = [];
  let ended = false;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  // Who waits: the consumer for an item, or the pump for room (never both: depth ≥ 1).
  let arrived: (() => void) | undefined;
  let room: (() => void) | undefined;

  const pump = (async () => {
    try {
      while (!stopped) {
        if (ready.length >= Math.max(1, depth)) {
          await new Promise<void>((resolve) => (room = resolve));
          continue;
        }
        const next = await it.next();
        if (next.done) break;
        ready.push(next.value);
        arrived?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      arrived?.();
    }
  })();

  try {
    for (;;) {
      if (ready.length > 0) {
        const item = ready.shift()!;
        room?.();
        yield item;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (arrived = resolve));
    }
  } finally {
    stopped = true;
    room?.();
    await pump;
    await it.return?.(undefined);
  }
}
