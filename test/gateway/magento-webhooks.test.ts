import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';
import { magentoExampleText as example } from '../support/magento-references.js';
import { startHarness, waitFor, type Harness } from './support/harness.js';

const adobeKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ioKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: typeof adobeKeys) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const secretOld = `whsec_${randomBytes(24).toString('base64')}`;
const secretNew = `whsec_${randomBytes(24).toString('base64')}`;
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
const rsa = (body: string, key = adobeKeys.privateKey) => sign('sha256', Buffer.from(body), key).toString('base64');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      MAGENTO_WEBHOOK_PUBLIC_KEY: pem(adobeKeys),
      MAGENTO_IO_EVENTS_PUBLIC_KEY: pem(ioKeys),
      MAGENTO_WEBHOOK_SECRET: `${secretOld} ${secretNew}`,
      MAGENTO_WEBHOOK_BASIC_AUTH: 'magento:pa55word',
      MAGENTO_WEBHOOK_AUTH_HEADER: 'X-Shop-Token: tok-123',
      MAGENTO_WEBHOOK_EVENT_PATH: 'hook.name,event',
      MAGENTO_WEBHOOK_KEY_PATH: 'payload.order.number,payload.skus',
      PLENTYGATE_DEBOUNCE_MS: '60000',
    },
    // The relay runs: accepted rows are dispatched to the listener profile (jobs wait out the debounce).
  });
}, 180_000);
afterAll(async () => h?.close());

async function inboxRows() {
  return h.db.query<{ id: string; format: string; status: string; event: { entity: string; kind: string; keys: string[] } | null; dedupe_key: string; note: string | null }>(
    'select id, format, status, event, dedupe_key, note from webhook_inbox order by id',
  );
}
async function rowCount() {
  return (await inboxRows()).length;
}
async function jobsFor(entityKey: string) {
  return (await h.jobs()).filter((j) => JSON.stringify(j.data).includes(`"${entityKey}"`));
}
async function settled() {
  await waitFor(async () => (await h.db.query(`select 1 from webhook_inbox where status = 'pending'`)).length === 0, 'inbox dispatched');
}

describe('Adobe Commerce Webhooks', () => {
  const observer = example('webhook-observer-catalog_product_save_after.json');

  it('answers {"op":"success"} to a signed observer payload, stores it and queues one job for the product', async () => {
    const before = await rowCount();
    const res = await h.post('/webhooks/magento', observer, {
      'x-adobe-commerce-webhook-signature': rsa(observer),
      'x-adobe-commerce-request-id': 'req-1',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ op: 'success' });
    const rows = await inboxRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ format: 'adobe-commerce', event: { entity: 'product', kind: 'saved', keys: ['Pr-1'] } });
    await settled();
    expect(await jobsFor('Pr-1')).toHaveLength(1);
  });

  it('answers a replay (same request id) with success and creates neither a row nor a job', async () => {
    const before = await rowCount();
    const res = await h.post('/webhooks/magento', observer, {
      'x-adobe-commerce-webhook-signature': rsa(observer),
      'x-adobe-commerce-request-id': 'req-1',
    });
    expect(res.status).toBe(200);
    expect(await rowCount()).toBe(before);
    await settled();
    expect(await jobsFor('Pr-1')).toHaveLength(1);
  });

  it('refuses a forged or missing signature with a bare 401', async () => {
    const before = await rowCount();
    for (const headers of [
      { 'x-adobe-commerce-webhook-signature': rsa(observer, forger.privateKey) } as Record<string, string>,
      { 'x-adobe-commerce-webhook-signature': rsa(`${observer} `) },
      {},
    ]) {
      const res = await h.post('/webhooks/magento', observer, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Authentication failed.' });
    }
    expect(await rowCount()).toBe(before);
  });

  it('reads a plugin payload (order placement) named by the hook in the URL, or by its shape', async () => {
    const plugin = JSON.parse(example('webhook-plugin-order-place.json'));
    plugin.order.increment_id = '000000501';
    const body = JSON.stringify(plugin);
    const res = await h.post('/webhooks/magento?hook=plugin.magento.sales.api.order_management.place', body, {
      'x-adobe-commerce-webhook-signature': rsa(body),
    });
    expect(await res.json()).toEqual({ op: 'success' });
    expect((await inboxRows()).at(-1)).toMatchObject({ event: { entity: 'order', kind: 'placed', keys: ['000000501'] } });
    // Unsigned but with the shop's Basic credentials, and without a hook name: the shape says "order".
    const shaped = JSON.stringify({ order: { increment_id: '000000502' } });
    expect((await h.post('/webhooks/magento', shaped, { authorization: basic('magento:pa55word'), 'x-adobe-commerce-request-id': 'req-2' })).status).toBe(200);
    expect((await inboxRows()).at(-1)).toMatchObject({ format: 'adobe-commerce', event: { entity: 'order', kind: 'placed', keys: ['000000502'] } });
  });

  it('records an event it does not know as ignored, answers success, and queues nothing', async () => {
    const body = JSON.stringify({ eventName: 'cms_page_save_after', data: { page: { id: 3 } } });
    await settled();
    const jobsBefore = (await h.jobs()).length;
    const res = await h.post('/webhooks/magento', body, { 'x-adobe-commerce-webhook-signature': rsa(body) });
    expect(await res.json()).toEqual({ op: 'success' });
    expect((await inboxRows()).at(-1)).toMatchObject({ status: 'ignored', event: null, note: 'unknown event cms_page_save_after' });
    await settled();
    expect(await h.jobs()).toHaveLength(jobsBefore);
  });
});

