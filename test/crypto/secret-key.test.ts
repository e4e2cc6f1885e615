import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { resolveSecretKey } from '../../src/crypto/secret-key.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-key-'));
  dirs.push(dir);
  return join(dir, 'data');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('secret key', () => {
  it('creates a key file readable only by its owner in embedded mode, and reuses it', () => {
    const dir = dataDir();
    const config = loadConfig({ PLENTYGATE_DATA_DIR: dir });
    const key = resolveSecretKey(config);
    expect(key).toHaveLength(32);
    const file = join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toString('hex'));
    // The next start (another process) uses the same key: secrets sealed before still open.
    const sealed = new SecretBox(key).seal('token');
    const again = resolveSecretKey(loadConfig({ PLENTYGATE_DATA_DIR: dir }));
    expect(again.equals(key)).toBe(true);
    expect(new SecretBox(again).open(sealed)).toBe('token');
  });

  it('uses PLENTYGATE_SECRET_KEY when set (hex or base64), writing no file', () => {
    const dir = dataDir();
    const key = randomBytes(32);
    expect(resolveSecretKey(loadConfig({ PLENTYGATE_DATA_DIR: dir, PLENTYGATE_SECRET_KEY: key.toString('hex') })).equals(key)).toBe(true);
    expect(resolveSecretKey(loadConfig({ PLENTYGATE_DATA_DIR: dir, PLENTYGATE_SECRET_KEY: key.toString('base64') })).equals(key)).toBe(true);
    expect(() => statSync(join(dir, 'secret.key'))).toThrow();
  });

  it('requires PLENTYGATE_SECRET_KEY with DATABASE_URL', () => {
    const config = loadConfig({ PLENTYGATE_DATA_DIR: dataDir(), DATABASE_URL: 'postgres://db.example/plentygate' });
    expect(() => resolveSecretKey(config)).toThrow(
      'PLENTYGATE_SECRET_KEY: is required with DATABASE_URL, so that every process shares one key (generate one with `plentygate secret:generate`)',
    );
  });

  it('refuses a damaged key file, naming it, instead of using a wrong key', () => {
    const dir = dataDir();
    resolveSecretKey(loadConfig({ PLENTYGATE_DATA_DIR: dir }));
    const file = join(dir, 'secret.key');
    writeFileSync(file, 'not a key\n');
    expect(() => resolveSecretKey(loadConfig({ PLENTYGATE_DATA_DIR: dir }))).toThrow(`${file}: expected the secret key as 64 hex characters`);
  });
});
