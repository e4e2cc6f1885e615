/** Whether `promise` settles within `ms` (it is left running either way). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([promise.then(() => true as const, () => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A worker's shutdown of the work it has in flight: waits up to `graceMs` for `work`, then asks it to
 * stop (`abort`) and waits up to `afterAbortMs` more. Whether it settled.
 */
export async function settleOrAbort(work: Promise<unknown>, graceMs: number, abort: AbortController, afterAbortMs: number): Promise<boolean> {
  if (await settlesWithin(work, graceMs)) return true;
  abort.abort(new Error('worker shutting down'));
  return settlesWithin(work, afterAbortMs);
}
