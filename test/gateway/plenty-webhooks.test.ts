import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './support/harness.js';

const signKey = 'plenty-sign-key-7f3a';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTY_WEBHOOK_DEFAULT_ENTITY: 'order', PLENTYGATE_DEBOUNCE_MS: '60000' } });
}, 180_000);
afterAll(async () => h?.close());

async function lastRow() {
  const rows = await h.db.query<{ id: string; body: string; status: string; format: string; event: unknown }>(
    'select id, body, status, format, event from webhook_inbox order by id desc limit 1',
  );
  return rows[0]!;
}
const count = async () => Number((await h.db.query<{ n: string }>('select count(*) as n from webhook_inbox'))[0]!.n);
const settled = () => waitFor(async () => (await h.db.query(`select 1 from webhook_inbox where status = 'pending'`)).length === 0, 'inbox dispatched');

describe('PlentyONE webhook subscriptions', () => {
  it('accepts a callback carrying the sign key in its body, stores the body without the key, and queues the order', async () => {
    const res = await h.post('/webhooks/plenty', { event: 'OrderCreated', signKey, data: { orderId: 4711 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    const row = await lastRow();
    expect(row.event).toEqual({ source: 'plenty', entity: 'order', kind: 'created', keys: ['4711'] });
    expect(row.body).not.toContain(signKey);
    expect(JSON.parse(row.body).signKey).toBe('[redacted]');
    await settled();
    const jobs = (await h.jobs()).filter((j) => JSON.stringify(j.data).includes('"4711"'));
    expect(jobs).toHaveLength(1);
  });

  it('finds the key in a header, a bearer token, the query, or as an HMAC of the body', async () => {
    const body = JSON.stringify({ type: 'item.updated', itemId: [101, 102] });
    expect((await h.post('/webhooks/plenty', body, { 'x-plenty-sign-key': signKey })).status).toBe(200);
    expect((await lastRow()).event).toEqual({ source: 'plenty', entity: 'item', kind: 'updated', keys: ['101', '102'] });
    expect((await h.post('/webhooks/plenty', { type: 'contact.created', contactId: 9 }, { authorization: `Bearer ${signKey}` })).status).toBe(200);
    expect((await lastRow()).event).toMatchObject({ entity: 'contact', keys: ['9'] });
    expect((await h.post(`/webhooks/plenty?signKey=${signKey}`, { event: 'category_changed', categoryId: 12 })).status).toBe(200);
    expect((await lastRow()).event).toMatchObject({ entity: 'category', keys: ['12'] });
    const signed = JSON.stringify({ event: 'stock.changed', variationId: 555 });
    const mac = createHmac('sha256', signKey).update(signed).digest('hex');
    expect((await h.post('/webhooks/plenty', signed, { 'x-plenty-signature': mac })).status).toBe(200);
    expect((await lastRow()).event).toMatchObject({ entity: 'stock', keys: ['555'] });
  });

  it('turns an authentic callback of unknown shape into a delta sync of the configured entity', async () => {
    const res = await h.post('/webhooks/plenty', { something: { we: 'do not know' }, signKey });
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    expect((await lastRow()).event).toEqual({ source: 'plenty', entity: 'order', kind: 'changed', keys: [] });
    await settled();
    expect((await h.jobs()).some((j) => (j.data as { input?: { mode?: string } }).input?.mode === 'delta')).toBe(true);
  });

  it('takes the entity from the endpoint for simple callbacks of other automations, even without a body', async () => {
    const res = await fetch(`${h.url}/webhooks/plenty/stock?key=${signKey}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await lastRow()).event).toEqual({ source: 'plenty', entity: 'stock', kind: 'changed', keys: [] });
    expect((await h.post('/webhooks/plenty/variation', { id: 31, signKey })).status).toBe(200);
    expect((await lastRow()).event).toMatchObject({ entity: 'variation', keys: ['31'] });
    // A generic `ids` list counts once the entity is named, as the sandbox's callbacks send them.
    expect((await h.post('/webhooks/plenty', { event: 'order.status_changed', entity: 'order', ids: [17, 18], signKey })).status).toBe(200);
    expect((await lastRow()).event).toMatchObject({ entity: 'order', keys: ['17', '18'] });
    const unknown = await h.post('/webhooks/plenty/invoices', { signKey });
    expect(unknown.status).toBe(404);
  });

  it('answers a duplicate delivery with 200 and no new row', async () => {
    const body = { event: 'OrderStatusChanged', orderId: 8001, eventId: 'evt-8001', signKey };
    expect(await (await h.post('/webhooks/plenty', body)).json()).toMatchObject({ status: 'accepted' });
    const before = await count();
    expect(await (await h.post('/webhooks/plenty', body)).json()).toEqual({ status: 'duplicate' });
    expect(await count()).toBe(before);
  });

  it('refuses a wrong or missing key with a bare 401 and stores nothing', async () => {
    const before = await count();
    for (const [body, headers] of [
      [{ event: 'OrderCreated', orderId: 1, signKey: 'guess' }, {}],
      [{ event: 'OrderCreated', orderId: 1 }, {}],
      [{ event: 'OrderCreated', orderId: 1 }, { 'x-plenty-signature': 'deadbeef' }],
    ] as const) {
      const res = await h.post('/webhooks/plenty', body, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Authentication failed.' });
    }
    expect(await count()).toBe(before);
  });
});
