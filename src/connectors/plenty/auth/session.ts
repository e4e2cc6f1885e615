/**
 * The client's view of its PlentyONE session: a valid token from the local cache, else from the shared
 * store, else a login (one per deployment, under the store's lock). After a 401 the token is replaced
 * only if the stored one is still the token that failed — another process may already have logged in,
 * and logging in again would take another of the few concurrent sessions.
 */
import type { PlentyToken, TokenStore } from './token-store.js';

export interface SessionOptions {
  store: TokenStore;
  /** Performs `POST /rest/login`. */
  login: () => Promise<PlentyToken>;
  /** A token this close to its expiry is renewed before use; default 60 s. */
  expirySkewMs?: number;
  now?: () => number;
}

export class PlentySession {
  private cached: PlentyToken | undefined;
  private renewing: Promise<PlentyToken> | undefined;
  private loginCount = 0;
  private readonly skew: number;
  private readonly now: () => number;

  constructor(private readonly options: SessionOptions) {
    this.skew = options.expirySkewMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Logins this client performed (not counting tokens it read from the store). */
  get logins(): number {
    return this.loginCount;
  }

  /** A token believed valid. */
  async token(): Promise<PlentyToken> {
    if (this.cached && this.fresh(this.cached)) return this.cached;
    const stored = await this.options.store.read();
    if (stored && this.fresh(stored)) return (this.cached = stored);
    return this.renew(stored?.accessToken);
  }

  /** The API refused `failedAccessToken` (401): get another token, logging in only if nobody has. */
  replace(failedAccessToken: string): Promise<PlentyToken> {
    if (this.cached?.accessToken === failedAccessToken) this.cached = undefined;
    return this.renew(failedAccessToken);
  }

  private renew(failed: string | undefined): Promise<PlentyToken> {
    // One renewal per process at a time; everyone in this process waits for it.
    this.renewing ??= this.options.store
      .renew(async (current) => {
        if (current && current.accessToken !== failed && this.fresh(current)) return current;
        this.loginCount += 1;
        return this.options.login();
      })
      .then((t) => (this.cached = t))
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  private fresh(t: PlentyToken): boolean {
    return t.expiresAt - this.skew > this.now();
  }
}
