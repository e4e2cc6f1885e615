import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { PlentySandboxClient } from '../../src/sandbox/plenty/client.js';
import { PLANS, createPlentySandbox } from '../../src/sandbox/plenty/index.js';

// Manual clock: windows are reset by moving time, so nothing here depends on how fast requests run.
let now = Date.parse('2025-01-01T00:00:00Z');
const sandbox = createPlentySandbox({ plan: 'test', clock: () => now });
const plan = PLANS.test;
let server: ServedApp;
const client = () => new PlentySandboxClient(server.url);
let api: PlentySandboxClient;

const FAMILIES = ['X-Plenty-Global-Long-Period', 'X-Plenty-Global-Short-Period', 'X-Plenty-Route'];
const nextWindow = async () => {
  now += plan.shortWindowSeconds * 1000;
};

beforeAll(async () => {
  server = await serve(sandbox.app);
  api = client();
  await api.login();
});
afterAll(async () => {
  await server.close();
});

describe('PlentyONE sandbox throttling', () => {
  it('puts the three header families on every answer, including logins and 401s', async () => {
    await nextWindow();
    const answers = [await api.get('/rest/webstores'), await client().get('/rest/webstores'), await client().login()];
    for (const res of answers) {
      for (const f of FAMILIES) {
        for (const suffix of ['Limit', 'Decay', 'Calls-Left']) expect(res.headers.get(`${f}-${suffix}`), `${f}-${suffix}`).toMatch(/^\d+$/);
      }
    }
  });

  it('counts calls down and reports the plan limits for reads', async () => {
    await nextWindow();
    const first = await api.get('/rest/webstores');
    expect(first.headers.get('X-Plenty-Global-Short-Period-Limit')).toBe(String(plan.readsPerShort));
    expect(first.headers.get('X-Plenty-Global-Short-Period-Calls-Left')).toBe(String(plan.readsPerShort - 1));
    expect(first.headers.get('X-Plenty-Global-Short-Period-Decay')).toBe(String(plan.shortWindowSeconds));
    const second = await api.get('/rest/orders/referrers');
    expect(second.headers.get('X-Plenty-Global-Short-Period-Calls-Left')).toBe(String(plan.readsPerShort - 2));
    // Route budget is per route.
    expect(second.headers.get('X-Plenty-Route-Calls-Left')).toBe(String(plan.readsPerShort - 1));
  });

  it('answers 429 with Retry-After and Calls-Reset once the short window is used up, then recovers', async () => {
    await nextWindow();
    for (let i = 0; i < plan.readsPerShort; i++) expect((await api.get('/rest/webstores')).status).toBe(200);
    const refused = await api.get('/rest/webstores');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(refused.headers.get('X-Plenty-Global-Short-Period-Calls-Left')).toBe('0');
    expect(Number(refused.headers.get('X-Plenty-Global-Short-Period-Calls-Reset'))).toBeGreaterThan(now / 1000);
    // A refused call consumed nothing; writes have their own budget.
    const write = await api.post('/rest/accounts/contacts', { typeId: 1, referrerId: 1, firstName: 'Budget' });
    expect(write.status).toBe(200);
    expect(write.headers.get('X-Plenty-Global-Short-Period-Limit')).toBe(String(plan.writesPerShort));
    await nextWindow();
    expect((await api.get('/rest/webstores')).status).toBe(200);
  });

  it('counts reads and writes separately in GET /_sandbox/state, and the state is resettable', async () => {
    await fetch(`${server.url}/_sandbox/throttle`, { method: 'DELETE' });
    await nextWindow();
    await api.get('/rest/webstores');
    await api.get('/rest/webstores');
    await api.put('/rest/orders/999999', { statusId: 5 });
    const state = (await (await fetch(`${server.url}/_sandbox/state`)).json()) as any;
    expect(state.throttle.plan).toBe('test');
    expect(state.throttle.totals).toMatchObject({ reads: 2, writes: 1, refused: 0 });
    expect(state.throttle.short.sandbox.read.used).toBe(2);
    expect(state.throttle.short.sandbox.write.used).toBe(1);
    expect(state.throttle.long.read.used).toBe(2);
    expect(state.throttle.routes['sandbox GET /rest/webstores'].used).toBe(2);
  });

  it('enforces the per-system long period too', async () => {
    const tiny = createPlentySandbox({ plan: { base: 'test', readsPerLong: 3, readsPerShort: 100 }, clock: () => now });
    const s = await serve(tiny.app);
    try {
      const c = new PlentySandboxClient(s.url);
      await c.login();
      for (let i = 0; i < 3; i++) expect((await c.get('/rest/webstores')).status).toBe(200);
      const refused = await c.get('/rest/webstores');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('X-Plenty-Global-Long-Period-Calls-Reset')).toMatch(/^\d+$/);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(plan.shortWindowSeconds);
    } finally {
      await s.close();
    }
  });

  it('documents the four real plans', () => {
    expect(PLANS.basic).toMatchObject({ readsPerShort: 80, readsPerLong: 59_760, writesPerShort: 40, writesPerLong: 17_280, shortWindowSeconds: 60, longWindowSeconds: 86_400 });
    expect(PLANS.plus).toMatchObject({ readsPerShort: 280, writesPerShort: 120 });
  });
});
