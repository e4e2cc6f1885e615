/**
 * Per-profile logging of API calls (`logging.requests` / `logging.responses`). A run opens a scope
 * (`enterCallLog`); the transports report each exchange (`logCall`) and whatever runs inside the scope
 * is logged through the run's logger. The clients are shared by every run of the process, so the scope
 * travels with the run's async context rather than with the client. Secrets never reach the log: header
 * values, credential fields of bodies and query parameters are redacted, and bodies are cut short.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

export interface CallLogScope {
  log: Logger;
  requests: boolean;
  responses: boolean;
}

export interface CallRecord {
  system: 'magento' | 'plenty';
  method: string;
  url: string;
  /** The request body as sent (object or JSON text); undefined for none. */
  requestBody?: unknown;
  /** 0 when no answer came. */
  status: number;
  responseBody?: unknown;
  durationMs: number;
}

/** Characters of a body kept in a log line: enough to see what was sent, never a catalogue page. */
export const MAX_LOGGED_BODY = 2000;
export const REDACTED = '[redacted]';

const SECRET_NAME = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|signature|oauth_|cookie|session|credential/i;

const scope = new AsyncLocalStorage<CallLogScope>();

/**
 * From here on, the calls of the current async context (a run) are logged as the scope says; nothing
 * when both are off. Called by the runner after its first await, so the caller's context is untouched.
 */
export function enterCallLog(settings: CallLogScope): void {
  if (settings.requests || settings.responses) scope.enterWith(settings);
}

/** Called by the transports after every exchange; a no-op outside a logging run. */
export function logCall(call: CallRecord): void {
  const current = scope.getStore();
  if (!current) return;
  const entry: Record<string, unknown> = {
    system: call.system, method: call.method, url: redactUrl(call.url), status: call.status, durationMs: Math.round(call.durationMs),
  };
  if (current.requests && call.requestBody !== undefined) entry.requestBody = boundedBody(call.requestBody);
  if (current.responses && call.responseBody !== undefined) entry.responseBody = boundedBody(call.responseBody);
  current.log.info({ apiCall: entry }, `${call.system} ${call.method} ${entry.url as string} → ${call.status || 'no answer'}`);
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_NAME.test(name)) parsed.searchParams.set(name, REDACTED);
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The body with secret-named fields replaced, as JSON text of at most MAX_LOGGED_BODY characters. */
export function boundedBody(body: unknown): string {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      value = body;
    }
  }
  const text = typeof value === 'string' ? value : JSON.stringify(redact(value));
  return text.length > MAX_LOGGED_BODY ? `${text.slice(0, MAX_LOGGED_BODY)}… (${text.length} characters)` : text;
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? REDACTED : redact(v, depth + 1)]));
}
