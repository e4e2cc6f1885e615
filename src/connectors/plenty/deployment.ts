/**
 * What every PlentyONE client of a deployment must share: the session token (PlentyONE limits
 * concurrent sessions) and the call budget. With Redis both live there, so workers on any number of
 * machines use one token and one budget; without Redis (the embedded, single-process runtime) the token
 * is kept in the database and the budget in this process, shared by every client created here.
 */
import type { Redis } from 'ioredis';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { DatabaseHandle } from '../../db/client.js';
import { createDatabaseTokenStore } from './auth/db-token-store.js';
import { createRedisTokenStore } from './auth/redis-token-store.js';
import type { TokenStore } from './auth/token-store.js';
import { createMemoryBudgetStore } from './throttle/memory-store.js';
import { createRedisBudgetStore } from './throttle/redis-store.js';
import { PlentyThrottle } from './throttle/throttle.js';
import type { ThrottleOptions } from './throttle/throttle.js';

export interface SharedPlentyStateOptions {
  /** The deployment's Redis (REDIS_URL), when there is one. */
  redis?: Redis | undefined;
  /** REDIS_PREFIX. */
  prefix: string;
  database: Pick<DatabaseHandle, 'db' | 'kind'>;
  /** The credentials key: tokens are sealed at rest. */
  box: SecretBox;
  /** Credential name (one PlentyONE system and user). */
  name: string;
  throttle?: ThrottleOptions;
}

/** In-process budgets by credential name: every client of this process draws on the same one. */
const localBudgets = new Map<string, PlentyThrottle>();

export function sharedPlentyState(options: SharedPlentyStateOptions): { tokenStore: TokenStore; throttle: PlentyThrottle } {
  const { redis, prefix, name, box } = options;
  if (redis) {
    return {
      tokenStore: createRedisTokenStore({ redis, prefix, name, box }),
      throttle: new PlentyThrottle(createRedisBudgetStore({ redis, prefix, name }), options.throttle),
    };
  }
  let throttle = localBudgets.get(name);
  if (!throttle) localBudgets.set(name, (throttle = new PlentyThrottle(createMemoryBudgetStore(), options.throttle)));
  return { tokenStore: createDatabaseTokenStore({ handle: options.database, box, name }), throttle };
}
