/**
 * Back-end user sessions: bearer tokens that expire, refresh tokens, logout, and the contract's limit
 * of concurrently active sessions (a login over the limit is refused, it does not evict an older one).
 */
import { randomBytes } from 'node:crypto';

export interface Session {
  user: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  refreshExpiresAt: number;
}

export type LoginResult =
  | { ok: true; session: Session }
  | { ok: false; reason: 'bad_credentials' | 'too_many_concurrent_sessions' };

/** Refresh tokens outlive access tokens; the exact lifetime is not documented. */
const REFRESH_FACTOR = 30;

export class SessionStore {
  private readonly byAccess = new Map<string, Session>();
  private readonly byRefresh = new Map<string, Session>();

  constructor(
    private readonly credentials: { username: string; password: string },
    private readonly lifetimeSeconds: number,
    readonly maxConcurrent: number,
    private readonly now: () => number,
  ) {}

  login(username: string, password: string): LoginResult {
    if (username !== this.credentials.username || password !== this.credentials.password) {
      return { ok: false, reason: 'bad_credentials' };
    }
    this.sweep();
    if (this.activeFor(username) >= this.maxConcurrent) return { ok: false, reason: 'too_many_concurrent_sessions' };
    const session = this.issue(username);
    this.byRefresh.set(session.refreshToken, session);
    return { ok: true, session };
  }

  /** Swap a refresh token for a new access token in the same session slot. */
  refresh(refreshToken: string): Session | undefined {
    const old = this.byRefresh.get(refreshToken);
    if (!old || old.refreshExpiresAt <= this.now()) return undefined;
    this.byAccess.delete(old.accessToken);
    this.byRefresh.delete(refreshToken);
    const session = this.issue(old.user);
    this.byRefresh.set(session.refreshToken, session);
    return session;
  }

  /** The live session for a bearer token, or undefined when unknown, revoked or expired. */
  authenticate(accessToken: string): Session | undefined {
    const s = this.byAccess.get(accessToken);
    if (!s || s.expiresAt <= this.now()) return undefined;
    return s;
  }

  logout(accessToken: string): boolean {
    const s = this.byAccess.get(accessToken);
    if (!s) return false;
    this.byAccess.delete(accessToken);
    this.byRefresh.delete(s.refreshToken);
    return true;
  }

  /** Control helper: make a token expire now (tests of the 401 → re-login path). */
  expire(accessToken?: string): number {
    let n = 0;
    for (const s of this.byAccess.values()) {
      if (accessToken === undefined || s.accessToken === accessToken) {
        s.expiresAt = this.now();
        n += 1;
      }
    }
    return n;
  }

  /** Control helper: drop every session. */
  clear(): void {
    this.byAccess.clear();
    this.byRefresh.clear();
  }

  active(): number {
    this.sweep();
    return this.byAccess.size;
  }

  get lifetime(): number {
    return this.lifetimeSeconds;
  }

  private activeFor(user: string): number {
    let n = 0;
    for (const s of this.byAccess.values()) if (s.user === user) n += 1;
    return n;
  }

  private issue(user: string): Session {
    const session: Session = {
      user,
      accessToken: randomBytes(32).toString('base64url'),
      refreshToken: randomBytes(32).toString('base64url'),
      expiresAt: this.now() + this.lifetimeSeconds * 1000,
      refreshExpiresAt: this.now() + this.lifetimeSeconds * 1000 * REFRESH_FACTOR,
    };
    this.byAccess.set(session.accessToken, session);
    return session;
  }

  private sweep(): void {
    for (const [token, s] of this.byAccess) if (s.expiresAt <= this.now()) this.byAccess.delete(token);
  }
}
