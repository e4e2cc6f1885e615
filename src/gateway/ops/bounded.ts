/** Resolves with `p`, or rejects once `ms` passed: a scrape or a probe must answer even when a dependency does not. */
export async function within<T>(ms: number, p: Promise<T>, what = 'no answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
