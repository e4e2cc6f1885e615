import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/gateway/index.js';
import { KEEP_ALIVE_TIMEOUT_MS, serveGateway, type ServeOptions } from '../../src/gateway/serve.js';
import { loadGatewaySettings } from '../../src/gateway/settings.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { read, startHarness, type Harness } from './support/harness.js';

/** Authentication before work: what an unauthenticated or replaying caller can and cannot make the gateway do. */

const signKey = randomBytes(32).toString('base64url');
const basic = `Basic ${Buffer.from('m:p').toString('base64')}`;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
let db: TestDatabase;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startHarness({
    db,
    env: { PLENTY_WEBHOOK_SIGN_KEY: signKey, MAGENTO_WEBHOOK_PUBLIC_KEY: pem, MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_WEBHOOK_MAX_BODY: '4096' },
  });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await db?.destroy();
});

/** Sends raw bytes and collects what comes back until the server closes the connection. */
function rawExchange(url: string, parts: string[]): { socket: Socket; closed: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.on('data', (c: Buffer) => { received += c.toString('latin1'); });
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => {});
  for (const p of parts) socket.write(p);
  return { socket, closed };
}

/** POSTs a Magento webhook through `agent` and tells whether it went over a connection used before. */
function postOver(agent: Agent, url: string, sku: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ event: 'update_product', sku });
    const req = request(`${url}/webhooks/magento`, {
      method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: basic, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      // On 'close' the agent has taken the socket back, so a request sent next can reuse it.
      res.on('close', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A second gateway on the harness's database and queue, served with other connection limits. */
async function serveAnother(options: Omit<ServeOptions, 'relay'>) {
  const settings = loadGatewaySettings({ MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p' });
  const { pino } = await import('pino');
  const gateway = createGateway({ db, queue: h.queue, settings, logger: pino({ level: 'silent' }), services: { profiles: h.profiles } });
  return serveGateway(gateway, { ...options, relay: false });
}

const within = <T>(p: Promise<T>, ms: number, what: string) => Promise.race([
  p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)),
]);

describe('the rate limit', () => {
  it('counts authenticated senders only: unsigned traffic does not get a valid sender 429s', async () => {
    const limited = await startHarness({ db, env: { PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_WEBHOOK_RATE_LIMIT: '1', PLENTYGATE_WEBHOOK_RATE_BURST: '1' } });
    try {
      for (let i = 0; i < 5; i++) expect((await limited.post('/webhooks/plenty', { event: 'OrderCreated', orderId: i, signKey: 'guess' })).status).toBe(401);
      const valid = await limited.post('/webhooks/plenty', { event: 'OrderCreated', orderId: 1 }, { 'x-plenty-sign-key': signKey });
      expect(valid.status).toBe(200);
      // The sender's own excess is still limited.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.post('/webhooks/plenty', { event: 'OrderCreated', orderId: 10 + i }, { 'x-plenty-sign-key': signKey })).status);
      expect(statuses).toContain(429);
    } finally {
      await limited.close();
    }
  });
});

describe('/webhooks/plenty authenticates before it parses', () => {
  it('tells an unauthenticated caller only that authentication failed, never the parser error', async () => {
    for (const body of ['{"event": "OrderCreated",', '{"signKey": "guess", "orderId": [1,', 'not json']) {
      const res = await h.post('/webhooks/plenty', body);
      expect(res.status).toBe(401);
      expect(await read(res)).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Authentication failed.' });
    }
  });

  it('still tells an authenticated sender what is wrong with its JSON', async () => {
    const res = await h.post('/webhooks/plenty', '{"event": "OrderCreated",', { 'x-plenty-sign-key': signKey });
    expect(res.status).toBe(400);
    expect((await read(res)).detail).toMatch(/^Malformed JSON/);
  });

  it('finds the key inside a malformed body without parsing it, and then reports the JSON error', async () => {
    const res = await h.post('/webhooks/plenty', `{"signKey": "${signKey}", "orderId": [1,`);
    expect(res.status).toBe(400);
  });
});

describe('replays', () => {
  it('an Adobe Commerce delivery replayed with another request id is a duplicate (the signature covers the body, not the id)', async () => {
    const body = JSON.stringify({ eventName: 'observer.catalog_product_save_after', data: { value: { sku: 'REPLAY-1' } } });
    const signature = sign('sha256', Buffer.from(body), privateKey).toString('base64');
    const send = (requestId: string) => h.post('/webhooks/magento', body, { 'x-adobe-commerce-webhook-signature': signature, 'x-adobe-commerce-request-id': requestId });
    const first = await send('req-1');
    expect(first.status).toBe(200);
    const before = Number((await db.query<{ n: string }>('select count(*) as n from webhook_inbox'))[0]!.n);
    expect((await send('req-2')).status).toBe(200);
    expect((await send('req-3')).status).toBe(200);
    expect(Number((await db.query<{ n: string }>('select count(*) as n from webhook_inbox'))[0]!.n)).toBe(before);
  });

  it('a PlentyONE HMAC-signed delivery replayed with another event id header is a duplicate', async () => {
    const body = JSON.stringify({ event: 'OrderUpdated', orderId: 9911 });
    const mac = createHmac('sha256', signKey).update(body).digest('hex');
    const first = await read(await h.post('/webhooks/plenty', body, { 'x-plenty-signature': mac, 'x-plenty-event-id': 'evt-a' }));
    expect(first).toMatchObject({ status: 'accepted' });
    expect(await read(await h.post('/webhooks/plenty', body, { 'x-plenty-signature': mac, 'x-plenty-event-id': 'evt-b' }))).toEqual({ status: 'duplicate' });
  });
});

describe('connections', () => {
  it('answers 413 with Connection: close', async () => {
    const { closed } = rawExchange(h.url, [
      `POST /webhooks/magento HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${basic}\r\nContent-Length: 100000\r\n\r\n`,
      '{"event":"update_product","sku":"',
    ]);
    const answer = await within(closed, 15_000, 'close after the 413');
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('closes a connection whose headers or body do not arrive in time', async () => {
    const served = await serveAnother({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    try {
      const slowHeaders = rawExchange(served.url, ['POST /webhooks/magento HTTP/1.1\r\nHost: x\r\n']);
      expect(await within(slowHeaders.closed, 15_000, 'close of a connection stuck in its headers')).toMatch(/^(HTTP\/1\.1 408|$)/);
      const slowBody = rawExchange(served.url, [
        `POST /webhooks/magento HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${basic}\r\nContent-Length: 500\r\n\r\n{"event":`,
      ]);
      await within(slowBody.closed, 15_000, 'close of a connection stuck in its body');
    } finally {
      await served.close(1000);
    }
  });

  it('keeps an idle connection open longer than a proxy keeps its upstreams (60 s), so a reused one is not reset', async () => {
    // Node's own default (5 s) closed connections a sender was about to reuse; the webhook sent into
    // that close was reset unread.
    expect(h.served.server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await postOver(agent, h.url, 'idle-a')).toEqual({ status: 200, reused: false });
      await new Promise((r) => setTimeout(r, 5_500));
      expect(await postOver(agent, h.url, 'idle-b')).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('closes a connection idle for longer than its keep-alive timeout', async () => {
    const served = await serveAnother({ keepAliveTimeoutMs: 300 });
    try {
      const body = JSON.stringify({ event: 'update_product', sku: 'short' });
      const t0 = Date.now();
      const { closed } = rawExchange(served.url, [
        `POST /webhooks/magento HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${basic}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ]);
      const answer = await within(closed, 5_000, 'close of the idle connection');
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    } finally {
      await served.close(1000);
    }
  });
});
