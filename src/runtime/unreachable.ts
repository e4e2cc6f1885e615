/**
 * Start-up failures of the two servers plentygate depends on, told in one line that names the variable,
 * the server's host:port (never the password in its URL) and what to check.
 */
export type ServerVariable = 'DATABASE_URL' | 'REDIS_URL';

const systems: Record<ServerVariable, { name: string; port: number }> = {
  DATABASE_URL: { name: 'PostgreSQL', port: 5432 },
  REDIS_URL: { name: 'Redis', port: 6379 },
};

export class ServerUnreachableError extends Error {
  constructor(readonly variable: ServerVariable, readonly endpoint: string, readonly reason: string) {
    super(`${variable}: cannot reach ${systems[variable].name} at ${endpoint} (${reason}); check that it runs and that ${variable} points at it.`);
    this.name = 'ServerUnreachableError';
  }
}

/** `host:port` of a server URL: what may be shown of it (no user, password or database name). */
export function endpointOf(url: string, variable: ServerVariable): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || 'localhost';
    return `${host}:${parsed.port || systems[variable].port}`;
  } catch {
    return '(an unreadable URL)';
  }
}

// Node's socket errors, postgres.js's connect timeout, and PostgreSQL refusing the login or the database.
const unreachableCodes = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
]);
const loginCodes = new Set(['28P01', '28000', '3D000']);

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'no answer in time',
  CONNECT_TIMEOUT: 'no answer in time',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** True for errors that mean "the server could not be reached or refused us", not a bug of ours. */
export function isConnectionFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (unreachableCodes.has(code) || loginCodes.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /^Connection is closed|connect (ECONNREFUSED|ETIMEDOUT)|getaddrinfo/.test(message);
}

/** A short reason without the URL (a driver's message may quote it, password included). */
export function reasonOf(error: unknown): string {
  const code = codeOf(error);
  if (code && reasons[code]) return reasons[code]!;
  // PostgreSQL's own words (e.g. password authentication failed for user "plentygate"): no secret in them.
  if (code && loginCodes.has(code) && error instanceof Error) return error.message;
  if (error instanceof Error && /^Connection is closed/.test(error.message)) return 'connection closed';
  return code ?? 'connection failed';
}

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  // AggregateError (several addresses tried) and wrapped causes carry the code deeper.
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (current as { errors?: unknown[] }).errors?.[0] ?? (current as { cause?: unknown }).cause;
    current = inner;
  }
  return undefined;
}

/** Runs `open`; a connection failure becomes one ServerUnreachableError naming the variable and host:port. */
export async function naming<T>(variable: ServerVariable, url: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
    throw new ServerUnreachableError(variable, endpointOf(url, variable), reasonOf(error));
  }
}