describe('Adobe I/O Events', () => {
  const envelope = example('io-event-product-save.json');

  it('accepts a digitally signed envelope and reads data.value', async () => {
    const sig = sign('sha256', Buffer.from(envelope), ioKeys.privateKey).toString('base64');
    const res = await h.post('/webhooks/magento', envelope, { 'x-adobe-digital-signature-1': 'AAAA', 'x-adobe-digital-signature-2': sig });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    expect((await inboxRows()).at(-1)).toMatchObject({
      format: 'io-events', dedupe_key: 'io-event:23f76cef-9f14-44b1-bbd0-29995789c98e',
      event: { source: 'magento', entity: 'product', kind: 'saved', keys: ['eventtest1'] },
    });
  });

  it('answers a redelivery of the same event id with 200 and stores nothing new', async () => {
    const before = await rowCount();
    const res = await h.post('/webhooks/magento', envelope, { authorization: basic('magento:pa55word') });
    expect(await res.json()).toEqual({ status: 'duplicate' });
    expect(await rowCount()).toBe(before);
    await settled();
    expect(await jobsFor('eventtest1')).toHaveLength(1);
  });

  it('refuses forged digital signatures', async () => {
    const sig = sign('sha256', Buffer.from(envelope), forger.privateKey).toString('base64');
    expect((await h.post('/webhooks/magento', envelope, { 'x-adobe-digital-signature-1': sig })).status).toBe(401);
  });
});

