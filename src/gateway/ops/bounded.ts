import { withDeadline } from '../http/deadline.js';

/** Resolves with `p`, or rejects once `ms` passed: a scrape or a probe must answer even when a dependency does not. */
export function within<T>(ms: number, p: Promise<T>, what = 'no answer'): Promise<T> {
  return withDeadline(p, ms, `${what} within ${ms} ms`);
}
