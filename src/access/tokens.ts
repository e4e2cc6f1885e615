import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { apiTokens } from '../db/schema/index.js';
import { secretsEqual } from '../gateway/verify/constant-time.js';
import { isRole, type Role } from './roles.js';
import type { ConfiguredToken } from './token-setting.js';

/** A token that was accepted: its display name, role, and a reference a session keeps instead of the token. */
export interface TokenHolder {
  name: string;
  role: Role;
  /** `e:<fingerprint>` (PLENTYGATE_API_TOKENS) or `s:<id>` (a stored token). */
  ref: string;
}

export interface StoredToken {
  id: number;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** What names a configured token in the audit log and in sessions: 16 hex of a hash of it (reveals nothing usable). */
export const tokenFingerprint = (token: string) => sha256(`plentygate token:${token}`).slice(0, 16);

export class TokenInputError extends Error {
  readonly status = 422;
}

/**
 * Admin API tokens: the ones of PLENTYGATE_API_TOKENS (with their roles) and the ones created in the app
 * or the API (stored as SHA-256 only; the token is shown once). Checking a token compares it in constant
 * time with every configured one and looks its hash up among the stored ones.
 */
export function createTokenAccess(db: Database, configured: readonly ConfiguredToken[]) {
  const envTokens = configured.map((c) => ({ ...c, fingerprint: tokenFingerprint(c.token) }));
  const envName = (fp: string) => `env token ${fp.slice(0, 8)}`;

  return {
    /** Without a configured token the admin API and the app are off (an admin token bootstraps the rest). */
    enabled: configured.length > 0,

    async authenticate(token: string): Promise<TokenHolder | undefined> {
      if (!token || envTokens.length === 0) return undefined;
      let found: (typeof envTokens)[number] | undefined;
      for (const entry of envTokens) if (secretsEqual(token, entry.token) && !found) found = entry;
      if (found) return { name: envName(found.fingerprint), role: found.role, ref: `e:${found.fingerprint}` };
      if (!token.startsWith(STORED_PREFIX)) return undefined;
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256(token)));
      if (!row || !isRole(row.role)) return undefined;
      // At most one write a minute per token: the column says "in use lately", not every request.
      const now = new Date();
      await db.update(apiTokens).set({ lastUsedAt: now })
        .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - 60_000)))));
      return { name: row.name, role: row.role, ref: `s:${row.id}` };
    },

    /** The holder behind a session's reference, as it is now (a revoked token or a changed role shows at once). */
    async byRef(ref: string): Promise<TokenHolder | undefined> {
      if (ref.startsWith('e:')) {
        const entry = envTokens.find((e) => secretsEqual(`e:${e.fingerprint}`, ref));
        return entry ? { name: envName(entry.fingerprint), role: entry.role, ref } : undefined;
      }
      const id = /^s:(\d{1,9})$/.exec(ref)?.[1];
      if (!id || envTokens.length === 0) return undefined;
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, Number(id)));
      return row && isRole(row.role) ? { name: row.name, role: row.role, ref } : undefined;
    },

    async list(): Promise<StoredToken[]> {
      const rows = await db.select().from(apiTokens).orderBy(apiTokens.name);
      return rows.map(({ tokenHash: _hash, ...r }) => ({ ...r, role: isRole(r.role) ? r.role : 'viewer' }));
    },

    /** Creates a token; the returned `token` is the only time it is ever shown. */
    async create(name: string, role: Role, createdBy: string): Promise<{ token: string; stored: StoredToken }> {
      const clean = name.trim();
      if (!/^[\w .@-]{1,80}$/.test(clean)) throw new TokenInputError('A token name is 1 to 80 letters, digits, spaces or . _ @ -.');
      if (clean.startsWith('env token')) throw new TokenInputError('"env token …" names the tokens of PLENTYGATE_API_TOKENS; choose another name.');
      const [existing] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, clean));
      if (existing) throw new TokenInputError(`There is already a token named "${clean}"; revoke it first or choose another name.`);
      const token = `${STORED_PREFIX}${randomBytes(32).toString('base64url')}`;
      const [row] = await db.insert(apiTokens).values({ name: clean, role, tokenHash: sha256(token), createdBy }).returning();
      const { tokenHash: _hash, ...stored } = row!;
      return { token, stored: { ...stored, role } };
    },

    async revoke(id: number): Promise<StoredToken | undefined> {
      const [row] = await db.delete(apiTokens).where(eq(apiTokens.id, id)).returning();
      if (!row) return undefined;
      const { tokenHash: _hash, ...stored } = row;
      return { ...stored, role: isRole(stored.role) ? stored.role : 'viewer' };
    },
  };
}

/** Stored tokens start with this, so a lookup is only made for something that can be one. */
export const STORED_PREFIX = 'pgt_';

export type TokenAccess = ReturnType<typeof createTokenAccess>;
