import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, loadGatewaySettings, serveGateway, type ServedGateway } from '../../src/gateway/index.js';
import { createQueueBackend, type QueueBackend } from '../../src/queue/index.js';
import { engine } from '../support/db.js';
import { startOrderExportHarness, type OrderExportHarness } from '../profiles/order-export-harness.js';

/** Roles, the audit log, tokens and credentials through the admin API of a gateway wired to both sandboxes. */
const tokens = { admin: `adm_${randomBytes(24).toString('hex')}`, operator: `op_${randomBytes(24).toString('hex')}`, viewer: `view_${randomBytes(24).toString('hex')}` };

describe(`admin API roles, audit log, tokens and credentials on ${engine}`, () => {
  let h: OrderExportHarness;
  let queue: QueueBackend;
  let served: ServedGateway;
  beforeAll(async () => {
    h = await startOrderExportHarness();
    queue = await createQueueBackend({ db: h.db, pollIntervalMs: 50 });
    const settings = loadGatewaySettings({
      PLENTYGATE_API_TOKENS: `admin:${tokens.admin}, operator:${tokens.operator},viewer:${tokens.viewer}`, PLENTYGATE_WEBHOOK_RATE_LIMIT: '0',
    });
    const gateway = createGateway({
      db: h.db, queue, settings, logger: pino({ level: 'silent' }),
      services: { profiles: h.service, connectors: h.connectors, credentials: () => h.credentials },
    });
    served = await serveGateway(gateway, { relay: false });
  }, 120_000);
  afterAll(async () => {
    await served?.close(1000);
    await queue?.close();
    await h?.close();
  });

  const api = async (as: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${served.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('lets each role do what it may and refuses the rest with 403 naming the role needed', async () => {
    const id = h.profile.id;
    expect((await api(tokens.viewer, 'GET', `/profiles/${id}`)).status).toBe(200);
    const me = await api(tokens.viewer, 'GET', '/me');
    expect(me.body).toMatchObject({ role: 'viewer', name: expect.stringMatching(/^env token [0-9a-f]{8}$/) });

    const viewerRun = await api(tokens.viewer, 'POST', `/profiles/${id}/runs`, { mode: 'delta' });
    expect(viewerRun.status).toBe(403);
    expect(viewerRun.body.detail).toContain('needs the operator role');
    expect(viewerRun.body).toMatchObject({ role: 'viewer', needed: 'operator' });

    const operatorConfig = await api(tokens.operator, 'PUT', `/profiles/${id}/config`, { config: {} });
    expect(operatorConfig.status).toBe(403);
    expect(operatorConfig.body.detail).toContain('needs the admin role');
    // An operator may pause: the answer is about the run, not the role.
    expect((await api(tokens.operator, 'POST', '/runs/999999/pause')).status).toBe(404);
    expect((await api(tokens.operator, 'DELETE', '/tokens/1')).status).toBe(403);
  });

  it('writes config, schedule and status changes to the audit log with who made them', async () => {
    const id = h.profile.id;
    const current = (await api(tokens.admin, 'GET', `/profiles/${id}`)).body;
    const changed = await api(tokens.admin, 'PUT', `/profiles/${id}/config`, { config: { ...current.config, batchSize: 7 } });
    expect(changed.status).toBe(200);
    expect((await api(tokens.admin, 'PUT', `/profiles/${id}/schedules`, [{ cron: '0 3 * * *', timezone: 'Europe/Berlin', mode: 'full' }])).status).toBe(200);

    const log = await api(tokens.viewer, 'GET', `/audit?target=${encodeURIComponent(`profile ${id} `)}`);
    expect(log.status).toBe(200);
    const admin = (await api(tokens.admin, 'GET', '/me')).body.name;
    const config = log.body.find((e: { action: string }) => e.action === 'profile.config');
    expect(config).toMatchObject({ actor: admin, role: 'admin', via: 'api', target: `profile ${id} (${current.name})` });
    expect(config.changes).toContainEqual({ path: 'config.batchSize', ...(current.config.batchSize === undefined ? {} : { from: current.config.batchSize }), to: 7 });
    const schedules = log.body.find((e: { action: string }) => e.action === 'profile.schedules');
    expect(JSON.stringify(schedules.changes)).toContain('0 3 * * *');
  });

  it('stores, tests and deletes credentials without ever showing or logging a secret', async () => {
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const set = await api(tokens.admin, 'PUT', '/credentials/plenty2', { kind: 'plenty', baseUrl: h.sandboxes.plenty.url, username: 'sandbox', password: wrong });
    expect(set.status).toBe(200);
    expect(JSON.stringify(set.body)).not.toContain(wrong);
    const failed = await api(tokens.operator, 'POST', '/credentials/plenty2/test');
    expect(failed.body).toMatchObject({ ok: false, message: expect.stringContaining('refused the login') });

    expect((await api(tokens.admin, 'PUT', '/credentials/plenty2', { kind: 'plenty', baseUrl: h.sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' })).status).toBe(200);
    const passed = await api(tokens.operator, 'POST', '/credentials/plenty2/test');
    expect(passed.body).toMatchObject({ ok: true, message: expect.stringContaining('accepted the login') });
    expect((await api(tokens.operator, 'POST', '/credentials/nothing/test')).body).toMatchObject({ ok: false, message: expect.stringContaining('No credential named "nothing"') });
    expect((await api(tokens.operator, 'PUT', '/credentials/plenty2', { kind: 'plenty' })).status).toBe(403);

    const listed = await api(tokens.viewer, 'GET', '/credentials');
    expect(listed.body.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['plenty', 'magento', 'plenty2']));
    for (const c of listed.body) expect(Object.keys(c).sort()).toEqual(['baseUrl', 'identity', 'kind', 'name', 'updatedAt']);

    expect((await api(tokens.admin, 'DELETE', '/credentials/plenty2')).body).toEqual({ removed: true });
    const log = await api(tokens.viewer, 'GET', '/audit?target=credential%20plenty2');
    expect(log.body.map((e: { action: string }) => e.action)).toEqual(['credential.delete', 'credential.set', 'credential.set']);
    expect(log.body[1].changes).toEqual([{ path: 'secret', from: '[secret]', to: '[secret]' }]);
    expect(JSON.stringify(log.body)).not.toContain(wrong);
  });

  it('creates a token with a role, shown once and stored as a hash, and revokes it', async () => {
    const created = await api(tokens.admin, 'POST', '/tokens', { name: 'night shift', role: 'operator' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'night shift', role: 'operator', token: expect.stringMatching(/^pgt_/) });
    const stored = await h.db.query<{ token_hash: string }>('select token_hash from api_tokens where name = $1', ['night shift']);
    expect(stored[0]!.token_hash).not.toContain(created.body.token);
    expect((await api(created.body.token, 'GET', '/me')).body).toEqual(expect.objectContaining({ name: 'night shift', role: 'operator' }));
    expect((await api(tokens.viewer, 'GET', '/tokens')).body.map((t: { name: string }) => t.name)).toContain('night shift');
    expect(JSON.stringify((await api(tokens.viewer, 'GET', '/tokens')).body)).not.toContain(created.body.token);
    expect((await api(tokens.admin, 'DELETE', `/tokens/${created.body.id}`)).status).toBe(200);
    expect((await api(created.body.token, 'GET', '/me')).status).toBe(401);
    const log = await api(tokens.viewer, 'GET', '/audit?target=token%20night');
    expect(log.body.map((e: { action: string }) => e.action)).toEqual(['token.revoke', 'token.create']);
  });

  it('refuses a PLENTYGATE_API_TOKENS prefix that is not a role', () => {
    expect(() => loadGatewaySettings({ PLENTYGATE_API_TOKENS: 'root:abc' })).toThrow(/"root:" is not a role/);
  });
});
