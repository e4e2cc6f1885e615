/**
 * Login, refresh, logout and `users/me`. The login answer is snake_case (as in PlentyONE's guide),
 * the refresh answer camelCase (the spec's `TokenData`): a client has to read both. Credentials are
 * accepted as JSON, form fields or query parameters (`/rest/login?username=…&password=…`).
 */
import { PlentyHttpError } from '../errors.js';
import type { RestRouter } from '../rest-router.js';
import type { SessionStore } from '../sessions.js';

async function credentials(c: import('hono').Context): Promise<{ username: string; password: string; refreshToken?: string }> {
  const fromQuery = { username: c.req.query('username'), password: c.req.query('password'), refresh_token: c.req.query('refresh_token') };
  const type = c.req.header('content-type') ?? '';
  let body: Record<string, unknown> = {};
  try {
    if (type.includes('application/json')) body = ((await c.req.json()) as Record<string, unknown>) ?? {};
    else if (type.includes('form')) body = (await c.req.parseBody()) as Record<string, unknown>;
  } catch {
    body = {};
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    username: str(body.username) ?? fromQuery.username ?? '',
    password: str(body.password) ?? fromQuery.password ?? '',
    refreshToken: str(body.refresh_token) ?? str(body.refreshToken) ?? fromQuery.refresh_token,
  };
}

export function authRoutes(r: RestRouter, sessions: SessionStore): void {
  r.post(
    '/rest/login',
    async ({ c }) => {
      const { username, password } = await credentials(c);
      const result = sessions.login(username, password);
      if (!result.ok && result.reason === 'too_many_concurrent_sessions') {
        throw new PlentyHttpError(429, {
          error: 'too_many_concurrent_sessions',
          max_current_sessions: sessions.maxConcurrent,
          message: `The maximum number of ${sessions.maxConcurrent} concurrent sessions has been reached.`,
        });
      }
      if (!result.ok) {
        throw new PlentyHttpError(401, { error: 'invalid_credentials', message: 'The user credentials were incorrect.' });
      }
      const s = result.session;
      return { token_type: 'Bearer', expires_in: sessions.lifetime, access_token: s.accessToken, refresh_token: s.refreshToken };
    },
    { public: true },
  );

  r.post(
    '/rest/login/refresh',
    async ({ c }) => {
      const { refreshToken } = await credentials(c);
      const s = refreshToken ? sessions.refresh(refreshToken) : undefined;
      if (!s) throw new PlentyHttpError(401, { error: 'invalid_request', message: 'The refresh token is invalid.' });
      return { accessToken: s.accessToken, tokenType: 'Bearer', expiresIn: sessions.lifetime, refreshToken: s.refreshToken };
    },
    { public: true },
  );

  r.post('/rest/logout', ({ session }) => {
    if (session) sessions.logout(session.accessToken);
    return { success: true };
  });

  r.get('/rest/users/me', ({ session }) => ({
    id: 1,
    userId: 1,
    user: session?.user,
    realName: 'Sandbox API user',
    lang: 'de',
    isSupportUser: false,
    userClass: 1,
    email: 'api@sandbox.plentygate.invalid',
  }));
}
