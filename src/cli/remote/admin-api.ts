import { isAlive } from '../../runtime/embedded-lock.js';
import { apiTokenSetting } from '../../access/token-setting.js';
import { roles } from '../../access/roles.js';
import { readServeAddress } from '../../runtime/serve-address.js';
import type { Config } from '../../config.js';
import { ConfigValidationError } from '../../profiles/errors.js';

/** An answer of the admin API that is not a success, with its status (so failure.ts maps it as a local error). */
export class AdminApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** ISO timestamps in answers become Dates again, as the local service returns them. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const revive = (_key: string, value: unknown) => (typeof value === 'string' && ISO.test(value) ? new Date(value) : value);

export interface AdminApi {
  /** Where serve answers, for the note the CLI prints. */
  url: string;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/**
 * The admin API of a running serve, as the CLI uses it when serve holds the embedded database.
 * Where: PLENTYGATE_URL, else the address serve wrote into the data folder (serve.json), else
 * http://127.0.0.1:$PORT. Token: PLENTYGATE_TOKEN, else the token of PLENTYGATE_API_TOKENS (environment
 * or .env, as serve reads it) with the highest role. The token is sent only to that URL, never printed.
 */
export function adminApi(config: Config, env: NodeJS.ProcessEnv): AdminApi {
  const served = readServeAddress(config.dataDir);
  const url = (env.PLENTYGATE_URL?.trim() || (served && isAlive(served.pid) ? served.url : `http://127.0.0.1:${config.PORT}`)).replace(/\/+$/, '');
  const token = env.PLENTYGATE_TOKEN?.trim() || strongestToken(env.PLENTYGATE_API_TOKENS);
  return {
    url,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      if (!token) {
        throw new AdminApiError('serve holds the embedded database, and the CLI has no token for its admin API: set PLENTYGATE_TOKEN (or PLENTYGATE_API_TOKENS, as serve has it).', 401);
      }
      let res: Response;
      try {
        res = await fetch(`${url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new AdminApiError(`Could not reach serve's admin API at ${url} (${cause}); set PLENTYGATE_URL if serve listens elsewhere.`, 503);
      }
      const text = await res.text();
      const parsed = text ? (JSON.parse(text, revive) as unknown) : undefined;
      if (res.ok) return parsed as T;
      const p = (parsed ?? {}) as { detail?: string; title?: string; problems?: string[] };
      if (res.status === 422 && Array.isArray(p.problems)) throw new ConfigValidationError(p.problems);
      const detail = p.detail ?? p.title ?? `HTTP ${res.status}`;
      const extra = Array.isArray(p.problems) ? ` ${p.problems.join('; ')}` : '';
      const hint = res.status === 401 ? ' (the token serve was given differs: set PLENTYGATE_TOKEN)' : '';
      // The status decides the exit code as for a local error (failure.ts): 4xx 2, 5xx 1.
      throw new AdminApiError(`${detail}${extra}${hint}`, res.status);
    },
  };
}

/** The admin token if there is one, else operator, else viewer: the CLI does what its user asks. */
function strongestToken(setting: string | undefined): string | undefined {
  const parsed = apiTokenSetting.safeParse(setting);
  if (!parsed.success) return undefined;
  return [...parsed.data].sort((a, b) => roles.indexOf(b.role) - roles.indexOf(a.role))[0]?.token;
}
