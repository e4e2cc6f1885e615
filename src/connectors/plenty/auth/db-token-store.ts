/**
 * The token shared through the database (no Redis): a `connector_tokens` row per credential, sealed
 * with the credentials key. On PostgreSQL the login runs inside a transaction holding an advisory lock
 * on the credential, so processes on several machines log in one at a time; PGlite serves a single
 * process, where an in-process lock per database does the same.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../../../db/client.js';
import { connectorTokens } from '../../../db/schema/index.js';
import type { SecretBox } from '../../../crypto/secret-box.js';
import { Mutex, parseStoredToken } from './token-store.js';
import type { PlentyToken, TokenStore } from './token-store.js';

export interface DatabaseTokenStoreOptions {
  handle: Pick<DatabaseHandle, 'db' | 'kind'>;
  box: SecretBox;
  /** Credential name: one token per PlentyONE user. */
  name: string;
  /** How long to wait for another process's login; default 60 s. */
  lockWaitMs?: number;
}

/** PGlite: one lock per database object, shared by every store over it in this process. */
const localLocks = new WeakMap<object, Map<string, Mutex>>();

function localLock(db: object, key: string): Mutex {
  let byKey = localLocks.get(db);
  if (!byKey) localLocks.set(db, (byKey = new Map()));
  let m = byKey.get(key);
  if (!m) byKey.set(key, (m = new Mutex()));
  return m;
}

export function createDatabaseTokenStore(options: DatabaseTokenStoreOptions): TokenStore {
  const { handle, box } = options;
  const key = `plenty:${options.name}`;
  const lockWaitMs = options.lockWaitMs ?? 60_000;

  const readWith = async (db: Database): Promise<PlentyToken | undefined> => {
    const [row] = await db.select().from(connectorTokens).where(eq(connectorTokens.key, key));
    return row ? parseStoredToken(box.open(row.secret, key)) : undefined;
  };

  const writeWith = async (db: Database, token: PlentyToken): Promise<void> => {
    const secret = box.seal(JSON.stringify(token), key);
    const values = { key, secret, expiresAt: new Date(token.expiresAt), updatedAt: new Date() };
    await db.insert(connectorTokens).values(values).onConflictDoUpdate({ target: connectorTokens.key, set: { secret, expiresAt: values.expiresAt, updatedAt: values.updatedAt } });
  };

  const renewWith = async (db: Database, renew: (current: PlentyToken | undefined) => Promise<PlentyToken>) => {
    const current = await readWith(db);
    const next = await renew(current);
    if (next !== current) await writeWith(db, next);
    return next;
  };

  return {
    read: () => readWith(handle.db),
    renew(renew) {
      if (handle.kind === 'pglite') return localLock(handle.db, key).run(() => renewWith(handle.db, renew));
      return handle.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local lock_timeout = ${Math.max(1, Math.floor(lockWaitMs))}`));
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`plentygate:token:${key}`}, 0))`);
        return renewWith(tx as unknown as Database, renew);
      });
    },
  };
}
