import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { resolveSecretKey } from '../../src/crypto/secret-key.js';
import { openDatabase } from '../../src/db/client.js';
import { lockEmbeddedDatabase } from '../../src/runtime/embedded-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-modes-'));
  dirs.push(dir);
  return dir;
}

/** Every path under `dir` (itself included) whose permission bits are not the expected owner-only ones. */
function notOwnerOnly(dir: string): string[] {
  const wrong: string[] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) wrong.push(`${path} ${mode.toString(8)}`);
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (mode !== 0o600) {
      wrong.push(`${path} ${mode.toString(8)}`);
    }
  };
  visit(dir);
  return wrong;
}

describe('embedded data folder permissions', () => {
  it('creates the data folder 0700 and every database and key file 0600, while open and after close', { timeout: 60_000 }, async () => {
    const data = join(scratch(), 'data');
    const unlock = lockEmbeddedDatabase(data, 'test');
    const key = resolveSecretKey(loadConfig({ PLENTYGATE_DATA_DIR: data }));
    expect(key).toHaveLength(32);
    const db = await openDatabase({ dataDir: join(data, 'pglite') });
    try {
      await db.query('create table t (a int)');
      await db.query('insert into t values (1)');
      expect(readdirSync(join(data, 'pglite')).length).toBeGreaterThan(5);
      expect(notOwnerOnly(data)).toEqual([]);
    } finally {
      await db.close();
      unlock();
    }
    expect(notOwnerOnly(data)).toEqual([]);
  });

  it('tightens a data folder and key file that others could read (made by an earlier version)', { timeout: 60_000 }, async () => {
    const data = join(scratch(), 'data');
    mkdirSync(join(data, 'pglite'), { recursive: true, mode: 0o777 });
    chmodSync(data, 0o777);
    chmodSync(join(data, 'pglite'), 0o777);
    writeFileSync(join(data, 'secret.key'), `${'ab'.repeat(32)}\n`, { mode: 0o666 });
    chmodSync(join(data, 'secret.key'), 0o666);
    const db = await openDatabase({ dataDir: join(data, 'pglite') });
    await db.close();
    resolveSecretKey(loadConfig({ PLENTYGATE_DATA_DIR: data }));
    expect(notOwnerOnly(join(data, 'pglite'))).toEqual([]);
    expect(statSync(join(data, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});
