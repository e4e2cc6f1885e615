import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';

/**
 * The key that encrypts credentials. PLENTYGATE_SECRET_KEY wins. Without it, the embedded default keeps a
 * generated key beside its database (`<data dir>/secret.key`, mode 0600) so `npm run demo` needs no setup;
 * with PostgreSQL the key must be configured, since every process on every machine needs the same one.
 */
export function resolveSecretKey(config: Config): Buffer {
  if (config.PLENTYGATE_SECRET_KEY) return config.PLENTYGATE_SECRET_KEY;
  if (config.DATABASE_URL) {
    throw new Error(
      'PLENTYGATE_SECRET_KEY: is required with DATABASE_URL, so that every process shares one key ' +
        '(generate one with `plentygate secret:generate`)',
    );
  }
  const file = join(config.dataDir, 'secret.key');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    // 'wx': two processes starting at once must not each write (and use) a different key.
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): Buffer {
  // A key file copied in (or from an older version) may be readable by others: make it the owner's only.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new Error(
      `${file}: expected the secret key as 64 hex characters; restore it from a backup ` +
        '(credentials stored with another key cannot be decrypted), or set PLENTYGATE_SECRET_KEY',
    );
  }
  return Buffer.from(text, 'hex');
}
