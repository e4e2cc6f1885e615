import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, environmentWithDotenv, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('has defaults for everything: embedded database and queue, port 8080', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      DATABASE_URL: undefined,
      PLENTYGATE_DATA_DIR: './var/data',
      REDIS_URL: undefined,
      REDIS_PREFIX: 'plentygate',
      PORT: 8080,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      PLENTYGATE_SECRET_KEY: undefined,
      PLENTYGATE_WORKER_CONCURRENCY: 4,
      PLENTYGATE_SHUTDOWN_TIMEOUT_MS: 30_000,
      PLENTYGATE_JOB_LEASE_MS: 30_000,
      PLENTYGATE_API_TIMEOUT_MS: 30_000,
      dataDir: resolve('./var/data'),
    });
  });

  it('reads every variable', () => {
    const key = 'ab'.repeat(32);
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u:p@db:5432/plentygate', PLENTYGATE_DATA_DIR: '/srv/pg', REDIS_URL: 'rediss://cache:6380',
      REDIS_PREFIX: 'shop1', PORT: '9000', HOST: '127.0.0.1', LOG_LEVEL: 'debug', PLENTYGATE_SECRET_KEY: key,
      PLENTYGATE_WORKER_CONCURRENCY: '16', PLENTYGATE_SHUTDOWN_TIMEOUT_MS: '0',
      PLENTYGATE_API_TIMEOUT_MS: '5000', PLENTYGATE_JOB_LEASE_MS: '2500',
    });
    expect(config).toMatchObject({
      DATABASE_URL: 'postgresql://u:p@db:5432/plentygate', dataDir: '/srv/pg', REDIS_URL: 'rediss://cache:6380', REDIS_PREFIX: 'shop1',
      PORT: 9000, HOST: '127.0.0.1', LOG_LEVEL: 'debug',
      PLENTYGATE_WORKER_CONCURRENCY: 16, PLENTYGATE_SHUTDOWN_TIMEOUT_MS: 0, PLENTYGATE_API_TIMEOUT_MS: 5000,
      PLENTYGATE_JOB_LEASE_MS: 2500,
    });
    expect(config.PLENTYGATE_SECRET_KEY?.toString('hex')).toBe(key);
  });

  it('takes a variable set to nothing as not set', () => {
    const config = loadConfig({ PORT: '', HOST: ' ', DATABASE_URL: '', PLENTYGATE_WORKER_CONCURRENCY: '' });
    expect(config).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', PLENTYGATE_WORKER_CONCURRENCY: 4 });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  const bad: [string, string, string][] = [
    ['DATABASE_URL', 'mysql://db/shop', 'DATABASE_URL: expected a PostgreSQL URL starting with postgres:// or postgresql://'],
    ['REDIS_URL', 'http://cache', 'REDIS_URL: expected a Redis URL starting with redis:// or rediss://'],
    ['PORT', 'eighty', 'PORT: expected a port number'],
    ['PORT', '0', 'PORT: expected a port between 1 and 65535'],
    ['PORT', '70000', 'PORT: expected a port between 1 and 65535'],
    ['PORT', '80.5', 'PORT: expected a whole port number'],
    ['PORT', '99999.5', 'PORT: expected a whole port number'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent'],
    ['PLENTYGATE_SECRET_KEY', 'too-short', 'PLENTYGATE_SECRET_KEY: expected 32 bytes as 64 hex characters or base64 (generate one with `plentygate secret:generate`)'],
    ['PLENTYGATE_WORKER_CONCURRENCY', 'lots', 'PLENTYGATE_WORKER_CONCURRENCY: expected the number of jobs a worker runs at once: a whole number from 1 to 256'],
    ['PLENTYGATE_WORKER_CONCURRENCY', '0', 'PLENTYGATE_WORKER_CONCURRENCY: expected the number of jobs a worker runs at once: a whole number from 1 to 256'],
    ['PLENTYGATE_WORKER_CONCURRENCY', '1000.5', 'PLENTYGATE_WORKER_CONCURRENCY: expected the number of jobs a worker runs at once: a whole number from 1 to 256'],
    ['PLENTYGATE_JOB_LEASE_MS', '500', 'PLENTYGATE_JOB_LEASE_MS: expected milliseconds a running job stays claimed without renewal: a whole number from 1000 to 3600000'],
    ['PLENTYGATE_API_TIMEOUT_MS', '50', 'PLENTYGATE_API_TIMEOUT_MS: expected milliseconds a PlentyONE or Magento call may take: a whole number from 100 to 600000'],
    ['PLENTYGATE_SHUTDOWN_TIMEOUT_MS', '-1', 'PLENTYGATE_SHUTDOWN_TIMEOUT_MS: expected milliseconds to wait for running jobs on shutdown: a whole number of at least 0'],
    ['PLENTYGATE_SHUTDOWN_TIMEOUT_MS', 'soon', 'PLENTYGATE_SHUTDOWN_TIMEOUT_MS: expected milliseconds to wait for running jobs on shutdown: a whole number of at least 0'],
  ];
  for (const [name, value, line] of bad) {
    it(`explains a bad ${name} (${JSON.stringify(value)}) in one line`, () => {
      expect(problemsOf({ [name]: value })).toEqual([line]);
    });
  }

  it('lists every bad variable at once, one line each, in the error message too', () => {
    const env = Object.fromEntries(bad.map(([name, value]) => [name, value]));
    const problems = problemsOf(env);
    const names = [...new Set(bad.map(([name]) => name))];
    expect(problems).toHaveLength(names.length);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(names.sort());
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}DATABASE_URL: /);
    }
  });

  it('reads .env from the working directory, the real environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plentygate-env-'));
    dirs.push(dir);
    writeFileSync(join(dir, '.env'), 'PORT=9100\nLOG_LEVEL=debug\n# a comment\nREDIS_PREFIX="from-file"\n');
    const env = environmentWithDotenv({ LOG_LEVEL: 'warn', HOST: '127.0.0.1' }, dir);
    expect(loadConfig(env)).toMatchObject({ PORT: 9100, LOG_LEVEL: 'warn', HOST: '127.0.0.1', REDIS_PREFIX: 'from-file' });
    // A bad value from the file is reported like any other.
    writeFileSync(join(dir, '.env'), 'PORT=http\n');
    expect(() => loadConfig(environmentWithDotenv({}, dir))).toThrow('PORT: expected a port number');
  });

  it('does without a .env file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plentygate-env-'));
    dirs.push(dir);
    const env = { PORT: '1234' };
    expect(environmentWithDotenv(env, dir)).toBe(env);
  });
});
