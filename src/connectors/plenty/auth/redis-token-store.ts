/**
 * The token shared through Redis (distributed runtime): `<prefix>:plenty:token:<name>` holds it (sealed
 * when a SecretBox is given), and `…:lock` is a short lock taken with SET NX PX while one process logs
 * in; the others poll until it is free, then read the token that process stored.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SecretBox } from '../../../crypto/secret-box.js';
import { TransientApiError } from '../../errors.js';
import { parseStoredToken } from './token-store.js';
import type { PlentyToken, TokenStore } from './token-store.js';

export interface RedisTokenStoreOptions {
  redis: Redis;
  /** Deployment key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Credential name: one token per PlentyONE user. */
  name: string;
  /** Seals the token at rest (recommended). */
  box?: SecretBox;
  /** How long the login lock is held at most (longer than a login call); default 30 s. */
  lockTtlMs?: number;
  /** How long to wait for another process's login; default 60 s. */
  lockWaitMs?: number;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export function createRedisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  const { redis, box } = options;
  const key = `${options.prefix}:plenty:token:${options.name}`;
  const lockKey = `${key}:lock`;
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const lockWaitMs = options.lockWaitMs ?? 60_000;

  const read = async (): Promise<PlentyToken | undefined> => {
    const raw = await redis.get(key);
    if (raw === null) return undefined;
    return parseStoredToken(box ? box.open(raw, key) : raw);
  };

  const write = async (token: PlentyToken): Promise<void> => {
    const json = JSON.stringify(token);
    const ttl = Math.max(1000, token.expiresAt - Date.now());
    await redis.set(key, box ? box.seal(json, key) : json, 'PX', ttl);
  };

  return {
    read,
    async renew(renew) {
      const owner = randomUUID();
      const deadline = Date.now() + lockWaitMs;
      let delay = 20;
      while ((await redis.set(lockKey, owner, 'PX', lockTtlMs, 'NX')) !== 'OK') {
        if (Date.now() > deadline) {
          throw new TransientApiError(`PlentyONE login: another process held the login lock for over ${lockWaitMs} ms`, { system: 'plenty', route: 'POST /rest/login' });
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 250);
      }
      try {
        const current = await read();
        const next = await renew(current);
        if (next !== current) await write(next);
        return next;
      } finally {
        await redis.eval(RELEASE, 1, lockKey, owner);
      }
    },
  };
}
