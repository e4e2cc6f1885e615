import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { PlentySandboxClient } from '../../src/sandbox/plenty/client.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';

// A manual clock: token expiry is reached by moving time, not by waiting.
let now = Date.parse('2025-01-01T00:00:00Z');
const sandbox = createPlentySandbox({ tokenLifetimeSeconds: 60, maxConcurrentSessions: 2, clock: () => now });
let server: ServedApp;

beforeAll(async () => {
  server = await serve(sandbox.app);
});
afterAll(async () => {
  await server.close();
});

async function clearSessions() {
  await fetch(`${server.url}/_sandbox/sessions`, { method: 'DELETE' });
}

describe('PlentyONE sandbox login', () => {
  it('answers a JSON login in snake_case and accepts the bearer token', async () => {
    await clearSessions();
    const client = new PlentySandboxClient(server.url);
    const login = await client.login();
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
    expect(typeof login.body.access_token).toBe('string');
    expect(typeof login.body.refresh_token).toBe('string');
    const me = await client.get('/rest/users/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toBe('sandbox');
  });

  it('accepts credentials as query parameters and as form fields', async () => {
    await clearSessions();
    const q = await fetch(`${server.url}/rest/login?username=sandbox&password=sandbox`, { method: 'POST' });
    expect(q.status).toBe(200);
    expect(await q.json()).toHaveProperty('access_token');
    const f = await fetch(`${server.url}/rest/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=sandbox&password=sandbox',
    });
    expect(f.status).toBe(200);
  });

  it('refuses wrong credentials and calls without a token', async () => {
    const bad = await new PlentySandboxClient(server.url).login('sandbox', 'wrong');
    expect(bad.status).toBe(401);
    const anon = await new PlentySandboxClient(server.url).get('/rest/items');
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ error: { code: 401, message: 'Unauthenticated.' } });
  });

  it('refresh answers camelCase TokenData with a new working token', async () => {
    await clearSessions();
    const client = new PlentySandboxClient(server.url);
    const login = await client.login();
    const res = await client.post('/rest/login/refresh', { refresh_token: login.body.refresh_token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 60 });
    expect(res.body.accessToken).not.toBe(login.body.access_token);
    const old = await client.get('/rest/users/me');
    expect(old.status).toBe(401);
    client.token = res.body.accessToken;
    expect((await client.get('/rest/users/me')).status).toBe(200);
  });

  it('expires tokens after their lifetime (401), and login works again', async () => {
    await clearSessions();
    const client = new PlentySandboxClient(server.url);
    await client.login();
    expect((await client.get('/rest/webstores')).status).toBe(200);
    now += 61_000;
    const expired = await client.get('/rest/webstores');
    expect(expired.status).toBe(401);
    expect((await client.login()).status).toBe(200);
    expect((await client.get('/rest/webstores')).status).toBe(200);
  });

  it('limits concurrent sessions with 429 too_many_concurrent_sessions; logout frees a slot', async () => {
    await clearSessions();
    const a = new PlentySandboxClient(server.url);
    const b = new PlentySandboxClient(server.url);
    const c = new PlentySandboxClient(server.url);
    expect((await a.login()).status).toBe(200);
    expect((await b.login()).status).toBe(200);
    const refused = await c.login();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'too_many_concurrent_sessions', max_current_sessions: 2 });
    expect(typeof refused.body.message).toBe('string');
    expect((await a.post('/rest/logout')).status).toBe(200);
    expect((await a.get('/rest/users/me')).status).toBe(401);
    expect((await c.login()).status).toBe(200);
  });
});
