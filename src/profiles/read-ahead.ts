/**
 * Keeps one step of an async sequence ahead of its consumer: while a run writes the records made from
 * one page or chunk, the next is already being read and prepared (its links, its lookups), so those
 * round trips overlap the writes instead of following them. Used by the scans of the item export and
 * the stock import.
 */
export async function* oneAhead<T, R>(source: AsyncIterable<T>, prepare: (item: T) => Promise<R>): AsyncGenerator<R, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  const step = async (): Promise<{ value: R } | undefined> => {
    const next = await it.next();
    return next.done ? undefined : { value: await prepare(next.value) };
  };
  let pending = handledLater(step());
  try {
    for (;;) {
      const current = await pending;
      if (!current) return;
      pending = handledLater(step());
      yield current.value;
    }
  } finally {
    // A consumer that stops early (pause, failure) leaves a step in flight: it ends before the source closes.
    await pending.catch(() => undefined);
    await it.return?.(undefined);
  }
}

/**
 * A promise started now and awaited later: should it fail while its consumer is busy elsewhere, it
 * fails when awaited, not as an unhandled rejection (which ends the worker process).
 */
export function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
