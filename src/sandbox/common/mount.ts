/**
 * One call that gives a sandbox app the common machinery: request log, fault injection and the
 * `/_sandbox` control app. Call it on the fresh app BEFORE registering the API routes (Hono runs
 * middleware in registration order).
 */
import type { Env, Hono } from 'hono';
import { CONTROL_PREFIX } from './control-path.js';
import { createControlApp } from './control.js';
import { FaultController } from './faults/controller.js';
import { faultMiddleware } from './faults/middleware.js';
import type { FaultResponder } from './faults/middleware.js';
import type { FaultRuleInput } from './faults/rules.js';
import { RequestLog, requestLogMiddleware } from './request-log.js';

export interface SandboxCommonOptions {
  readonly name?: string;
  /** Sandbox-specific state for `GET /_sandbox/state`. */
  readonly state?: () => unknown;
  /** Extra control routes under `/_sandbox`. */
  readonly control?: (control: Hono) => void;
  /** Initial fault rules (objects or CLI specs); ignored when `faults` is given. */
  readonly faultRules?: readonly (FaultRuleInput | string)[];
  /** Seed of the fault probability stream; ignored when `faults` is given. */
  readonly faultSeed?: number;
  /** Bring your own log / controller (e.g. to share them with a test). */
  readonly log?: RequestLog;
  readonly faults?: FaultController;
  /** Error body of injected faults in the sandbox's own format. */
  readonly respondToFault?: FaultResponder;
}

export interface SandboxCommon {
  readonly log: RequestLog;
  readonly faults: FaultController;
}

export function mountSandboxCommon<E extends Env>(app: Hono<E>, options: SandboxCommonOptions = {}): SandboxCommon {
  const log = options.log ?? new RequestLog();
  const faults = options.faults ?? new FaultController({ seed: options.faultSeed, rules: options.faultRules });
  app.use('*', requestLogMiddleware(log));
  app.use('*', faultMiddleware(faults, { respond: options.respondToFault }));
  app.route(
    CONTROL_PREFIX,
    createControlApp({ log, faults, state: options.state, extend: options.control, name: options.name }),
  );
  return { log, faults };
}
