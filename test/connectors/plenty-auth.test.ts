import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { connectorTokens } from '../../src/db/schema/index.js';
import { PermanentApiError } from '../../src/connectors/errors.js';
import {
  createDatabaseTokenStore,
  createMemoryTokenStore,
  createPlentyClient,
  createRedisTokenStore,
  type TokenStore,
} from '../../src/connectors/plenty/index.js';
import { serve } from '../../src/sandbox/common/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { redisUrl, testRedisPrefix } from '../support/redis.js';
import { skipWithoutRedis } from '../support/redis-required.js';
import { sandboxClient, startPlentySandbox, type ServedSandbox } from './plenty-support.js';

const LOGIN = ['POST', '/rest/login'] as const;
const box = new SecretBox(randomBytes(32));
const { prefix, cleanup } = testRedisPrefix();
const redisConnections: Redis[] = [];
let sb: ServedSandbox;
let db: TestDatabase;
const extraHandles: DatabaseHandle[] = [];

beforeAll(async () => {
  sb = await startPlentySandbox({ maxConcurrentSessions: 3 });
  db = await createTestDatabase();
});
afterAll(async () => {
  await sb.close();
  for (const h of extraHandles) await h.close();
  await db.destroy();
  for (const r of redisConnections) r.disconnect();
  await cleanup();
});

/** A new "process": its own Redis connection or database handle, over the same shared backing. */
const stores: Record<string, (name: string) => Promise<TokenStore>> = {
  redis: async (name) => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    redisConnections.push(redis);
    return createRedisTokenStore({ redis, prefix, name, box });
  },
  database: async (name) => {
    // On PostgreSQL every "process" gets its own pool; PGlite serves one process, so they share it.
    let handle: DatabaseHandle = db;
    if (db.url) {
      handle = await openDatabase({ url: db.url, max: 2 });
      extraHandles.push(handle);
    }
    return createDatabaseTokenStore({ handle, box, name });
  },
};

const resetSandbox = () => {
  sb.sandbox.sessions.clear();
  sb.sandbox.log.reset();
};

describe('PlentyONE client: login', () => {
  it('logs in with the snake_case answer and calls with the bearer token', async () => {
    resetSandbox();
    const client = sandboxClient(sb);
    const me = await client.me();
    expect(me.realName).toBe('Sandbox API user');
    expect(client.stats().logins).toBe(1);
    expect(sb.calls(...LOGIN)).toBe(1);
  });

  it('logs in with a camelCase answer', async () => {
    const tokens = new Set<string>();
    const app = new Hono();
    app.post('/rest/login', (c) => {
      const token = `camel-${tokens.size + 1}`;
      tokens.add(token);
      return c.json({ accessToken: token, tokenType: 'Bearer', expiresIn: '3600', refreshToken: 'r' });
    });
    app.get('/rest/users/me', (c) => {
      const token = c.req.header('authorization')?.replace(/^Bearer /, '') ?? '';
      return tokens.has(token) ? c.json({ id: 7, realName: 'Camel user' }) : c.json({ error: { code: 401, message: 'Unauthenticated.' } }, 401);
    });
    const server = await serve(app);
    try {
      const store = createMemoryTokenStore();
      const client = createPlentyClient({ baseUrl: server.url, username: 'u', password: 'p', tokenStore: store, timeoutMs: 5_000 });
      expect((await client.me()).realName).toBe('Camel user');
      const stored = await store.read();
      expect(stored?.accessToken).toBe('camel-1');
      // expiresIn as a string ("3600") still gives a lifetime of an hour.
      expect(stored!.expiresAt - Date.now()).toBeGreaterThan(3_500_000);
    } finally {
      await server.close();
    }
  });

  it('refuses bad credentials as a permanent error', async () => {
    const client = sandboxClient(sb, { password: 'wrong' });
    const err = await client.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentApiError);
    expect((err as PermanentApiError).message).toMatch(/credentials/);
  });

  it('logs in again once when the token expired, then retries the call', async () => {
    resetSandbox();
    const client = sandboxClient(sb);
    await client.me();
    sb.sandbox.sessions.expire();
    await client.me();
    expect(sb.calls(...LOGIN)).toBe(2);
    const stats = client.stats();
    expect(stats.logins).toBe(2);
    expect(stats.calls['GET /rest/users/me 401']).toBe(1);
    expect(stats.calls['GET /rest/users/me 200']).toBe(2);
  });
});

describe.each(Object.keys(stores))('PlentyONE client: token shared through %s', (kind) => {
  if (kind === 'redis' && skipWithoutRedis()) return;
  it('two clients sharing the store log in once', async () => {
    resetSandbox();
    const name = `two-${kind}`;
    const a = sandboxClient(sb, { tokenStore: await stores[kind]!(name) });
    const b = sandboxClient(sb, { tokenStore: await stores[kind]!(name) });
    await a.me();
    await b.me();
    expect(sb.calls(...LOGIN)).toBe(1);
    expect(a.stats().logins + b.stats().logins).toBe(1);
    expect(sb.sandbox.sessions.active()).toBe(1);
  });

  it('many clients starting in parallel stay within the session limit, and re-login once after expiry', async () => {
    resetSandbox();
    const name = `many-${kind}`;
    const clients = await Promise.all(Array.from({ length: 8 }, async () => sandboxClient(sb, { tokenStore: await stores[kind]!(name) })));
    await Promise.all(clients.map((c) => c.me()));
    expect(sb.calls(...LOGIN)).toBe(1);
    expect(sb.sandbox.sessions.active()).toBeLessThanOrEqual(sb.sandbox.sessions.maxConcurrent);

    // Every client's token fails at once: only the first to take the lock logs in; the others see
    // that the stored token is no longer the one that failed and use it.
    sb.sandbox.sessions.expire();
    await Promise.all(clients.map((c) => c.me()));
    expect(sb.calls(...LOGIN)).toBe(2);
    expect(sb.sandbox.sessions.active()).toBe(1);
    expect(clients.reduce((n, c) => n + c.stats().logins, 0)).toBe(2);
  });
});

describe('PlentyONE client: database token store', () => {
  it('keeps the token sealed', async () => {
    resetSandbox();
    const store = await stores.database!('sealed');
    const client = sandboxClient(sb, { tokenStore: store });
    await client.me();
    const token = await store.read();
    const [row] = await db.db.select().from(connectorTokens);
    expect(row?.secret.startsWith('v1:')).toBe(true);
    expect(row?.secret).not.toContain(token!.accessToken);
  });
});
