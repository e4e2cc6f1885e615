/** The clients' HTTP exchange (connectors/http.ts): what fetch did, kept: deadline, redirects, credentials on redirect, aborts. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getEventListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, HttpFailure } from '../../src/connectors/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
async function serve(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let main: { server: Server; url: string };
let other: { server: Server; url: string };
const seen: { path: string; authorization: string | undefined; method: string }[] = [];
beforeAll(async () => {
  other = await serve((req, res) => {
    seen.push({ path: `other${req.url}`, authorization: req.headers.authorization, method: req.method! });
    res.end('{"where":"other"}');
  });
  main = await serve((req, res) => {
    seen.push({ path: req.url!, authorization: req.headers.authorization, method: req.method! });
    if (req.url === '/same') return void res.writeHead(302, { location: '/target' }).end();
    if (req.url === '/away') return void res.writeHead(307, { location: `${other.url}/target` }).end();
    if (req.url === '/gzip') {
      seen.push({ path: `accept-encoding ${req.headers['accept-encoding']}`, authorization: undefined, method: req.method! });
      return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"packed":"gzip"}'));
    }
    if (req.url === '/deflate') return void res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync('{"packed":"raw deflate"}'));
    if (req.url === '/br-error') return void res.writeHead(422, { 'content-encoding': 'br' }).end(brotliCompressSync('{"error":{"message":"invalid"}}'));
    if (req.url === '/stall') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      return; // headers sent, the body never ends
    }
    res.writeHead(200, { 'x-plenty-route-calls-left': '7', 'set-cookie': ['a=1', 'b=2'] }).end(`{"path":"${req.url}","body":${JSON.stringify(req.method)}}`);
  });
});
afterAll(() => {
  main.server.closeAllConnections();
  main.server.close();
  other.server.close();
});

const call = (path: string, over: Partial<Parameters<typeof exchange>[0]> = {}) =>
  exchange({ url: `${main.url}${path}`, method: 'GET', headers: { authorization: 'Bearer secret' }, timeoutMs: 2_000, ...over });

describe('HTTP exchange', () => {
  it('answers status, headers by lowercase name and the body', async () => {
    const answer = await call('/plain');
    expect(answer.status).toBe(200);
    expect(answer.header('x-plenty-route-calls-left')).toBe('7');
    expect(answer.header('set-cookie')).toBe('a=1');
    expect(answer.header('retry-after')).toBeUndefined();
    expect(JSON.parse(answer.text)).toEqual({ path: '/plain', body: 'GET' });
  });

  it('asks for compressed answers and decodes them, error answers too, as fetch did', async () => {
    seen.length = 0;
    expect(JSON.parse((await call('/gzip')).text)).toEqual({ packed: 'gzip' });
    expect(seen[1]!.path).toBe('accept-encoding gzip, deflate, br');
    expect(JSON.parse((await call('/deflate')).text)).toEqual({ packed: 'raw deflate' });
    const refused = await call('/br-error');
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.text)).toEqual({ error: { message: 'invalid' } });
  });

  it('follows a redirect on the same origin with the credentials, and to another origin without them', async () => {
    seen.length = 0;
    expect(JSON.parse((await call('/same')).text)).toMatchObject({ path: '/target' });
    expect(seen).toEqual([
      { path: '/same', authorization: 'Bearer secret', method: 'GET' },
      { path: '/target', authorization: 'Bearer secret', method: 'GET' },
    ]);
    seen.length = 0;
    expect(JSON.parse((await call('/away')).text)).toEqual({ where: 'other' });
    expect(seen).toEqual([
      { path: '/away', authorization: 'Bearer secret', method: 'GET' },
      { path: 'other/target', authorization: undefined, method: 'GET' },
    ]);
  });

  it('cuts off an answer whose body stalls after the headers: the deadline covers the whole exchange', async () => {
    const failure = await call('/stall', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpFailure);
    expect((failure as HttpFailure).timedOut).toBe(true);
  });

  it('passes the caller\'s abort on as its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('run paused');
    setTimeout(() => controller.abort(reason), 50);
    await expect(call('/stall', { signal: controller.signal })).rejects.toBe(reason);
    const aborted = AbortSignal.abort(reason);
    await expect(call('/plain', { signal: aborted })).rejects.toBe(reason);
  });

  it('ends every call in flight on a signal when it aborts, with one listener on the signal however many calls it saw', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    // A run's signal sees every call of the run: calls that ended leave nothing on it.
    for (let i = 0; i < 20; i++) await call('/plain', { signal });
    const reason = new Error('run cancelled');
    const stalled = [call('/stall', { signal }), call('/stall', { signal })];
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    controller.abort(reason);
    for (const c of stalled) await expect(c).rejects.toBe(reason);
  });

  it('says why a connection failed', async () => {
    const closed = await serve(() => undefined);
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const failure = await exchange({ url: `${url}/x`, method: 'GET', headers: {}, timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpFailure);
    expect((failure as HttpFailure).timedOut).toBe(false);
    expect((failure as Error).message).toBe('connection failed (ECONNREFUSED)');
  });
});
