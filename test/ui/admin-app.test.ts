import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createHistory } from '../../src/profiles/history.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { startProfileWorker } from '../../src/profiles/worker.js';
import { NonRetryableError } from '../../src/queue/errors.js';
import { waitFor, type Harness } from '../gateway/support/harness.js';
import { startQueueHarness } from '../gateway/support/queue-harness.js';

const token = 'tok-ui-0123456789';
let h: Harness;
beforeAll(async () => {
  // The dead letters and runs go through the queue: BullMQ when REDIS_URL is set, else the embedded queue.
  h = await startQueueHarness({ PLENTYGATE_API_TOKENS: token, MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_DEBOUNCE_MS: '0' });
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

/** A signed-in browser and the CSRF token of its session. */
async function signedIn() {
  const b = client();
  await b.post('/admin/sign-in', { token });
  const csrf = csrfOf(await (await b.request('/admin')).text())!;
  return { ...b, csrf, send: (path: string, fields: Record<string, string> = {}) => b.post(path, { _csrf: csrf, ...fields }) };
}

const noticeOf = async (b: ReturnType<typeof client>, path: string) => {
  const page = await (await b.request(path)).text();
  return /role="status">([^<]*)</.exec(page)?.[1] ?? '';
};

describe('admin app pages', () => {
  it('counts failed runs and failed records of the last 24 hours on the dashboard', async () => {
    const b = await signedIn();
    const history = createHistory(h.db.db);
    const run = await history.start(h.listenerId, 'cron', { mode: 'delta' });
    await history.saveBatch(run.id, { processed: 5, created: 1, updated: 0, skipped: 0, failed: 4 }, null, [
      { level: 'error', recordKey: 'SKU-9', message: 'variation not found' },
    ]);
    await history.finish(run.id, 'failed', 'PlentyONE answered 500');
    const row = /<tr data-profile="test_listener">[\s\S]*?<\/tr>/.exec(await (await b.request('/admin')).text())![0];
    expect(row).toContain(`href="/admin/runs/${run.id}"`);
    expect(row).toContain('1 runs · 4 records');
    const page = await (await b.request(`/admin/runs/${run.id}`)).text();
    expect(page).toContain('PlentyONE answered 500');
    expect(page).toContain('variation not found');
    expect(page).toContain(`plentygate profile:resume --run ${run.id} --queue`);
    expect(page).toContain(`--ids SKU-9`);
  });


  it('saves schedules and shows their next runs in the schedule\'s time zone; a bad cron is shown, not stored', async () => {
    const b = await signedIn();
    const at = `/admin/profiles/${h.listenerId}`;
    const before = (await h.profiles.get(h.listenerId)).schedules;
    const bad = await b.send(`${at}/schedules`, { count: '1', 's0.cron': 'every day', 's0.timezone': 'UTC', 's0.mode': 'delta', 's0.enabled': 'true' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/role="alert">[^<]*cron/);
    expect((await h.profiles.get(h.listenerId)).schedules).toEqual(before);
    const ok = await b.send(`${at}/schedules`, { count: '1', 's0.cron': '0 4 * * *', 's0.timezone': 'Europe/Berlin', 's0.mode': 'full', 's0.enabled': 'true' });
    expect(ok.status).toBe(303);
    expect((await h.profiles.get(h.listenerId)).schedules).toEqual([expect.objectContaining({ cron: '0 4 * * *', timezone: 'Europe/Berlin', mode: 'full' })]);
    const page = await (await b.request(at)).text();
    const nextRuns = /data-table="next-runs"[\s\S]*?<\/table>/.exec(page)![0];
    expect(nextRuns.match(/04:00 Europe\/Berlin/g)).toHaveLength(3);
    // The dashboard names the next run (the profile is active).
    expect(await (await b.request('/admin')).text()).toMatch(/data-profile="test_listener"[\s\S]*?<time datetime="[^"]+T0[23]:00:00.000Z">/);
    await b.send(`${at}/schedules`, { count: '2', 's0.cron': '0 4 * * *', 's0.timezone': 'Europe/Berlin', 's0.remove': 'true' });
    expect((await h.profiles.get(h.listenerId)).schedules).toEqual([]);
  });

  it('runs a profile: the queued job leads to its run page with counts and the command that reruns it', async () => {
    const b = await signedIn();
    const worker = startProfileWorker({ db: h.db.db, queue: h.queue, registry: h.profiles.registry, log: pino({ level: 'silent' }) });
    try {
      const queued = await b.send(`/admin/profiles/${h.listenerId}/run`, { mode: 'ids', ids: 'UI-1, UI-2\nUI-3' });
      expect(queued.status).toBe(303);
      const jobPath = queued.headers.get('location')!;
      expect(jobPath).toMatch(/^\/admin\/jobs\//);
      const runPath = await waitFor(async () => (await b.request(jobPath)).headers.get('location'), 'the run of the job');
      const runId = Number(runPath.split('/').at(-1));
      await waitFor(async () => (await h.profiles.run(runId)).status === 'completed', 'a completed run');
      const page = await (await b.request(runPath)).text();
      expect(page).toContain('data-run-final');
      expect(page).toMatch(/data-count="processed">3</);
      expect(page).toContain(`plentygate profile:run --id ${h.listenerId} --queue --ids UI-1,UI-2,UI-3`);
      const progress = await (await b.request(`${runPath}/progress`, { headers: { accept: 'application/json' } })).json();
      expect(progress).toMatchObject({ status: 'completed', processed: 3, created: 3, failed: 0 });
      const list = await (await b.request(`/admin/runs?profile=${h.listenerId}&status=completed&trigger=manual`)).text();
      expect(list).toContain(`data-run="${runId}"`);
      expect(await (await b.request('/admin/runs?status=failed')).text()).not.toContain(`data-run="${runId}"`);
      // A finished run can be neither paused nor resumed; the page says why.
      await b.send(`${runPath}/resume`);
      expect(await noticeOf(b, runPath)).toContain('only a paused or failed run can be resumed');
    } finally {
      await worker.close();
    }
  });

  it('exports a config and imports it back, refusing a document that is not valid', async () => {
    const b = await signedIn();
    const exported = await b.request(`/admin/profiles/${h.listenerId}/export`);
    expect(exported.headers.get('content-disposition')).toContain('test_listener.json');
    const doc = (await exported.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ typeId: 'test_listener', config: {} });
    const ok = await b.send('/admin/profiles/import', { document: JSON.stringify({ ...doc, name: 'Listener renamed' }) });
    expect(ok.headers.get('location')).toBe(`/admin/profiles/${h.listenerId}`);
    expect((await h.profiles.get(h.listenerId)).name).toBe('Listener renamed');
    const bad = await b.send('/admin/profiles/import', { document: '{"typeId": "test_listener", "config": {"nope": 1}}' });
    expect(await noticeOf(b, bad.headers.get('location')!)).toContain('nope');
    const notJson = await b.send('/admin/profiles/import', { document: '{' });
    expect(await noticeOf(b, notJson.headers.get('location')!)).toContain('not JSON');
  });

  it('finds a webhook in the inbox by entity and key, shows its body, and replays it', async () => {
    const b = await signedIn();
    const post = await h.post('/webhooks/magento', { event: 'update_product', sku: 'INBOX-UI-7' }, { authorization: `Basic ${Buffer.from('m:p').toString('base64')}` });
    const { id } = (await post.json()) as { id: number };
    await waitFor(async () => (await h.gateway.inbox.get(id))?.status === 'dispatched', 'a dispatched row');
    const found = await (await b.request('/admin/inbox?source=magento&entity=product&key=INBOX-UI-7')).text();
    expect(found).toContain(`data-inbox="${id}"`);
    expect(await (await b.request('/admin/inbox?entity=product&key=SOMETHING-ELSE')).text()).not.toContain(`data-inbox="${id}"`);
    const row = await (await b.request(`/admin/inbox/${id}`)).text();
    expect(row).toContain('INBOX-UI-7');
    expect(row).toContain('update_product');
    await b.send(`/admin/inbox/${id}/replay`);
    expect(await noticeOf(b, `/admin/inbox/${id}`)).toContain('pending again');
    await waitFor(async () => (await h.gateway.inbox.get(id))?.status === 'dispatched', 'dispatched again');
  });

  it('lists dead letters and replays those of a time range, one, or all', async () => {
    const b = await signedIn();
    const q = h.queue.queue(PROFILE_QUEUE);
    for (const id of ['ui-dead-1', 'ui-dead-2', 'ui-dead-3']) await q.add('run', { profileId: h.listenerId, marker: id }, { jobId: id, attempts: 1 });
    const worker = h.queue.worker(PROFILE_QUEUE, async (job) => {
      throw new NonRetryableError(`no mapping for ${(job.data as { marker: string }).marker}`);
    });
    try {
      await waitFor(async () => (await q.counts()).dead >= 3, 'three dead jobs');
    } finally {
      await worker.close();
    }
    const page = await (await b.request('/admin/dead-letters')).text();
    expect(page).toContain('no mapping for ui-dead-2');
    const failedAt = (await q.get('ui-dead-1'))!.finishedAt!;
    const local = (d: Date) => d.toISOString().slice(0, 16);
    // A range that ended before they failed replays none.
    await b.send('/admin/dead-letters/replay', { scope: 'range', from: local(new Date(failedAt.getTime() - 7_200_000)), to: local(new Date(failedAt.getTime() - 3_600_000)) });
    expect(await noticeOf(b, '/admin/dead-letters')).toContain('0 job(s)');
    await b.send('/admin/dead-letters/replay', { scope: 'one', id: `${PROFILE_QUEUE}/ui-dead-1` });
    expect(await noticeOf(b, '/admin/dead-letters')).toContain('ui-dead-1 is back in the queue');
    expect((await q.get('ui-dead-1'))!.state).not.toBe('dead');
    await b.send('/admin/dead-letters/replay', { scope: 'range', from: local(new Date(failedAt.getTime() - 60_000)), to: local(new Date(failedAt.getTime() + 120_000)) });
    expect(await noticeOf(b, '/admin/dead-letters')).toMatch(/^\d+ job\(s\) that failed between/);
    for (const id of ['ui-dead-2', 'ui-dead-3']) expect((await q.get(id))!.state).not.toBe('dead');
    await b.send('/admin/dead-letters/replay', { scope: 'range', from: 'yesterday', to: '' });
    expect(await noticeOf(b, '/admin/dead-letters')).toContain('Give both ends');
  });
});

describe('admin app links, tokens and roles', () => {
  it('maps and unmaps an entity link from the links page, written to the audit log', async () => {
    const b = client();
    await b.post('/admin/sign-in', { token });
    const csrf = csrfOf(await (await b.request('/admin/links?entity=item')).text())!;
    const mapped = await b.post('/admin/links/item/map', { _csrf: csrf, magento: 'SKU-UI-1', plenty: '4242' });
    expect(mapped.status).toBe(303);
    const found = await (await b.request('/admin/links?entity=item&magento=SKU-UI-1')).text();
    expect(found).toContain('data-link="SKU-UI-1"');
    expect(found).toContain('<code>4242</code>');
    expect((await b.post('/admin/links/item/map', { _csrf: csrf, magento: 'SKU-UI-2', plenty: 'x' })).headers.get('location')).toBe('/admin/links?entity=item');
    expect((await b.post('/admin/links/item/unmap', { _csrf: csrf, magento: 'SKU-UI-1' })).status).toBe(303);
    expect(await (await b.request('/admin/links?entity=item&magento=SKU-UI-1')).text()).toContain('No item links match');
    const audit = await (await b.request('/admin/audit?target=item%20link%20SKU-UI-1')).text();
    expect(audit).toContain('link.map');
    expect(audit).toContain('link.unmap');
  });

  it('creates a viewer token shown once; signed in with it, changes are left out and refused with the reason', async () => {
    const admin = client();
    await admin.post('/admin/sign-in', { token });
    const csrf = csrfOf(await (await admin.request('/admin/tokens')).text())!;
    const created = await (await admin.post('/admin/tokens', { _csrf: csrf, name: 'ui reader', role: 'viewer' })).text();
    const viewerToken = /<code data-token>([^<]+)<\/code>/.exec(created)?.[1];
    expect(viewerToken).toMatch(/^pgt_/);
    expect(await (await admin.request('/admin/tokens')).text()).not.toContain(viewerToken!);

    const viewer = client();
    expect((await viewer.post('/admin/sign-in', { token: viewerToken! })).status).toBe(303);
    const page = await (await viewer.request(`/admin/profiles/${h.listenerId}`)).text();
    expect(page).toContain('data-role="viewer"');
    expect(page).not.toContain(`action="/admin/profiles/${h.listenerId}/disable"`);
    expect(page).toContain('data-not-allowed');
    const refused = await viewer.post(`/admin/profiles/${h.listenerId}/disable`, { _csrf: csrfOf(page)! });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('This needs the admin role; you are signed in as a viewer');
    expect((await h.profiles.get(h.listenerId)).status).toBe('active');

    // Revoked: its session ends at once.
    const row = /action="\/admin\/tokens\/(\d+)\/revoke"/.exec(await (await admin.request('/admin/tokens')).text())![1];
    expect((await admin.post(`/admin/tokens/${row}/revoke`, { _csrf: csrf })).status).toBe(303);
    expect((await viewer.request('/admin')).status).toBe(303);
  });
});
