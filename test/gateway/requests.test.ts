import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway } from '../../src/gateway/serve.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { read, startHarness, type Harness } from './support/harness.js';

const basic = `Basic ${Buffer.from('m:p').toString('base64')}`;
let db: TestDatabase;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startHarness({ db, env: { MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_WEBHOOK_MAX_BODY: '2048' } });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await db?.destroy();
});

const count = async () => Number((await db.query<{ n: string }>('select count(*) as n from webhook_inbox'))[0]!.n);

describe('every webhook request', () => {
  it('refuses a body over the limit with 413', async () => {
    const res = await h.post('/webhooks/magento', { event: 'update_product', sku: 'x'.repeat(4000) }, { authorization: basic });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('counts a chunked body (no Content-Length) while reading it: 413 past the limit, stored below it', async () => {
    const chunked = await startHarness({ db, env: { MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_WEBHOOK_MAX_BODY: '2048' } });
    const post = (chunks: string[]) => new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request(`${chunked.url}/webhooks/magento`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: basic, 'transfer-encoding': 'chunked' },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
    try {
      const big = JSON.stringify({ event: 'update_product', sku: 'x'.repeat(4000) });
      expect(await post([big.slice(0, 1500), big.slice(1500, 3000), big.slice(3000)])).toEqual({ status: 413, connection: 'close' });
      const small = JSON.stringify({ event: 'update_product', sku: 'CHUNKED-1' });
      expect((await post([small.slice(0, 10), small.slice(10)])).status).toBe(200);
      const [row] = await db.query<{ body: string }>(`select body from webhook_inbox where body like '%CHUNKED-1%'`);
      expect(row?.body).toBe(small);
    } finally {
      await chunked.close();
    }
  });

  it('refuses a body that is not JSON by its content type with 415', async () => {
    const res = await h.post('/webhooks/magento', 'sku=1', { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await read(res)).detail).toMatch(/application\/json/);
  });

  it('answers malformed JSON with 400 and the parse error', async () => {
    const res = await h.post('/webhooks/magento', '{"event": "update_product",', { authorization: basic });
    expect(res.status).toBe(400);
    expect((await read(res)).detail).toMatch(/^Malformed JSON: .+/);
  });

  it('accepts an unknown event as ignored (200 for the sender); a refusal is logged at info, a stored webhook in the summary', async () => {
    const before = await count();
    const res = await h.post('/webhooks/magento', { event: 'newsletter_subscribed', id: 5 }, { authorization: basic });
    expect(res.status).toBe(200);
    expect(await read(res)).toMatchObject({ status: 'ignored' });
    expect(await count()).toBe(before + 1);
    expect(h.logs.some((l) => l.msg === 'webhook rejected' && l.reason === 'malformed-json' && l.status === 400)).toBe(true);
    // At info a stored webhook has no line of its own; the summary counts it (here: at shutdown).
    expect(h.logs.some((l) => l.msg === 'webhook received')).toBe(false);
    h.gateway.flushLog();
    const summary = h.logs.findLast((l) => l.msg === 'webhooks received');
    expect(summary).toMatchObject({ level: 30, by: { 'magento extension ignored': 1 } });
    expect(summary?.received).toBeGreaterThanOrEqual(1);
    expect(typeof summary?.slowestMs).toBe('number');
  });

  it('writes one structured debug line per stored webhook, and the summary once at shutdown', async () => {
    const debug = await startHarness({ db, logLevel: 'debug', env: { MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p' } });
    try {
      for (const id of [6, 7]) {
        expect((await debug.post('/webhooks/magento', { event: 'newsletter_subscribed', id }, { authorization: basic })).status).toBe(200);
      }
      const lines = debug.logs.filter((l) => l.msg === 'webhook received');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ level: 20, source: 'magento', format: 'extension', outcome: 'ignored', note: 'unknown event newsletter_subscribed' });
      expect(typeof lines[0]?.inboxId).toBe('number');
      expect(typeof lines[0]?.ms).toBe('number');
    } finally {
      await debug.close();
    }
    const summaries = debug.logs.filter((l) => l.msg === 'webhooks received');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ level: 30, received: 2, by: { 'magento extension ignored': 2 } });
  });

  it('limits the rate per source with 429 and Retry-After', async () => {
    const limited = await startHarness({ db, env: { MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p', PLENTYGATE_WEBHOOK_RATE_LIMIT: '1', PLENTYGATE_WEBHOOK_RATE_BURST: '1' } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await limited.post('/webhooks/magento', { event: 'update_product', sku: `rl-${i}` }, { authorization: basic });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses[0]).toBe(200);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      // The other source has its own budget.
      expect((await limited.post('/webhooks/plenty', {})).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('health, readiness and metrics', () => {
  it('/healthz and /readyz answer 200 while database and queue are reachable', async () => {
    expect(await read(await fetch(`${h.url}/healthz`))).toEqual({ status: 'ok' });
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await read(ready)).toEqual({ status: 'ready', database: 'ok', queue: 'ok' });
  });

  it('/metrics exposes webhooks by source and outcome or reason, inbox lag, and jobs by state', async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toContain('# TYPE plentygate_webhooks_received_total counter');
    expect(text).toMatch(/plentygate_webhooks_received_total\{source="magento",format="extension",outcome="ignored"\} 1/);
    expect(text).toMatch(/plentygate_webhooks_rejected_total\{source="magento",reason="body-too-large"\} 1/);
    expect(text).toMatch(/plentygate_webhooks_rejected_total\{source="magento",reason="content-type"\} 1/);
    expect(text).toMatch(/plentygate_inbox_lag_seconds \d/);
    expect(text).toMatch(/plentygate_jobs\{queue="profiles",state="dead"\} 0/);
    expect(text).toContain('plentygate_webhook_ingest_seconds_bucket{le="0.01",source="magento"}');
  });

  it('on shutdown: not ready, and webhooks are refused with 503 so the sender retries elsewhere', async () => {
    const other = await startHarness({ db, env: { MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p' } });
    try {
      other.gateway.stopAccepting();
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await read(ready)).toMatchObject({ shutdown: true });
      const res = await other.post('/webhooks/magento', { event: 'update_product', sku: 'late' }, { authorization: basic });
      expect(res.status).toBe(503);
    } finally {
      await other.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a webhook in flight, stores it, closes its connection after the answer, and stops accepting new connections', async () => {
    const g = await startHarness({ db, env: { MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p' } });
    const body = JSON.stringify({ event: 'update_product', sku: 'IN-FLIGHT' });
    const answer = new Promise<{ status: number; text: string; connection: string | undefined }>((resolve, reject) => {
      const req = request(`${g.url}/webhooks/magento`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic, 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }));
      });
      req.on('error', reject);
      // Half the body now; once the server has the request, begin shutdown, then send the rest. (Sent
      // through Node's global agent, which keeps connections alive: the shutdown must not wait for it
      // to let go of this one, so its forced close is set far beyond the test's timeout.)
      g.served.server.once('request', () => {
        void g.served.close(600_000);
        setImmediate(() => req.end(body.slice(10)));
      });
      req.write(body.slice(0, 10));
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ status: 'accepted' });
    expect(res.connection).toBe('close');
    await g.served.close();
    const rows = await db.query(`select 1 from webhook_inbox where body like '%IN-FLIGHT%'`);
    expect(rows).toHaveLength(1);
    await expect(fetch(`${g.url}/healthz`)).rejects.toThrow();
    await g.close();
  });

  it('closes a connection whose answer had begun before the shutdown once that answer is done, without waiting for its idle timeout', async () => {
    // An answer streamed in two parts, its head written before the shutdown and its end after: its
    // head said keep-alive, so only closing the connection once it is idle lets the shutdown finish.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    const streaming = await serveGateway({
      ...h.gateway,
      fetch: () => new Response(new ReadableStream({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('first '));
          await released;
          controller.enqueue(new TextEncoder().encode('last'));
          controller.close();
        },
      })),
    }, { relay: false });
    const agent = new Agent({ keepAlive: true });
    try {
      const answer = await new Promise<{ connection: string | undefined; text: string; closedBy: Promise<void> }>((resolve, reject) => {
        const req = request(`${streaming.url}/slow`, { agent }, (res) => {
          const closedBy = new Promise<void>((done) => res.socket.once('close', () => done()));
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c;
            if (text === 'first ') {
              // The head is out: shut down, with a forced close far beyond the test's timeout.
              void streaming.close(600_000);
              setTimeout(release, 50);
            }
          });
          res.on('end', () => resolve({ connection: res.headers.connection, text, closedBy }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.text).toBe('first last');
      expect(answer.connection).toBe('keep-alive');
      await answer.closedBy;
      await streaming.close();
    } finally {
      agent.destroy();
    }
  });
});
