import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { Role } from '../../access/roles.js';
import type { TokenAccess } from '../../access/tokens.js';
import { secretsEqual } from '../verify/constant-time.js';

/** The admin web app's session: who signed in (which token, with which role), until when, and its CSRF token. */
export interface Session {
  id: string;
  expiresAt: Date;
  /** The hidden form field every POST must carry (bound to this session). */
  csrf: string;
  /** The token's display name (audit log) and its role as it is now. */
  name: string;
  role: Role;
}

export const SESSION_COOKIE = 'plentygate_session';
/** A session lasts a working day; then the app asks for the token again. */
export const SESSION_TTL_S = 8 * 3600;
export const CSRF_FIELD = '_csrf';

export interface Sessions {
  /** The session of this request, or undefined (none, expired, tampered with, or its token was removed or revoked). */
  read(c: Context): Promise<Session | undefined>;
  /** Checks an API token and, when it is one, starts a session (sets the cookie). */
  signIn(c: Context, token: string): Promise<Session | undefined>;
  signOut(c: Context): void;
  /** True when `given` is the CSRF token of `session` (constant time). */
  csrfMatches(session: Session, given: unknown): boolean;
}

/**
 * Sessions in a signed cookie (HMAC, hono/cookie): `<id>.<expiry>.<token reference>`, the reference being
 * a fingerprint of a PLENTYGATE_API_TOKENS token or a stored token's id (never the token). The signing
 * key is derived from the configured API tokens, so every gateway with the same tokens accepts the
 * session. The reference is looked up on every request: a token removed from the setting or revoked in
 * the app ends its sessions at once, and a changed role applies at once. The cookie is HttpOnly and
 * SameSite=Strict; the CSRF token is an HMAC of the session id, so a form is only accepted within the
 * session it was rendered for.
 */
export function createSessions(access: TokenAccess, keyMaterial: readonly string[], now: () => number = Date.now): Sessions {
  const key = Buffer.from(hkdfSync('sha256', keyMaterial.join('\n'), 'plentygate admin session', 'cookie signing', 32));
  const csrfOf = (id: string) => createHmac('sha256', key).update(`csrf:${id}`).digest('base64url');
  const cookieOptions = (c: Context) => ({
    path: '/admin', httpOnly: true, sameSite: 'Strict' as const,
    secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
  });

  return {
    async read(c) {
      if (!access.enabled) return undefined;
      const value = await getSignedCookie(c, key, SESSION_COOKIE);
      if (!value) return undefined;
      const [id, expires, ref] = value.split('.');
      const expiresAt = new Date(Number(expires) * 1000);
      if (!id || !ref || !(expiresAt.getTime() > now())) return undefined;
      const holder = await access.byRef(ref);
      if (!holder) return undefined;
      return { id, expiresAt, csrf: csrfOf(id), name: holder.name, role: holder.role };
    },
    async signIn(c, token) {
      const holder = token ? await access.authenticate(token) : undefined;
      if (!holder) return undefined;
      const id = randomBytes(18).toString('base64url');
      const expiresAt = new Date(now() + SESSION_TTL_S * 1000);
      await setSignedCookie(c, SESSION_COOKIE, `${id}.${Math.floor(expiresAt.getTime() / 1000)}.${holder.ref}`, key, {
        ...cookieOptions(c), maxAge: SESSION_TTL_S,
      });
      return { id, expiresAt, csrf: csrfOf(id), name: holder.name, role: holder.role };
    },
    signOut(c) {
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    },
    csrfMatches(session, given) {
      return typeof given === 'string' && given.length > 0 && secretsEqual(given, session.csrf);
    },
  };
}
