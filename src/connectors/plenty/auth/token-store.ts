/**
 * Where the PlentyONE session token lives. PlentyONE limits concurrent sessions per contract (default
 * 3), so every process of a deployment must use one token: the store keeps it, and `renew` runs the
 * login under a deployment-wide lock, so only one process logs in while the others wait and then read
 * the token it stored. Adapters: in-process (this file), Redis and the database.
 */
export interface PlentyToken {
  accessToken: string;
  tokenType: string;
  refreshToken?: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
}

export interface TokenStore {
  /** The stored token, if any (possibly expired). */
  read(): Promise<PlentyToken | undefined>;
  /**
   * Under the deployment-wide login lock: reads the stored token, calls `renew` with it, stores and
   * returns what `renew` returns. `renew` returns the token it was given when that one is still good
   * (another process renewed it meanwhile) — then nothing is written.
   */
  renew(renew: (current: PlentyToken | undefined) => Promise<PlentyToken>): Promise<PlentyToken>;
}

/** Chains async sections one after another (an in-process lock). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** One process only (tests, single-process tools): the token in memory. */
export function createMemoryTokenStore(): TokenStore {
  let token: PlentyToken | undefined;
  const lock = new Mutex();
  return {
    read: async () => token,
    renew: (renew) =>
      lock.run(async () => {
        token = await renew(token);
        return token;
      }),
  };
}

export function parseStoredToken(json: string): PlentyToken | undefined {
  try {
    const t = JSON.parse(json) as Partial<PlentyToken>;
    if (typeof t.accessToken !== 'string' || typeof t.expiresAt !== 'number') return undefined;
    return { accessToken: t.accessToken, tokenType: t.tokenType ?? 'Bearer', refreshToken: t.refreshToken, expiresAt: t.expiresAt };
  } catch {
    return undefined;
  }
}