describe('extension-style JSON', () => {
  it('takes the event name and key from the configured paths, with Basic auth', async () => {
    const body = { hook: { name: 'new_order' }, payload: { order: { number: 'EXT-1001', total: 5 } } };
    const res = await h.post('/webhooks/magento', body, { authorization: basic('magento:pa55word') });
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    expect((await inboxRows()).at(-1)).toMatchObject({ format: 'extension', event: { entity: 'order', kind: 'placed', keys: ['EXT-1001'] } });
  });

  it('reads one key per element of a list, and the event from ?event= with the shared header', async () => {
    const res = await h.post('/webhooks/magento?event=update_product', { payload: { skus: ['S-1', 'S-2'] } }, { 'x-shop-token': 'tok-123' });
    expect(res.status).toBe(200);
    expect((await inboxRows()).at(-1)).toMatchObject({ event: { entity: 'product', kind: 'saved', keys: ['S-1', 'S-2'] } });
    await settled();
    expect(await jobsFor('S-1')).toHaveLength(1);
    expect(await jobsFor('S-2')).toHaveLength(1);
  });

  it('treats the same body sent again as a duplicate', async () => {
    const body = { hook: { name: 'update_customer' }, customer: { entity_id: 77 } };
    const first = await h.post('/webhooks/magento', body, { authorization: basic('magento:pa55word') });
    expect(await first.json()).toMatchObject({ status: 'accepted' });
    const again = await h.post('/webhooks/magento', body, { authorization: basic('magento:pa55word') });
    expect(await again.json()).toEqual({ status: 'duplicate' });
  });

  it('refuses wrong credentials', async () => {
    const body = { hook: { name: 'new_order' }, payload: { order: { number: 'X' } } };
    expect((await h.post('/webhooks/magento', body, { authorization: basic('magento:wrong') })).status).toBe(401);
    expect((await h.post('/webhooks/magento', body, { 'x-shop-token': 'tok-124' })).status).toBe(401);
    expect((await h.post('/webhooks/magento', body)).status).toBe(401);
  });
});

describe('plentygate signed format (Standard Webhooks)', () => {
  const payload = (keys: string[], type = 'order.saved') => JSON.stringify({ type, timestamp: new Date().toISOString(), data: { keys, observer: 'sales_order_save_after' } });

  it('accepts a fresh message signed with either secret (rotation) and queues a job per key', async () => {
    const body = payload(['000000900', '000000901']);
    const res = await h.post('/webhooks/magento', body, signStandardWebhook(body, secretNew));
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    expect((await inboxRows()).at(-1)).toMatchObject({ format: 'standard-webhooks', event: { entity: 'order', kind: 'saved', keys: ['000000900', '000000901'] } });
    const body2 = payload(['000000902']);
    expect((await h.post('/webhooks/magento', body2, signStandardWebhook(body2, secretOld))).status).toBe(200);
    await settled();
    for (const k of ['000000900', '000000901', '000000902']) expect(await jobsFor(k)).toHaveLength(1);
  });

  it('answers a replayed message id with 200 and no second row', async () => {
    const body = payload(['000000910']);
    const headers = signStandardWebhook(body, secretNew, { id: `msg_${randomUUID()}` });
    expect(await (await h.post('/webhooks/magento', body, headers)).json()).toMatchObject({ status: 'accepted' });
    const before = await rowCount();
    expect(await (await h.post('/webhooks/magento', body, headers)).json()).toEqual({ status: 'duplicate' });
    expect(await rowCount()).toBe(before);
  });

  it('refuses stale, future, tampered and foreign-signed messages', async () => {
    const body = payload(['000000920']);
    const now = Math.floor(Date.now() / 1000);
    const before = await rowCount();
    const cases = [
      signStandardWebhook(body, secretNew, { timestampS: now - 360 }),
      signStandardWebhook(body, secretNew, { timestampS: now + 360 }),
      signStandardWebhook(`${body} `, secretNew),
      signStandardWebhook(body, `whsec_${randomBytes(24).toString('base64')}`),
    ];
    for (const headers of cases) expect((await h.post('/webhooks/magento', body, headers)).status).toBe(401);
    expect(await rowCount()).toBe(before);
  });

  it('collapses a burst of saves of one order into one job, and keeps different orders apart', async () => {
    await settled();
    const jobsBefore = (await h.jobs()).length;
    for (let i = 0; i < 5; i++) {
      const body = payload(['000000930']);
      expect((await h.post('/webhooks/magento', body, signStandardWebhook(body, secretNew))).status).toBe(200);
    }
    for (const k of ['000000931', '000000932']) {
      const body = payload([k]);
      await h.post('/webhooks/magento', body, signStandardWebhook(body, secretNew));
    }
    await settled();
    expect(await jobsFor('000000930')).toHaveLength(1);
    expect((await h.jobs()).length).toBe(jobsBefore + 3);
  });
});
