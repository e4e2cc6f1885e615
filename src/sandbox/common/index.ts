/** Public surface of the machinery shared by the sandboxes. */
export { CONTROL_PREFIX, isControlPath } from './control-path.js';
export { matchedRoutePattern, UNMATCHED_ROUTE } from './route-pattern.js';
export { RequestLog, requestLogMiddleware } from './request-log.js';
export type { RequestLogEntry, RequestLogSnapshot } from './request-log.js';
export {
  FAULT_KINDS,
  FAULT_SPEC_HELP,
  FaultRuleError,
  faultRuleSchema,
  parseFaultRule,
  parseFaultSpec,
  pathMatcher,
} from './faults/rules.js';
export type { FaultKind, FaultRule, FaultRuleInput, FaultIssue } from './faults/rules.js';
export { FaultController } from './faults/controller.js';
export type { FaultControllerOptions, FaultPlan, FaultRuleState, TerminalFault } from './faults/controller.js';
export { faultMiddleware, defaultFaultResponder } from './faults/middleware.js';
export type { FaultMiddlewareOptions, FaultResponder, FaultResponseInit } from './faults/middleware.js';
export { createControlApp } from './control.js';
export type { ControlAppOptions } from './control.js';
export { mountSandboxCommon } from './mount.js';
export type { SandboxCommon, SandboxCommonOptions } from './mount.js';
export { serve } from './serve.js';
export type { FetchApp, ServedApp } from './serve.js';
