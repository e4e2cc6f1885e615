/**
 * Keeps one step of an async sequence ahead of its consumer: while the runner writes the records made
 * from one chunk of stock, the next chunk is already being read and its SKUs resolved (a link read and,
 * on a first import, a PlentyONE number lookup), so those round trips overlap the Magento writes instead
 * of following them.
 */
export async function* oneAhead<T, R>(source: AsyncGenerator<T, void, undefined>, prepare: (item: T) => Promise<R>): AsyncGenerator<R, void, undefined> {
  const step = async (): Promise<{ value: R } | undefined> => {
    const next = await source.next();
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
    await source.return(undefined);
  }
}

/** A step that fails while the consumer is busy fails when awaited, not as an unhandled rejection. */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
