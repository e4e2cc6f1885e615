import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';
import { read, startHarness, type Harness } from './support/harness.js';

/**
 * Served, a webhook is read from Node's request (its parsed headers, its body buffer) and routed by an
 * app of the webhook routes alone (`gateway.fetch`): the answers must be those of the whole app.
 */
const secret = `whsec_${Buffer.from('served-webhooks-test-secret-0123').toString('base64')}`;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ relay: false, env: { MAGENTO_WEBHOOK_SECRET: secret } });
}, 180_000);
afterAll(async () => {
  await h?.close();
});

/** POSTs `parts` as one body with its Content-Length, each part written 30 ms after the one before. */
function postInParts(path: string, parts: Buffer[], headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const length = parts.reduce((n, p) => n + p.length, 0);
    const req = request(`${h.url}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(length), ...headers },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    let i = 0;
    const next = () => {
      const part = parts[i++]!;
      if (i === parts.length) req.end(part);
      else req.write(part, () => setTimeout(next, 30));
    };
    next();
  });
}

const storedBody = async (id: number) =>
  (await h.db.query<{ body: string }>('select body from webhook_inbox where id = $1', [id]))[0]?.body;

describe('served webhooks', () => {
  it('store a signed body that arrives whole, byte for byte', async () => {
    const body = JSON.stringify({ type: 'product.saved', data: { keys: ['SKU-ÄÖÜ-1'] } });
    const res = await postInParts('/webhooks/magento', [Buffer.from(body)], signStandardWebhook(body, secret));
    expect(res.status).toBe(200);
    expect(await storedBody(JSON.parse(res.text).id)).toBe(body);
  });

  it('store a signed body whose Content-Length part arrives in pieces, split inside a UTF-8 character', async () => {
    const body = JSON.stringify({ type: 'product.saved', data: { keys: ['SKU-ÄÖÜ-2'] } });
    const bytes = Buffer.from(body);
    const cut = bytes.indexOf(Buffer.from('Ä')) + 1;
    const res = await postInParts('/webhooks/magento', [bytes.subarray(0, cut), bytes.subarray(cut)], signStandardWebhook(body, secret));
    expect(res.status).toBe(200);
    expect(await storedBody(JSON.parse(res.text).id)).toBe(body);
  });

  it('keep the request headers an inbox row keeps, as sent', async () => {
    const body = JSON.stringify({ type: 'product.saved', data: { keys: ['SKU-HEADERS'] } });
    const signed = signStandardWebhook(body, secret);
    const res = await h.post('/webhooks/magento', body, { ...signed, 'X-Request-Id': 'req-1' });
    expect(res.status).toBe(200);
    const [row] = await h.db.query<{ headers: Record<string, string> }>('select headers from webhook_inbox where id = $1', [(await read(res)).id]);
    expect(row!.headers).toMatchObject({ 'webhook-id': signed['webhook-id'], 'x-request-id': 'req-1', 'content-type': 'application/json' });
  });

  it('answer an unknown webhook path as the whole app does', async () => {
    const served = await fetch(`${h.url}/webhooks/nowhere`, { method: 'POST', body: '{}' });
    const app = await h.gateway.app.request('/webhooks/nowhere', { method: 'POST', body: '{}' });
    expect(served.status).toBe(404);
    expect(served.headers.get('content-type')).toBe(app.headers.get('content-type'));
    expect(await served.text()).toBe(await app.text());
  });
});
