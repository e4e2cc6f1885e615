/**
 * Injects the faults a FaultController plans for each request. Mount it after the request log and
 * before the sandbox's throttle and routes.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { isControlPath } from '../control-path.js';
import type { FaultController, TerminalFault } from './controller.js';
import { tagFault } from './tag.js';

export interface FaultResponseInit {
  readonly kind: TerminalFault['kind'];
  readonly status: number;
  /** Seconds, for 429 answers. */
  readonly retryAfter?: number;
}

/** Renders the body of an injected error in the sandbox's own error format. */
export type FaultResponder = (c: Context, init: FaultResponseInit) => Response;

export const defaultFaultResponder: FaultResponder = (c, init) => {
  const message =
    init.kind === 'burst429'
      ? 'Too many requests (sandbox fault injection)'
      : `Sandbox fault injection: ${init.kind} (${init.status})`;
  const headers: Record<string, string> = {};
  if (init.retryAfter !== undefined) headers['Retry-After'] = String(init.retryAfter);
  return c.json({ error: { code: init.status, message } }, init.status as 500, headers);
};

export interface FaultMiddlewareOptions {
  readonly respond?: FaultResponder;
}

export function faultMiddleware(controller: FaultController, options: FaultMiddlewareOptions = {}): MiddlewareHandler {
  const respond = options.respond ?? defaultFaultResponder;
  return async function injectFaults(c, next) {
    if (isControlPath(c.req.path)) return next();
    const plan = controller.plan(c.req.method, c.req.path);
    const signal = c.req.raw.signal;
    if (plan.delayMs > 0) {
      tagFault(c.req.raw, 'latency');
      await sleep(plan.delayMs, signal);
    }
    const action = plan.action;
    if (action === null) return next();
    tagFault(c.req.raw, action.kind);
    switch (action.kind) {
      case 'error':
        return respond(c, { kind: action.kind, status: action.status });
      case 'burst429':
        return respond(c, { kind: action.kind, status: 429, retryAfter: action.retryAfter });
      case 'echo':
        return echo(c, action.status);
      case 'timeout':
        if (action.lateWrite) {
          // Read now: once the client has gone, its body can no longer be read.
          await c.req.arrayBuffer();
          await sleep(action.holdMs, NEVER);
          await next();
          return replace(c, respond(c, { kind: action.kind, status: 504 }));
        }
        if (action.afterWrite) await next();
        // Hold the request past the client's timeout; give up early if the client goes away.
        await sleep(action.holdMs, signal);
        return replace(c, respond(c, { kind: action.kind, status: 504 }));
      case 'reset': {
        const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
        if (!socket) throw new Error('connection reset (sandbox fault injection; no socket outside a real server)');
        if (action.afterWrite) await next();
        socket.destroy();
        return replace(c, new Response(null, { status: 500 }));
      }
      case 'fail-after-write': {
        // The half-failure behind duplicate orders: the write happens, the client sees an error.
        await next();
        return replace(c, respond(c, { kind: action.kind, status: action.status }));
      }
    }
  };
}

/** An error answer quoting the whole request, as a debug error page would. */
async function echo(c: Context, status: number): Promise<Response> {
  const text = await c.req.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // a form or plain body is quoted as it came
  }
  const request = { headers: Object.fromEntries(c.req.raw.headers), body, method: c.req.method, url: c.req.url };
  const message = `Request failed: ${JSON.stringify(request)}`;
  // `message` on top (Magento's error shape) and inside `error` (PlentyONE's): each client reads its own.
  return c.json({ message, error: { code: status, message }, request }, status as 500);
}

/** After `next()` the handler's answer sits in `c.res`: it is overwritten, not returned. */
function replace(c: Context, res: Response): undefined {
  c.res = undefined;
  c.res = res;
  return undefined;
}

const NEVER = new AbortController().signal;

/** Resolves after `ms`, or early when the request is aborted; never keeps the process alive. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
