import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../gateway/support/harness.js';

const token = 'tok-ui-0123456789';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { PLENTYGATE_API_TOKENS: token } });
}, 180_000);
afterAll(async () => {
  await h?.close();
});

/** A browser-like client: keeps cookies, never follows redirects by itself. */
function client() {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${h.url}${path}`, {
      ...init, redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...init.headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, v] = pair!.split('=');
      if (/max-age=0/i.test(line)) jar.delete(k!);
      else jar.set(k!, v!);
    }
    return res;
  };
  const post = (path: string, fields: Record<string, string>) => request(path, {
    method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { jar, request, post };
}

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1];

describe('admin app sessions', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    const res = await client().request('/admin/runs?status=failed');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Fruns%3Fstatus%3Dfailed');
  });

  it('refuses a wrong token and signs in with a right one (HttpOnly, SameSite=Strict cookie)', async () => {
    const b = client();
    const wrong = await b.post('/admin/sign-in', { token: 'tok-ui-nope' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('not one of the admin API tokens');
    expect(b.jar.size).toBe(0);
    const ok = await b.post('/admin/sign-in', { token, next: '/admin/runs' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/runs');
    const cookie = ok.headers.getSetCookie().find((l) => l.startsWith('plentygate_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const dash = await b.request('/admin');
    expect(dash.status).toBe(200);
    expect(await dash.text()).toContain('data-profile="test_listener"');
  });

  it('never redirects off the app after sign-in', async () => {
    const ok = await client().post('/admin/sign-in', { token, next: '//evil.example/admin' });
    expect(ok.headers.get('location')).toBe('/admin');
  });

  it('refuses a form without the session\'s CSRF token, and one from another site', async () => {
    const b = client();
    await b.post('/admin/sign-in', { token });
    const page = await (await b.request(`/admin/profiles/${h.listenerId}`)).text();
    const csrf = csrfOf(page)!;
    expect(csrf).toBeTruthy();
    expect((await b.post(`/admin/profiles/${h.listenerId}/disable`, {})).status).toBe(400);
    expect((await b.post(`/admin/profiles/${h.listenerId}/disable`, { _csrf: 'forged' })).status).toBe(400);
    // Another session's token does not fit this session.
    const other = client();
    await other.post('/admin/sign-in', { token });
    const otherCsrf = csrfOf(await (await other.request('/admin')).text())!;
    expect((await b.post(`/admin/profiles/${h.listenerId}/disable`, { _csrf: otherCsrf })).status).toBe(400);
    const cross = await b.request(`/admin/profiles/${h.listenerId}/disable`, {
      method: 'POST', body: `_csrf=${encodeURIComponent(csrf)}`, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect((await h.profiles.get(h.listenerId)).status).toBe('active');
    const done = await b.post(`/admin/profiles/${h.listenerId}/disable`, { _csrf: csrf });
    expect(done.status).toBe(303);
    expect((await h.profiles.get(h.listenerId)).status).toBe('disabled');
    await b.post(`/admin/profiles/${h.listenerId}/enable`, { _csrf: csrf });
    expect((await h.profiles.get(h.listenerId)).status).toBe('active');
  });

  it('signs out: the cookie is gone and the app asks for the token again', async () => {
    const b = client();
    await b.post('/admin/sign-in', { token });
    const csrf = csrfOf(await (await b.request('/admin')).text())!;
    const out = await b.post('/admin/sign-out', { _csrf: csrf });
    expect(out.headers.get('location')).toBe('/admin/sign-in');
    expect(b.jar.has('plentygate_session')).toBe(false);
    expect((await b.request('/admin')).status).toBe(303);
  });

  it('ignores a tampered session cookie', async () => {
    const b = client();
    await b.post('/admin/sign-in', { token });
    const value = decodeURIComponent(b.jar.get('plentygate_session')!);
    const [payload, signature] = [value.slice(0, value.lastIndexOf('.')), value.slice(value.lastIndexOf('.') + 1)];
    const [id, , fp] = payload.split('.');
    b.jar.set('plentygate_session', encodeURIComponent(`${id}.9999999999.${fp}.${signature}`));
    expect((await b.request('/admin')).status).toBe(303);
  });
});
