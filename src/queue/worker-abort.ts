import { setMaxListeners } from 'node:events';

/**
 * The abort controller of a worker, whose signal every job it runs gets (both queues). Each run listens
 * to it while it runs, so a worker running more than ten jobs at once gave it more than ten listeners,
 * and Node printed a warning of a listener leak that is none.
 */
export function workerAbort(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
