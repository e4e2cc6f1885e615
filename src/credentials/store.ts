import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { credentials } from '../db/schema/index.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { describeConfigError } from '../profiles/config/errors.js';
import { ConfigValidationError } from '../profiles/errors.js';
import { credentialSchema, type Credential } from './schemas.js';
import { baseUrlProblem } from './url-policy.js';

export class CredentialNotFoundError extends Error {
  readonly status = 404;
  constructor(name: string) {
    super(`No credential named "${name}". Store one with \`plentygate credential:set --name ${name} ...\`.`);
    this.name = 'CredentialNotFoundError';
  }
}

/**
 * Connection credentials, sealed with AES-256-GCM; the credential's name is the associated data, so a
 * sealed value copied onto another row does not open.
 */
export function createCredentialStore(db: Database, box: SecretBox) {
  return {
    async set(name: string, input: unknown): Promise<Credential> {
      const parsed = credentialSchema.safeParse(input);
      if (!parsed.success) throw new ConfigValidationError(describeConfigError(parsed.error), 'credential');
      const unsafe = baseUrlProblem(parsed.data.baseUrl, parsed.data.allowInsecureHttp);
      if (unsafe) throw new ConfigValidationError([`baseUrl: ${unsafe}`], 'credential');
      const secret = box.seal(JSON.stringify(parsed.data), name);
      const now = new Date();
      await db.insert(credentials).values({ name, secret, updatedAt: now })
        .onConflictDoUpdate({ target: credentials.name, set: { secret, updatedAt: now } });
      return parsed.data;
    },

    async get(name: string): Promise<Credential> {
      const [row] = await db.select().from(credentials).where(eq(credentials.name, name));
      if (!row) throw new CredentialNotFoundError(name);
      return credentialSchema.parse(JSON.parse(box.open(row.secret, name)));
    },

    async list(): Promise<{ name: string; credential: Credential; updatedAt: Date }[]> {
      const rows = await db.select().from(credentials).orderBy(credentials.name);
      return rows.map((row) => ({ name: row.name, credential: credentialSchema.parse(JSON.parse(box.open(row.secret, row.name))), updatedAt: row.updatedAt }));
    },

    async remove(name: string): Promise<boolean> {
      const rows = await db.delete(credentials).where(eq(credentials.name, name)).returning({ name: credentials.name });
      return rows.length > 0;
    },
  };
}

export type CredentialStore = ReturnType<typeof createCredentialStore>;
