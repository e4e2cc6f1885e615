import { setMaxListeners } from 'node:events';

/**
 * An abort controller whose signal many listeners share at once: a worker's, which every job it runs
 * listens to while it runs, and a run's, which every API call in flight combines with its own timeout
 * (AbortSignal.any). Node warns of a listener leak past ten listeners on one signal; here that count is
 * the work in flight, not a leak.
 */
export function sharedAbort(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
